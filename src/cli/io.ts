import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseCheckpoint, type Checkpoint } from '../audit/checkpoint.ts';
import { parseKeyRegistry, type KeyRegistry } from '../audit/keys.ts';
import { exitCodeOf } from './exitCodes.ts';
import { cliHint } from './hints.ts';
import { guardOutput, type GuardedOutput } from './processOutput.ts';
import { PhasegateError, UsageError } from '../errors.ts';
import { showControls, showMessage } from '../controls.ts';

/** Where a command reads and writes: injected so tests can run commands in-process. */
export type CliIo = {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Reads all of standard input as UTF-8. */
  readonly readStdin: () => Promise<string>;
  /** Standard input as UTF-8 pieces, as they arrive (what `record` reads, so that it can stop early). */
  readonly readStdinPieces?: () => AsyncIterable<string>;
  /** The working directory a `phasegate.config` file is looked for from. @defaultValue `process.cwd()` */
  readonly cwd?: string;
  /**
   * Aborted when the user asks a long command to stop (Ctrl-C); `import` then stops after the batch it is appending.
   * @defaultValue the process's SIGINT, listened to only while such a command runs
   */
  readonly interrupt?: AbortSignal;
};

/**
 * Returns the signal that asks a long command to stop, and a function to stop listening: `io.interrupt` when given,
 * else the process's first SIGINT (a second Ctrl-C ends the process as usual).
 */
export function interruptSignal(io: CliIo): { readonly signal: AbortSignal; readonly release: () => void } {
  if (io.interrupt !== undefined) return { signal: io.interrupt, release: () => {} };
  const controller = new AbortController();
  const onSigint = () => {
    controller.abort();
    process.removeListener('SIGINT', onSigint);
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, release: () => void process.removeListener('SIGINT', onSigint) };
}

/** Returns the process's own streams as a {@link CliIo}. */
export function processIo(): CliIo & { readonly stdout: GuardedOutput } {
  return {
    stdout: guardOutput(process.stdout),
    stderr: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readStdinPieces: () => process.stdin.setEncoding('utf8'),
  };
}

/** Reads a named file, or standard input for `-` or no name. Throws a {@link UsageError} naming an unreadable file. */
export async function readInput(io: CliIo, file: string | undefined): Promise<string> {
  return file === undefined || file === '-' ? io.readStdin() : readText(file);
}

/** Returns the text of a file the command was pointed at. Throws a {@link UsageError} naming a file it cannot read. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { cause: error },
    );
  }
}

type Values = Record<string, string | boolean | undefined>;

/** Returns the key registry a `--keys FILE` option names, if any. */
export async function keysOption(values: Values): Promise<KeyRegistry | undefined> {
  return typeof values.keys === 'string' ? parseKeyRegistry(await readText(values.keys), values.keys) : undefined;
}

/** Returns the checkpoint a `--checkpoint FILE` option names, if any. */
export async function checkpointOption(values: Values): Promise<Checkpoint | undefined> {
  return typeof values.checkpoint === 'string'
    ? parseCheckpoint(await readText(values.checkpoint), values.checkpoint)
    : undefined;
}

/**
 * Writes `text` to the file `-o FILE` names (atomically, see {@link writeFileAtomically}), or to stdout when there
 * is none (or it is `-`). Returns the file written, or null for stdout.
 */
export async function writeOutput(
  io: CliIo,
  output: string | boolean | undefined,
  text: string,
): Promise<string | null> {
  if (typeof output !== 'string' || output === '-') {
    io.stdout.write(text);
    return null;
  }
  await writeFileAtomically(output, (write) => write(text));
  return output;
}

/**
 * Writes a file all or nothing: `fill` writes into a temporary file in the same directory, which is fsynced and then
 * renamed over `path`; if anything fails, the temporary file is removed and `path` is left as it was (never half
 * written, never clobbered). A symlink is followed: the file it points to is replaced, and the link stays a link.
 * A target that is not a regular file (a FIFO, a device) is written directly, as a shell redirection would, since
 * renaming over it would replace it. With `exclusive`, an existing `path` is never replaced (the write fails instead).
 */
