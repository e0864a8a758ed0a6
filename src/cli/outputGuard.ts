import { realpathSync, statSync, type Stats } from 'node:fs';
import { UsageError } from '../errors.ts';

type Values = Record<string, string | boolean | undefined>;

/** The options whose values are files a command reads (a store, a key registry, a checkpoint, a private key). */
const inputOptions = ['store', 'keys', 'checkpoint', 'key', 'registry'] as const;

/**
 * Returns the files a command line reads, which its `-o` must not be: the first positional (the store or log every
 * command with `-o` reads) and the file options, with the files SQLite and a JSONL store keep beside them.
 */
export function inputFilesOf(positionals: readonly string[], values: Values): string[] {
  const named = [positionals[0], ...inputOptions.map((option) => values[option])].filter(
    (value): value is string => typeof value === 'string' && value !== '' && value !== '-',
  );
  return named.flatMap((file) => {
    const path = file.replace(/^sqlite:/, '');
    if (/\.(db|sqlite|sqlite3)$/i.test(path)) return [path, `${path}-wal`, `${path}-shm`, `${path}-journal`];
    if (/\.jsonl$/i.test(path)) return [path, `${path}.lock`];
    return [path];
  });
}

/**
 * Throws a {@link UsageError} (exit 1) when `output` is one of `inputs`: the same file by name, through a symbolic
 * link, or as a hard link (same device and inode). Called before anything is opened or written, so the store or log
 * being read is never replaced by what is read from it (README, "Command line").
 */
export function refuseOutputOntoInput(output: string | boolean | undefined, inputs: readonly string[]): void {
  if (typeof output !== 'string' || output === '' || output === '-') return;
  const target = identity(output);
  if (target === null) return; // nothing there yet: a new file cannot be an input
  for (const input of inputs) {
    const source = identity(input);
    if (source === null) continue;
    const sameFile = source.stats.dev === target.stats.dev && source.stats.ino === target.stats.ino;
    if (sameFile || source.real === target.real) {
      throw new UsageError(
        `-o ${output} is ${output === input ? '' : `${input}, `}a file this command reads; writing it would ` +
          'replace what is being read. Write to another file. Nothing was written.',
      );
    }
  }
}

/** Returns a file's device and inode (symlinks followed) and its real path, or null when there is nothing there. */
function identity(path: string): { readonly stats: Stats; readonly real: string } | null {
  try {
    return { stats: statSync(path), real: realpathSync(path) };
  } catch {
    return null;
  }
}
