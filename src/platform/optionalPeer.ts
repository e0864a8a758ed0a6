import { UsageError } from '../errors.ts';

/**
 * Imports a module that needs an optional peer dependency, turning "it is not installed" into a {@link UsageError}
 * that names the package to install.
 * @internal
 */
export async function withDriver<T>(driver: string, what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissingPackage(error, driver)) throw error;
    throw new UsageError(
      `${what} needs the ${driver} package, an optional peer dependency of phasegate that is not installed. ` +
        `Install it beside phasegate: npm install ${driver}`,
      { cause: error },
    );
  }
}

function isMissingPackage(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  return notFound && typeof message === 'string' && (message.includes(`'${name}'`) || message.includes(`"${name}"`));
}
