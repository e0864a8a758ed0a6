import { fstatSync } from 'node:fs';
import { IntegrityError, StoreError } from '../errors.ts';
import type { PositionedEvent, RecordedEvent } from '../envelope/envelope.ts';
import type { GlobalPosition } from '../ids.ts';
import type { EventStore } from './eventStore.ts';
import { appendNote, readLockNote } from './jsonlFile.ts';
import type { JsonlFileAt } from './jsonlRecovery.ts';

/** The read side of a JSONL store: the {@link EventStore} reads, each after indexing what other writers appended. */
export type JsonlReader = Pick<EventStore, 'readStream' | 'readAll' | 'head' | 'findById' | 'listStreams'> & {
  /** Indexes the lines appended since the last read (up to an append still being made). */
  refresh(): void;
};

/**
 * Returns the reader of an open JSONL file. Throws {@link StoreError} once the store is closed, and
 * {@link IntegrityError} when the file shrank below what is indexed (it was truncated or replaced).
 */
export function createJsonlReader(file: JsonlFileAt, isClosed: () => boolean): JsonlReader {
  const { fd, path, index } = file;
  const lockPath = `${path}.lock`;

  /** What readers may index: up to the file size, but not into an append that a writer is still making. */
  const visibleLimit = (): number => {
    const size = fstatSync(fd).size;
    const pending = appendNote(readLockNote(lockPath));
    return pending !== null && pending.offset < size ? Math.max(index.end, pending.offset) : size;
  };

  const refresh = (): void => {
    if (isClosed()) throw new StoreError(`JSONL store "${path}" is closed`);
    const limit = visibleLimit();
    if (limit < index.end) {
      throw new IntegrityError(
        `JSONL store "${path}" shrank to ${limit} bytes below its ${index.end} indexed bytes: it was truncated or replaced`,
      );
    }
    if (limit > index.end) index.indexTo(limit);
  };

  return {
    refresh,
    async *readStream(stream, range = {}) {
      refresh();
      const entry = index.stream(stream);
      if (entry === undefined) return;
      const from = Math.max(1, range.fromSeq ?? 1);
      const to = Math.min(entry.positions.length, range.toSeq ?? entry.positions.length);
      yield* mapEvents(index.eventsAt(seqRange(entry.positions, from, to)));
    },
    async *readAll(options = {}) {
      let next: GlobalPosition = Math.max(1, options.fromPosition ?? 1);
      for (refresh(); next <= index.count; refresh()) {
        const last = index.count;
        for await (const item of index.eventsAt(countRange(next, last))) yield item;
        next = last + 1;
      }
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
    async listStreams() {
      refresh();
      return index.streamIds();
    },
  };
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
