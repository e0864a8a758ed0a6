import { PhasegateError, StoreError } from '../errors.ts';

/** Runs a driver call; phasegate's own errors pass through, driver and connection errors become a {@link StoreError}. */
export async function guard<TResult>(where: string, run: () => Promise<TResult>): Promise<TResult> {
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

/** Returns the URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1:***@');
}
