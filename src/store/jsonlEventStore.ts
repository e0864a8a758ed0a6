import { closeSync, existsSync } from 'node:fs';
import { StoreError } from '../errors.ts';
import type { AppendOutcome, EventStore } from './eventStore.ts';
import { createJsonlWriter } from './jsonlAppend.ts';
import { writeAll } from './jsonlFile.ts';
import { createJsonlIndex } from './jsonlIndex.ts';
import { openJsonlFile } from './jsonlOpen.ts';
import { createJsonlReader } from './jsonlRead.ts';
import { ignoredTail, warnIgnoredTail, warnTornTail, type IgnoredTail, type TornTail } from './jsonlRecovery.ts';
import { createChangeSignal, tailStore, watchSignal } from './subscription.ts';

export type { IgnoredTail, TornTail } from './jsonlRecovery.ts';

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
  const readOnly = options.readOnly ?? false;
  const fd = openJsonlFile(path, { create: options.create !== false, readOnly });
  const file = { fd, path, index: createJsonlIndex(fd, path) };
  const tornTails: TornTail[] = [];
  const changes = createChangeSignal();
  let closed = false;
  const isClosed = () => closed;
  const report = options.onTornTail ?? warnTornTail;
  const reader = createJsonlReader(file, isClosed);
  const writer = createJsonlWriter(file, {
    lockTimeoutMs: options.lockTimeoutMs ?? 5000,
    writeBytes: options.writeBytes ?? writeAll,
    onTornTail: (tail) => {
      tornTails.push(tail);
      report(tail);
    },
    isClosed,
  });

  try {
    if (readOnly) {
      // Index the complete lines, and report (never cut) what follows them when no writer holds the lock.
      reader.refresh();
      const ignored = ignoredTail(file, existsSync(`${path}.lock`));
      if (ignored !== null) (options.onIgnoredTail ?? warnIgnoredTail)(ignored);
    } else await writer.withLock(() => undefined);
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
      const outcome = await writer.append(stream, events, expectedSeq);
      if (outcome.outcome === 'appended') changes.notify();
      return outcome;
    },
    readStream: reader.readStream,
    readAll: reader.readAll,
    subscribe(subscribeOptions, handler) {
      return tailStore(
        { readAll: (o) => store.readAll(o), watch: watchSignal(changes), pollMs: options.pollMs ?? 100 },
        subscribeOptions,
        handler,
      );
    },
    head: reader.head,
    findById: reader.findById,
    listStreams: reader.listStreams,
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
