import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

/** Writes all of `bytes` at offset `at` (pwrite until done). */
export function writeAll(fd: number, bytes: Buffer, at: number): void {
  for (let written = 0; written < bytes.length;) {
    written += writeSync(fd, bytes, written, bytes.length - written, at + written);
  }
}

/** Fsyncs a directory so a new or renamed file's entry is durable; a no-op where the file system cannot. */
export function syncDirectory(directory: string): void {
  try {
    const dfd = openSync(directory, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // some file systems cannot fsync a directory; the file's own fsync still holds
  }
}

/** Returns the note a JSONL lock file carries after its first line (what its holder is doing), or null. */
export function readLockNote(lockPath: string): string | null {
  try {
    const text = readFileSync(lockPath, 'utf8');
    const newline = text.indexOf('\n');
    return newline === -1 ? null : text.slice(newline + 1).trim() || null;
  } catch {
    return null;
  }
}

/** Returns the append a lock note announces (`append <offset> <length>`), or null. */
export function appendNote(note: string | null): { offset: number; length: number } | null {
  const match = note === null ? null : /^append (\d+) (\d+)$/.exec(note);
  return match ? { offset: Number(match[1]), length: Number(match[2]) } : null;
}
