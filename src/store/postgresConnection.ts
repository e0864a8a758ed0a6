import { PhasegateError, StoreError } from '../errors.ts';

/** Runs a driver call; phasegate's own errors pass through, driver and connection errors become a {@link StoreError}. */
export async function wrapDriverError<TResult>(where: string, run: () => Promise<TResult>): Promise<TResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PhasegateError) throw error;
    const code = (error as { code?: string }).code;
    const reach = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01';
    throw new StoreError(
      reach
        ? `Cannot reach ${where}: ${(error as Error).message}. Is the server running, and do the URL's database and user exist?`
        : `${where} failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Returns a store URL fit to print: a PostgreSQL URL with its password (in the user part, or a `password=` query
 * parameter) shown as `***`; anything else (a file path, `memory:`) as given.
 */
export function redact(url: string): string {
  if (!/^postgres(ql)?:/i.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/(\/\/[^/@]*?):[^@/]*@/, '$1:***@'); // not a URL the WHATWG parser takes: mask what looks like one
  }
  if (parsed.password === '' && !parsed.searchParams.has('password')) return url;
  if (parsed.password !== '') parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
}

/** True for an error that says the connection itself is gone (server shutdown or a terminated backend, SQLSTATE 57P01-57P03 and class 08), not the statement. */
export function connectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return /^57P0[123]$|^08/.test(code);
  return error instanceof Error && /Connection terminated/i.test(error.message);
}
