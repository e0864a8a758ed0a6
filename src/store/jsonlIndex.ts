import { readSync } from 'node:fs';
import { IntegrityError } from '../errors.ts';
import type { PositionedEvent, RecordedEvent } from '../envelope/envelope.ts';
import type { StreamId } from '../ids.ts';
import { headAfter } from './appendPlan.ts';
import type { StreamHead } from './eventStore.ts';
import { createIdIndex } from './idIndex.ts';
import { continuationProblem, parseJsonlLine } from './jsonlLine.ts';

/** The in-memory index of a JSONL store's complete lines: where each line starts, each stream's lines and head, ids. */
export type JsonlIndex = {
  /** Bytes of complete, indexed lines (where the next line starts). */
  readonly end: number;
  /** Lines indexed: the last global position. */
  readonly count: number;
  /** Indexes the complete lines between `end` and `limit`; leaves an unterminated rest unindexed. */
  indexTo(limit: number): void;
  /** Indexes one event whose line (without its `\n`) of `length` bytes starts at `offset`, which must be `end`. */
  indexEvent(event: RecordedEvent, offset: number, length: number): void;
  /** The global positions of a stream's events (index seq - 1) and its head, or undefined for an unknown stream. */
  stream(stream: StreamId): { readonly positions: readonly number[]; readonly head: StreamHead } | undefined;
  /** Every stream with events, sorted. */
  streamIds(): StreamId[];
  /** Returns the position of the line holding event `id`, reading the (rare) candidates that share its hash. */
  positionOf(id: string): number | undefined;
  /** Returns the event at a position (read from the file). */
  readEventAt(position: number): RecordedEvent;
  /** Yields the events at the given positions (ascending), reading the file in large windows. */
  eventsAt(positions: Iterable<number>): AsyncGenerator<PositionedEvent>;
};

const chunkBytes = 1 << 20;

/**
 * Returns an empty index over the JSONL file open as `fd` (named `path` in errors). Indexing checks every line
 * (envelope shape, seq, hash chain, unique id) and throws an {@link IntegrityError} naming the line and byte offset
 * of the first that fails. Memory: about 60 bytes an event.
 */
export function createJsonlIndex(fd: number, path: string): JsonlIndex {
  let end = 0;
  let count = 0;
  let offsets = new Float64Array(1024); // offsets[i]: where line i + 1 starts
  const streams = new Map<string, { positions: number[]; head: StreamHead }>();
  const ids = createIdIndex();

  const corrupt = (line: number, offset: number, problem: string) =>
    new IntegrityError(
      `JSONL store "${path}" line ${line} (byte ${offset}) ${problem}. The file is corrupt, so phasegate will not ` +
        `write to it: restore it from a copy, or verify it and repair that line by hand.`,
    );

  /** The byte range of the line at `position`, its `\n` included. */
  const lineRange = (position: number): [number, number] => [
    offsets[position - 1]!,
    position < count ? offsets[position]! : end,
  ];

  const readEventAt = (position: number): RecordedEvent => {
    const [from, to] = lineRange(position);
    const buffer = Buffer.allocUnsafe(to - from);
    readSync(fd, buffer, 0, buffer.length, from);
    return JSON.parse(buffer.toString('utf8', 0, buffer.length - 1)) as RecordedEvent;
  };

  const positionOf = (id: string): number | undefined => {
    for (const position of ids.candidates(id)) if (readEventAt(position).id === id) return position;
    return undefined;
  };

  const indexEvent = (event: RecordedEvent, offset: number, length: number): void => {
    const entry = streams.get(event.stream);
    const problem = continuationProblem(event, entry?.head, positionOf(event.id) !== undefined);
    if (problem !== null) throw corrupt(count + 1, offset, problem);
    if (count === offsets.length) {
      const grown = new Float64Array(offsets.length * 2);
      grown.set(offsets);
      offsets = grown;
    }
    offsets[count] = offset;
    count++;
    ids.add(event.id, count);
    const head = headAfter([event]);
    if (entry === undefined) streams.set(event.stream, { positions: [count], head });
    else {
      entry.positions.push(count);
      entry.head = head;
    }
    end = offset + length + 1;
  };

  return {
    get end() {
      return end;
    },
    get count() {
      return count;
    },
    indexEvent,
    positionOf,
    readEventAt,
    indexTo(limit) {
      let chunk = Buffer.allocUnsafe(chunkBytes);
      while (end < limit) {
        const read = readSync(fd, chunk, 0, Math.min(chunk.length, limit - end), end);
        if (read === 0) return;
        const view = chunk.subarray(0, read);
        const base = end;
        let start = 0;
        for (let newline = view.indexOf(10); newline !== -1; newline = view.indexOf(10, start)) {
          const parsed = parseJsonlLine(view.subarray(start, newline), base + start === 0);
          if (typeof parsed === 'string') throw corrupt(count + 1, base + start, parsed);
          indexEvent(parsed, base + start, newline - start);
          start = newline + 1;
        }
        if (start === 0) {
          if (base + read >= limit) return; // the unterminated rest
          chunk = Buffer.allocUnsafe(chunk.length * 2); // a line longer than the chunk
        }
      }
    },
    stream: (stream) => streams.get(stream),
    streamIds: () => [...streams.keys()].sort(),
    async *eventsAt(positions) {
      let backing = Buffer.alloc(0);
      let buffer = backing;
      let bufferStart = 0;
      for (const position of positions) {
        const [from, to] = lineRange(position);
        if (from < bufferStart || to > bufferStart + buffer.length) {
          const size = Math.max(chunkBytes, to - from);
          if (backing.length < size) backing = Buffer.allocUnsafe(size);
          const read = readSync(fd, backing, 0, Math.min(size, end - from), from);
          buffer = backing.subarray(0, read);
          bufferStart = from;
        }
        yield {
          position,
          event: JSON.parse(buffer.toString('utf8', from - bufferStart, to - 1 - bufferStart)) as RecordedEvent,
        };
      }
    },
  };
}
