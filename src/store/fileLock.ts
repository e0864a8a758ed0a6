import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '../errors.ts';

/** A held lock file. */
export type FileLock = {
  /** Replaces the note kept in the lock file (what the holder is about to do), for whoever breaks a stale lock. */
  note(text: string): void;
  /** Deletes the lock file if it is still ours. */
  release(): void;
  /** The note left in the stale lock this acquisition broke (its holder died mid-way), or null. */
  readonly staleNote: string | null;
};

/** How long a lock file may stay empty (its creator died before writing its pid) before it counts as stale. */
const emptyLockGraceMs = 2000;

/**
 * Returns a lock held by creating `lockPath` with O_EXCL; its first line is `<pid> <token>`. A lock whose process
 * is gone is stale and taken over (atomically: renamed away, checked, restored if it turned out to be live).
 * Waits up to `timeoutMs`, polling, then throws a {@link StoreError} naming the holder's pid.
 */
export async function acquireFileLock(lockPath: string, timeoutMs: number, what: string): Promise<FileLock> {
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + timeoutMs;
  let staleNote: string | null = null;
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(`Cannot create the lock file "${lockPath}" for ${what}: ${(error as Error).message}`, { cause: error });
      }
      const holder = readHolder(lockPath);
      if (holder !== null && holder.stale) {
        const broken = breakStaleLock(lockPath, holder.text);
        if (broken !== null) staleNote = noteOf(broken) ?? staleNote;
        continue;
      }
      if (Date.now() >= deadline) {
        throw new StoreError(
          `${what} is locked by process ${holder?.pid ?? '(unknown)'} (lock file "${lockPath}"), which is still ` +
            `writing after ${timeoutMs} ms. Try again; if no phasegate process is running, delete the lock file.`,
        );
      }
      await sleep(2 + Math.random() * Math.min(20, 2 ** Math.min(attempt, 5)));
      continue;
    }
    writeSync(fd, token, 0);
    return {
      staleNote,
      note(text) {
        const body = Buffer.from(`${token}${text}\n`);
        writeSync(fd, body, 0, body.length, 0);
      },
      release() {
        try {
          closeSync(fd);
        } catch {
          // already closed
        }
        try {
          if (readFileSync(lockPath, 'utf8').startsWith(token)) unlinkSync(lockPath);
        } catch {
          // gone already: nothing to release
        }
      },
    };
  }
}

type Holder = { readonly pid: number | null; readonly text: string; readonly stale: boolean };

function readHolder(lockPath: string): Holder | null {
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(lockPath, 'utf8');
    mtimeMs = statSync(lockPath).mtimeMs;
  } catch {
    return null; // released meanwhile
  }
  const pid = Number(text.split(' ', 1)[0]);
  if (!Number.isInteger(pid) || pid <= 0) return { pid: null, text, stale: Date.now() - mtimeMs > emptyLockGraceMs };
  return { pid, text, stale: !isAlive(pid) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves a stale lock out of the way and returns its text, or null when it was not the stale lock we saw (another
 * process took it over first; then it is put back with link(), which never overwrites a newer lock).
 */
function breakStaleLock(lockPath: string, seen: string): string | null {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return null; // someone else moved or released it
  }
  const text = readFileSync(aside, 'utf8');
  if (text !== seen) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // a newer lock exists already; the one we moved belonged to a process that lost the race too
    }
    unlinkSync(aside);
    return null;
  }
  unlinkSync(aside);
  return text;
}

function noteOf(lockText: string): string | null {
  const newline = lockText.indexOf('\n');
  const note = newline === -1 ? '' : lockText.slice(newline + 1).trim();
  return note === '' ? null : note;
}
