import { fdatasyncSync, fsyncSync, ftruncateSync } from 'node:fs';
import { StoreError } from '../errors.ts';
import { encodeEvent } from '../envelope/canonical.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { Seq, StreamId } from '../ids.ts';
import { planAppend } from './appendPlan.ts';
import type { AppendOutcome } from './eventStore.ts';
import { acquireFileLock, type FileLock } from './fileLock.ts';
import { recoverUnderLock, type JsonlFileAt, type TornTail } from './jsonlRecovery.ts';

/** What the JSONL writer needs besides the open file. */
export type JsonlWriterOptions = {
  readonly lockTimeoutMs: number;
  /** Writes an append's bytes at an offset (`writeAll`, or a crash test's torn write). */
  readonly writeBytes: (fd: number, bytes: Buffer, at: number) => void;
  /** Told each torn tail a recovery cuts off. */
  readonly onTornTail: (tail: TornTail) => void;
  readonly isClosed: () => boolean;
};

/** The write side of a JSONL store: every change to the file is made under its lock file, after a recovery. */
export type JsonlWriter = {
  /** Takes the lock (waiting up to `lockTimeoutMs`), recovers what a dead writer left, runs `run`, releases. */
  withLock<TResult>(run: (lock: FileLock) => TResult): Promise<TResult>;
  /** Appends a batch under the lock if its plan says so (`planAppend`), made durable before it is indexed. */
  append(stream: StreamId, events: readonly RecordedEvent[], expectedSeq: Seq): Promise<AppendOutcome>;
};

/**
 * Returns the writer of an open JSONL file. A write or fsync that fails breaks the writer for good (an fsync is never
 * retried); the file is cut back to where the append began, or, if even that fails, the lock is kept until the
 * process exits so that the next writer finds it stale and quarantines the unfinished append.
 */
export function createJsonlWriter(file: JsonlFileAt, options: JsonlWriterOptions): JsonlWriter {
  const { fd, path, index } = file;
  const lockPath = `${path}.lock`;
  let broken: Error | null = null;
  let keepLock = false;

  /**
   * After a failed append, still under the lock (whose note names the append): cuts the file back to `at` so that no
   * partial line is left for a reader or a later recovery. If the cut fails too, the lock is kept (never released,
   * not even by close) until this process exits: then it is stale, and the next writer reads its note and
   * quarantines the unfinished append, instead of finding complete lines of a batch nobody acknowledged.
   */
  const cutBack = (at: number): void => {
    try {
      ftruncateSync(fd, at);
      fsyncSync(fd);
    } catch {
      keepLock = true;
    }
  };

  const withLock = async <TResult>(run: (lock: FileLock) => TResult): Promise<TResult> => {
    if (options.isClosed()) throw new StoreError(`JSONL store "${path}" is closed`);
    const lock = await acquireFileLock(lockPath, options.lockTimeoutMs, `JSONL store "${path}"`);
    try {
      recoverUnderLock(file, lock.staleNote, options.onTornTail);
      return run(lock);
    } finally {
      if (!keepLock) lock.release();
    }
  };

  const write = (lock: FileLock, events: readonly RecordedEvent[]): void => {
    const lines = events.map((event) => `${encodeEvent(event)}\n`);
    const bytes = Buffer.from(lines.join(''));
    const at = index.end;
    lock.note(`append ${at} ${bytes.length}`);
    try {
      options.writeBytes(fd, bytes, at);
      fdatasyncSync(fd);
    } catch (error) {
      broken = error as Error; // fsyncgate: never retry an fsync and carry on
      cutBack(at);
      const after = keepLock
        ? `the file could not be cut back either, so this process keeps its lock until it exits and the next writer then repairs the file: restart the process`
        : 'reopen the store before writing again';
      throw new StoreError(
        `Cannot append to JSONL store "${path}": ${(error as Error).message}. Nothing was acknowledged; ${after}.`,
        { cause: error },
      );
    }
    let offset = at;
    events.forEach((event, k) => {
      const length = Buffer.byteLength(lines[k]!) - 1;
      index.indexEvent(event, offset, length);
      offset += length + 1;
    });
  };

  return {
    withLock,
    async append(stream, events, expectedSeq) {
      if (broken !== null) {
        throw new StoreError(
          `JSONL store "${path}" failed to write earlier (${broken.message}); reopen it, which verifies and repairs the file, before appending again`,
        );
      }
      return withLock((lock): AppendOutcome => {
        const existing = new Map<string, RecordedEvent>();
        for (const event of events) {
          const position = index.positionOf(event.id);
          if (position !== undefined) existing.set(event.id, index.readEventAt(position));
        }
        const plan = planAppend(stream, events, expectedSeq, index.stream(stream)?.head ?? null, existing);
        if (plan.kind === 'already_appended') return { outcome: 'already_appended', events: plan.events };
        write(lock, events);
        return { outcome: 'appended', events };
      });
    },
  };
}
