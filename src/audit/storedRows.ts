import type { RecordedEvent } from '../envelope/envelope.ts';
import type { StoredRow, StoredRowReader } from '../store/sqliteRows.ts';
import { decodeStoredEvent, quickStoredEvent } from '../store/storedEvent.ts';
import type { ChainVerifier, RowProblem } from './chainVerifier.ts';
import { readEvent } from './eventFields.ts';
import { readLine, type ChainFields, type LineReading } from './lineFields.ts';

/** Rows a page holds. */
const pageSize = 1000;

/**
 * Feeds the rows of `stream` to `verifier` (docs/performance.md, "Verify against SHA-256"), calling `count` for each
 * row read, until the stream ends or has a problem. A row's body is the event's canonical line (the store writes
 * `encodeEvent`), so it is checked as verify checks a JSONL line: the canonical scan and one SHA-256 over its bytes,
 * without parsing it. A body that line check does not take (altered, not JSON, not canonical, not text) is read as the
 * store's own reader reads it, parsed, held to the envelope contract and re-hashed, so it is reported as before; but a
 * body whose content matches its hash and is not in canonical form is `altered`, as such a JSONL line is. Either way
 * the row's columns must say what its event says (the store's head, `findById` and `readAll`'s order read them, not the
 * body): its seq, id, workflow, recorded_at and hash, and a position after the row before.
 */
export function readRowsInto(
  reader: StoredRowReader,
  stream: string,
  verifier: ChainVerifier,
  count: () => void,
  withActor: boolean,
): void {
  let afterSeq: unknown = 0;
  let lastPosition: unknown = null;
  let lastHash = '';
  for (;;) {
    const rows = reader.rows(stream, afterSeq, pageSize);
    for (const row of rows) {
      const body = row[6];
      let fields: ChainFields | null = null;
      let reading: LineReading | undefined;
      if (typeof body === 'string') {
        const bytes = bodyBytes(body);
        reading = readLine(bytes, withActor, true, bytes.length === body.length ? body : undefined);
        // The line check leaves `prev`'s format to the chain; the store's reader refuses a `prev` off it.
        if (reading.outcome === 'read' && (reading.fields.prev === lastHash || isDigest(reading.fields.prev))) {
          fields = reading.fields;
          count();
        }
      }
      let hashOk = true;
      let edited: RowProblem | undefined;
      if (fields === null) {
        const parsed = parseRow(reader.location, stream, row, verifier, count);
        if (parsed === null) return;
        ({ fields, hashOk } = parsed);
        // Content that matches its hash, in a body the line check called altered: a body not in canonical form.
        if (hashOk && reading?.outcome === 'defective' && reading.defect.kind === 'altered') edited = notCanonical;
      }
      lastHash = fields.hash;
      verifier.event(stream, fields, hashOk, edited ?? rowProblem(row, fields, lastPosition));
      if (verifier.isSettled(stream)) return;
      lastPosition = row[1];
    }
    if (rows.length < pageSize) return;
    afterSeq = rows[rows.length - 1]![0];
    // A seq column beyond 2^53 (a row altered outside phasegate) comes back rounded: paging on from it could read
    // the same rows again.
    if (typeof afterSeq === 'number' && !(Math.abs(afterSeq) <= Number.MAX_SAFE_INTEGER)) return;
  }
}

/**
 * Reads a row's body as the store's `readStream` does (storedEvent.ts), and returns its chain fields and whether it
 * re-hashes; or tells `verifier` why the stream cannot be read past it, and returns null. A row is counted once it
 * decodes, as a read through `readStream` counts the events it yields.
 */
function parseRow(
  location: string,
  stream: string,
  row: StoredRow,
  verifier: ChainVerifier,
  count: () => void,
): { fields: ChainFields; hashOk: boolean } | null {
  let event: RecordedEvent;
  try {
    const body = row[6] as string;
    event = quickStoredEvent(body) ?? decodeStoredEvent(body, { location, stream, seq: row[0] as number });
  } catch (error) {
    verifier.unreadable(stream, `the store could not decode the next record (${(error as Error).message})`);
    return null;
  }
  count();
  try {
    return readEvent(event);
  } catch (error) {
    verifier.unreadable(stream, `the stored record is not an event envelope (${(error as Error).message})`);
    return null;
  }
}

/**
 * A body whose content matches its hash but is not the canonical line the store writes (`encodeEvent`): its bytes
 * were edited outside phasegate (whitespace, key order, number forms, escapes, or a key given twice, which parsers
 * read differently), as a JSONL line in that form is reported.
 */
const notCanonical: RowProblem = {
  kind: 'altered',
  message:
    "its row's body is not in the canonical form the store writes, though its content matches its hash: " +
    'the row was edited outside phasegate',
};

/**
 * Returns what is wrong with a row whose event is `fields`: a column that does not hold what the event says, or a
 * position not after the row before's (`lastPosition`, null for the first row); or undefined.
 */
function rowProblem(row: StoredRow, fields: ChainFields, lastPosition: unknown): RowProblem | undefined {
  const [seq, position, id, workflow, recordedAt, hash] = row;
  const column =
    seq !== fields.seq
      ? mismatch('seq', seq, fields.seq)
      : hash !== fields.hash
        ? mismatch('hash', hash, fields.hash)
        : id !== fields.id
          ? mismatch('id', id, fields.id)
          : workflow !== fields.workflow
            ? mismatch('workflow', workflow, fields.workflow)
            : recordedAt !== fields.recordedAt
              ? mismatch('recorded_at', recordedAt, fields.recordedAt)
              : undefined;
  if (column !== undefined) return { kind: 'altered', message: column };
  if (lastPosition !== null && !(typeof position === 'number' && position > (lastPosition as number)))
    return {
      kind: 'reordered',
      message:
        `its row's position (${shown(position)}) is not after the one of seq ${fields.seq - 1} ` +
        `(${shown(lastPosition)}): the rows were changed outside phasegate, and a reader in store order ` +
        '(subscriptions, read models) would take them out of order',
    };
  return undefined;
}

function mismatch(column: string, held: unknown, said: string | number): string {
  return (
    `its row's ${column} column holds ${shown(held)}, its event ${shown(said)}: the row was changed outside ` +
    "phasegate (the store's heads, ids and order come from its columns)"
  );
}

/** A column's value as a message shows it: JSON, a long string (a hash) by its first 12 characters. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 12)}…` : value);
  return typeof value === 'number' ? String(value) : Buffer.isBuffer(value) ? 'bytes' : String(value);
}

const digestFormat = /^[0-9a-f]{64}$/;
const isDigest = (value: string): boolean => digestFormat.test(value);

let scratch = Buffer.allocUnsafe(1 << 16);
/** Views of `scratch`'s first n bytes, by n (a Buffer's `subarray` costs about 100 ns a row). */
let views: (Buffer | undefined)[] = [];

/** Returns a body's UTF-8 bytes, in a buffer reused from row to row (read them before the next call). */
function bodyBytes(body: string): Buffer {
  if (3 * body.length > scratch.length) {
    scratch = Buffer.allocUnsafe(3 * body.length);
    views = [];
  }
  const length = scratch.write(body, 0, 'utf8');
  return (views[length] ??= scratch.subarray(0, length));
}
