import { randomBytes } from 'node:crypto';
import {
  closeSync,
  ftruncateSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
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
 * Returns a lock held by creating `lockPath` with O_EXCL; its first line is `<pid> <token> <start>`, where `<start>`
 * is when the holder process started (Linux; empty elsewhere). A lock is stale when its process is gone, or when
 * its pid now belongs to a process that started at another time (a reused pid). A stale lock is taken over only
 * under `<lockPath>.break`, a second O_EXCL file, after reading it again, by renaming our own lock file over it: the
 * lock path is never empty, so the stale holder's note always reaches the taker. A live holder's lock is never taken.
 * Waits up to `timeoutMs`, polling, then throws a {@link StoreError} naming the holder's pid.
 */
export async function acquireFileLock(lockPath: string, timeoutMs: number, what: string): Promise<FileLock> {
  const token = ownToken();
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const fd = createExclusive(lockPath, token, what);
    if (fd !== null) return heldLock(lockPath, fd, token, null);
    const holder = readHolder(lockPath);
    if (holder !== null && holder.stale) {
      const taken = takeStaleLock(lockPath, holder.text, token);
      if (taken !== null) return heldLock(lockPath, taken.fd, token, noteOf(taken.stale));
    }
    if (Date.now() >= deadline) {
      throw new StoreError(
        `${what} is locked by process ${holder?.pid ?? '(unknown)'} (lock file "${lockPath}"), which is still ` +
          `writing after ${timeoutMs} ms. Try again; if no phasegate process is running, delete the lock file.`,
      );
    }
    await sleep(2 + Math.random() * Math.min(20, 2 ** Math.min(attempt, 5)));
  }
}

function heldLock(lockPath: string, fd: number, token: string, staleNote: string | null): FileLock {
  return {
    staleNote,
    note(text) {
      const body = Buffer.from(`${token}${text}\n`);
      writeSync(fd, body, 0, body.length, 0);
      ftruncateSync(fd, body.length); // a shorter note must not end in the rest of a longer one
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

/** Creates `path` with O_EXCL and writes `token` to it; returns its fd, or null when the file exists already. */
function createExclusive(path: string, token: string, what: string): number | null {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw new StoreError(`Cannot create the lock file "${path}" for ${what}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  writeSync(fd, token, 0);
  return fd;
}

/** When this process started (read once: it never changes). */
let ownStart: string | null | undefined;

/** The first line of every lock this process takes: pid, a random token, and the process's start time. */
function ownToken(): string {
  ownStart ??= startTimeOf(process.pid);
  return `${process.pid} ${randomBytes(8).toString('hex')} ${ownStart ?? ''}\n`;
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
  const [pidText, , startText] = text.split('\n', 1)[0]!.split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return { pid: null, text, stale: Date.now() - mtimeMs > emptyLockGraceMs };
  return { pid, text, stale: !isAlive(pid, startText ?? '') };
}

/** True when process `pid` exists and, if the lock recorded its start time, is the process that started then. */
function isAlive(pid: number, recordedStart: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (recordedStart === '') return true; // a lock from a system without /proc, or from an older phasegate
  const start = startTimeOf(pid);
  return start === null || start === recordedStart;
}

/** Returns when process `pid` started, in clock ticks since boot (Linux's /proc/<pid>/stat), or null when unknown. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Takes over the stale lock `seen`: returns the fd of our own lock file, now in its place, and the stale lock's
 * text (with the note of what its holder was doing), or null when it cannot now: another process is taking it
 * (holds `<lockPath>.break`), or the lock is no longer that stale lock. Under the break file the lock is read again
 * and then replaced in one `rename` by a file that already holds our token, so the lock path is never empty: no
 * third process can take the lock in between and miss the dead holder's note (and with it, the part of a batch the
 * holder left behind). A lock file is created by whoever wins O_EXCL and replaced only by its holder or under the
 * break file, so nothing can change it between that read and the rename.
 */
function takeStaleLock(lockPath: string, seen: string, token: string): { fd: number; stale: string } | null {
  const breakPath = `${lockPath}.break`;
  const breakFd = createExclusive(breakPath, token, 'breaking a stale lock');
  if (breakFd === null) {
    clearStaleBreak(breakPath);
    return null;
  }
  try {
    const now = readHolder(lockPath);
    if (now === null || !now.stale || now.text !== seen) return null;
    const ours = `${lockPath}.take-${process.pid}-${randomBytes(4).toString('hex')}`;
    const fd = createExclusive(ours, token, 'taking over a stale lock')!;
    try {
      renameSync(ours, lockPath);
    } catch (error) {
      closeSync(fd);
      unlinkSync(ours);
      throw new StoreError(`Cannot take over the stale lock "${lockPath}": ${(error as Error).message}`, {
        cause: error,
      });
    }
    return { fd, stale: now.text };
  } finally {
    closeSync(breakFd);
    try {
      unlinkSync(breakPath);
    } catch {
      // moved aside by a process that took us for dead (an empty file past its grace): nothing to remove
    }
  }
}

/**
 * Removes a break file whose holder died inside {@link takeStaleLock} (a window of a few system calls). It is moved
 * aside and put back unless it is still the dead one; only a second death in that window could let two processes
 * break one lock at once.
 */
function clearStaleBreak(breakPath: string): void {
  const holder = readHolder(breakPath);
  if (holder === null || !holder.stale) return;
  const aside = `${breakPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(breakPath, aside);
  } catch {
    return; // someone else moved or released it
  }
  try {
    // link() never replaces a newer break file; if one exists, the live holder we moved just loses its file
    if (readFileSync(aside, 'utf8') !== holder.text) linkSync(aside, breakPath);
  } catch {
    // a newer break file exists already
  }
  unlinkSync(aside);
}

function noteOf(lockText: string): string | null {
  const newline = lockText.indexOf('\n');
  const note = newline === -1 ? '' : lockText.slice(newline + 1).trim();
  return note === '' ? null : note;
}
