import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { IntegrityError } from '../errors.ts';
import { appendNote, syncDirectory, writeAll } from './jsonlFile.ts';
import type { JsonlIndex } from './jsonlIndex.ts';

/** Bytes cut off the end of a JSONL file on recovery, and the file they were copied to. */
export type TornTail = {
  readonly file: string;
  /** Byte offset where the cut bytes began (the file's new length). */
  readonly offset: number;
  readonly length: number;
  readonly quarantine: string;
  /** `unterminated line`: a last line without `\n`; `unfinished append`: part of a batch whose writer died. */
  readonly reason: 'unterminated line' | 'unfinished append';
};

/** Bytes after the last complete line that a read-only open leaves in place and does not show. */
export type IgnoredTail = { readonly file: string; readonly offset: number; readonly length: number };

/** The open file a recovery works on. */
export type JsonlFileAt = { readonly fd: number; readonly path: string; readonly index: JsonlIndex };

/**
 * Copies the bytes `from`..`to` of the file to `<file>.quarantine-<time>-<pid>` (made durable), cuts the file back to
 * `from`, and returns what was cut.
 */
export function quarantineTail(file: JsonlFileAt, from: number, to: number, reason: TornTail['reason']): TornTail {
  const { fd, path } = file;
  const bytes = Buffer.allocUnsafe(to - from);
  readSync(fd, bytes, 0, bytes.length, from);
  const target = `${path}.quarantine-${new Date().toISOString().replace(/[:.]/g, '')}-${process.pid}`;
  const qfd = openSync(target, 'wx');
  try {
    writeAll(qfd, bytes, 0);
    fsyncSync(qfd);
  } finally {
    closeSync(qfd);
  }
  ftruncateSync(fd, from);
  fsyncSync(fd);
  syncDirectory(dirname(path));
  return { file: path, offset: from, length: bytes.length, quarantine: target, reason };
}

/**
 * Under the lock: indexes what other writers appended, then cuts off what a dead writer left unfinished: the rest of
 * the append its stale lock note (`staleNote`) announces, and an unterminated last line, each told to `onCut` as soon
 * as it is cut. Throws {@link IntegrityError} when the file shrank below what is indexed (truncated or replaced).
 */
export function recoverUnderLock(file: JsonlFileAt, staleNote: string | null, onCut: (tail: TornTail) => void): void {
  const { fd, path, index } = file;
  let size = fstatSync(fd).size;
  if (size < index.end)
    throw new IntegrityError(`JSONL store "${path}" shrank below its indexed length: it was truncated or replaced`);
  const unfinished = appendNote(staleNote);
  if (unfinished !== null && size > unfinished.offset && size < unfinished.offset + unfinished.length) {
    const from = Math.max(index.end, unfinished.offset);
    index.indexTo(from);
    onCut(quarantineTail(file, from, size, 'unfinished append'));
    size = from;
  }
  index.indexTo(size);
  if (index.end < size) onCut(quarantineTail(file, index.end, size, 'unterminated line'));
}

/** The tail a read-only open leaves after the last indexed line, or null: none, or a writer holds the lock. */
export function ignoredTail(file: JsonlFileAt, locked: boolean): IgnoredTail | null {
  const rest = fstatSync(file.fd).size - file.index.end;
  return rest <= 0 || locked ? null : { file: file.path, offset: file.index.end, length: rest };
}

/** The default report of a torn tail: a process warning naming offset, length and quarantine file. */
export function warnTornTail(t: TornTail): void {
  process.emitWarning(
    `phasegate: ${t.file}: torn tail (${t.reason}) of ${t.length} bytes at offset ${t.offset} moved to ${t.quarantine}`,
  );
}

/** The default report of an ignored tail: a process warning saying the bytes are left as they are. */
export function warnIgnoredTail(t: IgnoredTail): void {
  process.emitWarning(
    `phasegate: ${t.file}: ${t.length} bytes after the last complete line (offset ${t.offset}) are ignored; the file was opened read-only, so they are left as they are`,
  );
}
