import { closeSync, existsSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { IntegrityError, StoreError, StoreNotFoundError } from '../errors.ts';
import { encodeEvent } from '../envelope/canonical.ts';
import type { PositionedEvent, RecordedEvent } from '../envelope/envelope.ts';
import type { GlobalPosition, StreamId } from '../ids.ts';
import { planAppend } from './appendPlan.ts';
import type { AppendOutcome, EventStore } from './eventStore.ts';
import { acquireFileLock, type FileLock } from './fileLock.ts';
import { appendNote, readLockNote, syncDirectory, writeAll } from './jsonlFile.ts';
import { createJsonlIndex } from './jsonlIndex.ts';
import { createChangeSignal, tailStore, watchSignal } from './subscription.ts';

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

/** Options of the JSONL store. */
export type JsonlStoreOptions = {
  /** Create the file when it does not exist. @defaultValue true */
  readonly create?: boolean;
  /**
   * Open for reading only: the file is opened read-only, no lock is taken and nothing is repaired. A torn last line
   * (or the rest of an append whose writer died) is not shown, is left where it is, and is reported to
   * `onIgnoredTail`. `append` throws a {@link StoreError}; `saveSnapshot` does nothing, as without a read-only open.
   * Implies `create: false`. @defaultValue false
   */
  readonly readOnly?: boolean;
  /** Called on a read-only open that finds bytes after the last complete line. @defaultValue a process warning */
  readonly onIgnoredTail?: (tail: IgnoredTail) => void;
  /** How long an append waits for another process's lock before failing, in ms. @defaultValue 5000 */
  readonly lockTimeoutMs?: number;
  /** How often a subscription looks for lines other processes appended, in ms. @defaultValue 100 */
  readonly pollMs?: number;
  /** Called for each torn tail cut off. @defaultValue a process warning naming offset, length and quarantine file */
  readonly onTornTail?: (tail: TornTail) => void;
  /**
   * Writes an append's bytes at an offset (default: `pwrite` until all are written). A fault-injection seam for crash
   * tests (a write torn by a kill); leave it out in production.
   * @internal
   */
  readonly writeBytes?: (fd: number, bytes: Buffer, at: number) => void;
};

/** The JSONL store, with the torn tails it cut off since it was opened. */
export type JsonlEventStore = EventStore & { readonly tornTails: readonly TornTail[] };

/**
 * Returns the JSONL file store: one canonical envelope per line, the position of a line is its global position.
 * One writer at a time through a lock file (`<file>.lock`, waited for up to `lockTimeoutMs`); an append is
 * acknowledged after `fdatasync`. Under the lock it first repairs what a dead writer left: an unterminated last line
 * (or the part of a batch written before its writer died) is copied to `<file>.quarantine-<time>`, reported and cut
 * off (not with `readOnly`: see {@link JsonlStoreOptions}). Throws {@link IntegrityError} naming the line for any
 * other malformed line, {@link StoreError} when the file cannot be opened. There is no snapshot table: `loadSnapshot` returns null and `saveSnapshot` does nothing.
 * Memory: an index of line offsets and hashed ids, about 60 bytes an event (a 1M-event file: ~60 MB of heap);
 * event bodies are read from the file as needed, so reads stream in flat memory on top of it.
 */
export async function openJsonlEventStore(path: string, options: JsonlStoreOptions = {}): Promise<JsonlEventStore> {
  const lockPath = `${path}.lock`;
  const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  const writeBytes = options.writeBytes ?? writeAll;
  const report =
    options.onTornTail ??
    ((t: TornTail) =>
      process.emitWarning(
        `phasegate: ${t.file}: torn tail (${t.reason}) of ${t.length} bytes at offset ${t.offset} moved to ${t.quarantine}`,
      ));
  const readOnly = options.readOnly ?? false;
  let fd: number;
  try {
    if (!existsSync(path)) {
      if (options.create === false || readOnly)
        throw new StoreNotFoundError(
          `There is no store at "${path}". Check the path, or open it with { create: true } to create one.`,
        );
      closeSync(openSync(path, 'a'));
      syncDirectory(dirname(path));
    }
    fd = openSync(path, readOnly ? 'r' : 'r+');
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      `Cannot open "${path}" as a JSONL store: ${(error as Error).message}. Check the path and its permissions.`,
      { cause: error },
    );
  }

  const index = createJsonlIndex(fd, path);
  const tornTails: TornTail[] = [];
  const changes = createChangeSignal();
  let broken: Error | null = null;
  let closed = false;

  /** What readers may index: up to the file size, but not into an append that a writer is still making. */
  const visibleLimit = (): number => {
    const size = fstatSync(fd).size;
    const pending = appendNote(readLockNote(lockPath));
    return pending !== null && pending.offset < size ? Math.max(index.end, pending.offset) : size;
  };

  const refresh = (): void => {
    if (closed) throw new StoreError(`JSONL store "${path}" is closed`);
    const limit = visibleLimit();
    if (limit < index.end) {
      throw new IntegrityError(
        `JSONL store "${path}" shrank to ${limit} bytes below its ${index.end} indexed bytes: it was truncated or replaced`,
      );
    }
    if (limit > index.end) index.indexTo(limit);
  };

  const quarantine = (from: number, to: number, reason: TornTail['reason']): void => {
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
    const tail: TornTail = { file: path, offset: from, length: bytes.length, quarantine: target, reason };
    tornTails.push(tail);
    report(tail);
  };

  /** Under the lock: catch up with other writers, then cut off what a dead writer left unfinished. */
  const recover = (lock: FileLock): void => {
    let size = fstatSync(fd).size;
    if (size < index.end)
      throw new IntegrityError(`JSONL store "${path}" shrank below its indexed length: it was truncated or replaced`);
    const unfinished = appendNote(lock.staleNote);
    if (unfinished !== null && size > unfinished.offset && size < unfinished.offset + unfinished.length) {
      const from = Math.max(index.end, unfinished.offset);
      index.indexTo(from);
      quarantine(from, size, 'unfinished append');
      size = from;
    }
    index.indexTo(size);
    if (index.end < size) quarantine(index.end, size, 'unterminated line');
  };

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
  let keepLock = false;

  const withLock = async <TResult>(run: (lock: FileLock) => TResult): Promise<TResult> => {
    if (closed) throw new StoreError(`JSONL store "${path}" is closed`);
    const lock = await acquireFileLock(lockPath, lockTimeoutMs, `JSONL store "${path}"`);
    try {
      recover(lock);
      return run(lock);
    } finally {
      if (!keepLock) lock.release();
    }
  };

  /** A read-only open: index the complete lines, and report (never cut) what follows them when no writer holds the lock. */
  const openForReading = (): void => {
    refresh();
    const rest = fstatSync(fd).size - index.end;
    if (rest <= 0 || existsSync(lockPath)) return;
    const tail: IgnoredTail = { file: path, offset: index.end, length: rest };
    if (options.onIgnoredTail) options.onIgnoredTail(tail);
    else
      process.emitWarning(
        `phasegate: ${path}: ${rest} bytes after the last complete line (offset ${index.end}) are ignored; the file was opened read-only, so they are left as they are`,
      );
  };

  try {
    if (readOnly) openForReading();
    else await withLock(() => undefined);
  } catch (error) {
    closeSync(fd);
    closed = true;
    throw error;
  }

  const store: JsonlEventStore = {
    kind: 'jsonl',
    location: path,
    tornTails,
    async append(stream, events, { expectedSeq }): Promise<AppendOutcome> {
      if (readOnly)
        throw new StoreError(`JSONL store "${path}" was opened read-only; open it without readOnly to append`);
      if (broken !== null) {
        throw new StoreError(
          `JSONL store "${path}" failed to write earlier (${broken.message}); reopen it, which verifies and repairs the file, before appending again`,
        );
      }
      const outcome = await withLock((lock): AppendOutcome => {
        const existing = new Map<string, RecordedEvent>();
        for (const event of events) {
          const position = index.positionOf(event.id);
          if (position !== undefined) existing.set(event.id, index.readEventAt(position));
        }
        const plan = planAppend(stream, events, expectedSeq, index.stream(stream)?.head ?? null, existing);
        if (plan.kind === 'already_appended') return { outcome: 'already_appended', events: plan.events };
        const lines = events.map((event) => `${encodeEvent(event)}\n`);
        const bytes = Buffer.from(lines.join(''));
        const at = index.end;
        lock.note(`append ${at} ${bytes.length}`);
        try {
          writeBytes(fd, bytes, at);
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
        return { outcome: 'appended', events };
      });
      if (outcome.outcome === 'appended') changes.notify();
      return outcome;
    },
    async *readStream(stream, range = {}) {
      refresh();
      const entry = index.stream(stream);
      if (entry === undefined) return;
      const from = Math.max(1, range.fromSeq ?? 1);
      const to = Math.min(entry.positions.length, range.toSeq ?? entry.positions.length);
      const positions = entry.positions;
      yield* mapEvents(index.eventsAt(seqRange(positions, from, to)));
    },
    async *readAll(options = {}) {
      let next: GlobalPosition = Math.max(1, options.fromPosition ?? 1);
      for (refresh(); next <= index.count; refresh()) {
        const last = index.count;
        for await (const item of index.eventsAt(countRange(next, last))) yield item;
        next = last + 1;
      }
    },
    subscribe(subscribeOptions, handler) {
      return tailStore(
        { readAll: (o) => store.readAll(o), watch: watchSignal(changes), pollMs: options.pollMs ?? 100 },
        subscribeOptions,
        handler,
      );
    },
    async head(stream) {
      refresh();
      return index.stream(stream)?.head ?? null;
    },
    async findById(id) {
      refresh();
      const position = index.positionOf(id);
      return position === undefined ? null : index.readEventAt(position);
    },
    async listStreams(): Promise<StreamId[]> {
      refresh();
      return index.streamIds();
    },
    async loadSnapshot() {
      return null; // no snapshot table in a plain log: state() folds from the start
    },
    async saveSnapshot() {},
    async close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
  return store;
}

async function* mapEvents(items: AsyncIterable<PositionedEvent>): AsyncGenerator<RecordedEvent> {
  for await (const item of items) yield item.event;
}

function* seqRange(positions: readonly number[], fromSeq: number, toSeq: number): Generator<number> {
  for (let seq = fromSeq; seq <= toSeq; seq++) yield positions[seq - 1]!;
}

function* countRange(from: number, to: number): Generator<number> {
  for (let position = from; position <= to; position++) yield position;
}