export async function writeFileAtomically(
  path: string,
  fill: (write: (text: string) => void) => void | Promise<void>,
  options: { readonly mode?: number; readonly exclusive?: boolean } = {},
): Promise<void> {
  const target = options.exclusive ? { path, regular: true } : resolveTarget(path);
  if (!target.regular) return writeDirectly(path, target.path, fill);
  const temp = join(
    dirname(target.path),
    `.${basename(target.path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let fd: number | null;
  try {
    fd = openSync(temp, 'wx', options.mode ?? 0o666);
  } catch (error) {
    throw cannotWrite(path, error);
  }
  let placed = false;
  try {
    await fill((text) => void writeSync(fd!, text));
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    if (options.exclusive)
      linkSync(temp, target.path); // fails with EEXIST rather than replace
    else renameSync(temp, target.path);
    placed = true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof PhasegateError || code === undefined) throw error;
    throw new UsageError(`Cannot write "${path}": ${code}; it was left as it was`, { cause: error });
  } finally {
    if (fd !== null) closeSync(fd);
    if (!placed || options.exclusive) rmSync(temp, { force: true });
  }
}

/**
 * Returns the file a write to `path` lands in (symlinks followed, a dangling one to where it points) and whether it is
 * a regular file or not there yet (so it may be replaced by a rename), rather than a FIFO, device or directory.
 */
function resolveTarget(path: string): { readonly path: string; readonly regular: boolean } {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let stats;
    try {
      stats = lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: current, regular: true };
      throw cannotWrite(path, error);
    }
    if (!stats.isSymbolicLink()) return { path: current, regular: stats.isFile() };
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new UsageError(`Cannot write "${path}": too many symbolic links (ELOOP)`);
}

/** Writes into a target that is not a regular file (a FIFO, a device) in place: there is nothing to rename over it. */
async function writeDirectly(
  path: string,
  target: string,
  fill: (write: (text: string) => void) => void | Promise<void>,
): Promise<void> {
  let fd: number;
  try {
    fd = openSync(target, 'w');
  } catch (error) {
    throw cannotWrite(path, error);
  }
  try {
    await fill((text) => void writeSync(fd, text));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof PhasegateError || code === undefined) throw error;
    throw cannotWrite(path, error);
  } finally {
    closeSync(fd);
  }
}

function cannotWrite(path: string, error: unknown): UsageError {
  return new UsageError(
    `Cannot write "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    { cause: error },
  );
}

/** Writes one value as a line of JSON to stdout. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * Returns text safe for a terminal or a log, one line: control, bidi and separator characters (line breaks included)
 * become visible escapes. The one escaper ({@link showControls}), under the name the CLI has used.
 */
export const sanitize: (text: string) => string = showControls;

/** Reports an error on stderr (and as JSON on stdout with `--json`); returns the exit code it stands for. */
export function reportError(io: CliIo, error: unknown, json: boolean): number {
  if (error instanceof PhasegateError) {
    io.stderr.write(`phasegate: ${showMessage(error.message)}${cliHint(error)}\n`);
    if (json) {
      const detail = { code: error.code, message: error.message, ...errorData(error) };
      printJson(io, { error: detail });
    }
    return exitCodeOf(error);
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`phasegate: internal error: ${showMessage(message)}\n`);
  if (process.env.PHASEGATE_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  if (json) printJson(io, { error: { code: 'INTERNAL', message } });
  return 1;
}

function errorData(error: PhasegateError): Record<string, unknown> {
  const {
    name: _name,
    message: _message,
    stack: _stack,
    cause: _cause,
    ...rest
  } = error as unknown as Record<string, unknown>;
  return rest;
}
