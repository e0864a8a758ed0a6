import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StoreError } from '../errors.ts';

/** One line of a JSONL file: its bytes without the newline, its 1-based number, and where it starts. */
export type JsonlLine = {
  readonly bytes: Buffer;
  readonly lineNo: number;
  readonly offset: number;
  /** False only for a last line that has no newline after it (a torn tail, or a file cut short). */
  readonly terminated: boolean;
};

/** Options of {@link readJsonlChunks}. */
export type JsonlReadOptions = {
  /** Called after each chunk with the bytes read so far and the file's size. */
  readonly onChunk?: (bytesRead: number, bytesTotal: number) => void;
};

/**
 * Yields the lines of a JSONL file a chunk (1 MiB) at a time, in order, and reads the next chunk only when asked, so
 * memory stays flat however long the log is. Lines are split on the newline byte (bytes, not decoded text); a line's
 * `bytes` stays valid until the next chunk is asked for. Throws a {@link StoreError} when the file cannot be read.
 */
export async function* readJsonlChunks(path: string, options: JsonlReadOptions = {}): AsyncGenerator<JsonlLine[]> {
  let total: number;
  try {
    total = (await stat(path)).size;
  } catch (error) {
    throw new StoreError(
      `Cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Check the path.`,
      { cause: error },
    );
  }
  let carry: Buffer | null = null;
  let carryOffset = 0;
  let lineNo = 0;
  let read = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const base = read;
      read += chunk.length;
      const lines: JsonlLine[] = [];
      let start = 0;
      if (carry !== null) {
        // Only the line that straddles the two chunks is joined: the chunk itself is not copied.
        const newline = chunk.indexOf(10);
        if (newline === -1) {
          carry = Buffer.concat([carry, chunk]); // a line longer than a chunk
          options.onChunk?.(read, total);
          continue;
        }
        lines.push({
          bytes: Buffer.concat([carry, chunk.subarray(0, newline)]),
          lineNo: ++lineNo,
          offset: carryOffset,
          terminated: true,
        });
        start = newline + 1;
      }
      for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
        lines.push({
          bytes: chunk.subarray(start, newline),
          lineNo: ++lineNo,
          offset: base + start,
          terminated: true,
        });
        start = newline + 1;
      }
      // Copied, so that the unfinished line does not keep the whole chunk alive.
      carry = start < chunk.length ? Buffer.from(chunk.subarray(start)) : null;
      carryOffset = base + start;
      options.onChunk?.(read, total);
      if (lines.length > 0) yield lines;
    }
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(`Cannot read "${path}": ${(error as Error).message}`, { cause: error });
  } finally {
    stream.destroy();
  }
  if (carry !== null) yield [{ bytes: carry, lineNo: lineNo + 1, offset: carryOffset, terminated: false }];
}

/** Calls `onLine` for every line of a JSONL file, in order (see {@link readJsonlChunks}). */
export async function forEachJsonlLine(
  path: string,
  onLine: (line: JsonlLine) => void,
  options: JsonlReadOptions = {},
): Promise<void> {
  for await (const lines of readJsonlChunks(path, options)) for (const line of lines) onLine(line);
}
