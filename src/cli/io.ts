import { readFile } from 'node:fs/promises';
import { PhasegateError, UsageError } from '../errors.ts';

/** Where a command reads and writes: injected so tests can run commands in-process. */
export type CliIo = {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Reads all of standard input as UTF-8. */
  readonly readStdin: () => Promise<string>;
};

/** Returns the process's own streams as a {@link CliIo}. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Reads a named file, or standard input for `-` or no name. Throws a {@link UsageError} naming an unreadable file. */
export async function readInput(io: CliIo, file: string | undefined): Promise<string> {
  if (file === undefined || file === '-') return io.readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read "${file}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}

/** Writes one value as a line of JSON to stdout. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Returns text safe for a terminal or a log: control characters (but newlines) become visible escapes. */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Reports an error on stderr (and as JSON on stdout with `--json`); returns the exit code it stands for. */
export function reportError(io: CliIo, error: unknown, json: boolean): number {
  if (error instanceof PhasegateError) {
    io.stderr.write(`phasegate: ${sanitize(error.message)}\n`);
    if (json) {
      const detail = { code: error.code, message: error.message, ...errorData(error) };
      printJson(io, { error: detail });
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`phasegate: internal error: ${sanitize(message)}\n`);
  if (process.env.PHASEGATE_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  if (json) printJson(io, { error: { code: 'INTERNAL', message } });
  return 1;
}

function errorData(error: PhasegateError): Record<string, unknown> {
  const { name: _name, message: _message, stack: _stack, cause: _cause, ...rest } = error as unknown as Record<string, unknown>;
  return rest;
}
