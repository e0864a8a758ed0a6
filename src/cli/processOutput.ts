import type { Writable } from 'node:stream';

/**
 * Standard output as a command writes it: a failure to write (the reader closed the pipe, EPIPE; a full disk,
 * ENOSPC) is kept rather than thrown or left as an unhandled 'error' event (a stack trace), and later writes are
 * dropped. `settle` tells, once the command has ended, whether everything it printed was written.
 */
export type GuardedOutput = {
  readonly write: (text: string) => boolean;
  readonly isTTY?: boolean;
  /** Waits until what was written is handed to the OS; returns the first failure (its code), or null. */
  readonly settle: () => Promise<string | null>;
};

/** Wraps a process stream (stdout) in a {@link GuardedOutput}. */
export function guardOutput(stream: Writable & { readonly isTTY?: boolean }): GuardedOutput {
  let failure: string | null = null;
  const fail = (error: unknown) => {
    failure ??= (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  };
  stream.on('error', fail);
  return {
    isTTY: stream.isTTY === true,
    write(text) {
      if (failure !== null || stream.destroyed) return false;
      try {
        return stream.write(text);
      } catch (error) {
        fail(error);
        return false;
      }
    },
    async settle() {
      if (failure === null && !stream.destroyed && stream.writableLength > 0) {
        await new Promise<void>((resolve) => {
          stream.write('', () => resolve());
          stream.once('error', () => resolve());
        });
      }
      // An error raised by the last write is emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      return failure;
    },
  };
}

/**
 * Returns the exit code once the output is settled. A command that changes a store (`record`, `import`,
 * `projections`) keeps its code, which tells what happened to the store; for any other command the output was its
 * result, so a failure to print it is exit 1. Either way the failure is one line on stderr, never a stack trace.
 */
export async function settleOutput(
  output: GuardedOutput,
  stderr: { write(text: string): unknown },
  command: string | undefined,
  code: number,
): Promise<number> {
  const failure = await output.settle();
  if (failure === null) return code;
  const writes = command === 'record' || command === 'import' || command === 'projections';
  const why = failure === 'EPIPE' ? 'EPIPE: the reader closed the pipe' : failure;
  const stored =
    writes && code === 0 ? '; the command itself succeeded and its changes are stored: do not run it again' : '';
  stderr.write(`phasegate: the output could not be printed (${why})${stored}\n`);
  return writes || code !== 0 ? code : 1;
}
