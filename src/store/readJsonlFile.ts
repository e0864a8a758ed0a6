import { IntegrityError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { parseJsonlLine } from './jsonlLine.ts';
import { readJsonlChunks } from './jsonlLines.ts';

/** One line of a JSONL log: its 1-based line number, its bytes (without `\n`) and the event they hold. */
export type JsonlRecord = { readonly line: number; readonly bytes: Buffer; readonly event: RecordedEvent };

/**
 * Yields the events of a JSONL log file line by line, streaming its bytes, without opening it as a store (no lock,
 * no repair: the file is left exactly as it is). Throws {@link IntegrityError} naming the line for a malformed line or
 * an unterminated last line, and `StoreError` when the file cannot be read.
 */
export async function* readJsonlFile(path: string): AsyncGenerator<JsonlRecord> {
  for await (const lines of readJsonlChunks(path)) {
    for (const { bytes, lineNo, offset, terminated } of lines) {
      if (!terminated) {
        throw new IntegrityError(
          `"${path}" ends in an unterminated line ${lineNo} (byte ${offset}, ${bytes.length} bytes): a torn tail. ` +
            `Open it as a store for writing (openStore without readOnly) to quarantine the tail, then import again.`,
        );
      }
      const parsed = parseJsonlLine(bytes, offset === 0);
      if (typeof parsed === 'string') throw new IntegrityError(`"${path}" line ${lineNo} (byte ${offset}) ${parsed}`);
      yield { line: lineNo, bytes: Buffer.from(bytes), event: parsed };
    }
  }
}
