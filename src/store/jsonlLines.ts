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
      const buffer: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
      const base = carry === null ? read : carryOffset;
      read += chunk.length;
      const lines: JsonlLine[] = [];
      let start = 0;
      for (let newline = buffer.indexOf(10, start); newline !== -1; newline = buffer.indexOf(10, start)) {
        lines.push({
          bytes: buffer.subarray(start, newline),
          lineNo: ++lineNo,
          offset: base + start,
          terminated: true,
        });
        start = newline + 1;
      }
      carry = start < buffer.length ? Buffer.from(buffer.subarray(start)) : null;
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
