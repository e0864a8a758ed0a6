import { createReadStream } from 'node:fs';
import { IntegrityError, StoreError } from '../errors.ts';
import type { RecordedEvent } from '../event/envelope.ts';
import { parseJsonlLine } from './jsonlLine.ts';

/** One line of a JSONL log: its 1-based line number, its bytes (without `\n`) and the event they hold. */
export type JsonlRecord = { readonly line: number; readonly bytes: Buffer; readonly event: RecordedEvent };

/**
 * Yields the events of a JSONL log file line by line, streaming its bytes, without opening it as a store (no lock,
 * no repair: the file is left exactly as it is). Throws {@link IntegrityError} naming the line for a malformed line or
 * an unterminated last line, and {@link StoreError} when the file cannot be read.
 */
export async function* readJsonlFile(path: string): AsyncGenerator<JsonlRecord> {
  let pending: Buffer = Buffer.alloc(0);
  let line = 0;
  let offset = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      const data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let start = 0;
      for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10, start)) {
        line++;
        const bytes = data.subarray(start, newline);
        const parsed = parseJsonlLine(bytes, offset === 0);
        if (typeof parsed === 'string') throw new IntegrityError(`"${path}" line ${line} (byte ${offset}) ${parsed}`);
        yield { line, bytes, event: parsed };
        offset += bytes.length + 1;
        start = newline + 1;
      }
      pending = Buffer.from(data.subarray(start));
    }
  } catch (error) {
    if (error instanceof IntegrityError) throw error;
    throw new StoreError(`Cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  if (pending.length > 0) {
    throw new IntegrityError(
      `"${path}" ends in an unterminated line ${line + 1} (byte ${offset}, ${pending.length} bytes): a torn tail. ` +
        `Open it as a store (any phasegate command that writes to it) to quarantine the tail, then import again.`,
    );
  }
}
