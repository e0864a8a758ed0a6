import { envelopeProblem } from '../envelope/contract.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { isQuickEnvelope } from '../envelope/quickEnvelope.ts';
import { IntegrityError } from '../errors.ts';

/** Where a stored record lies, for the message: its store and, as far as the row tells, its stream and seq. */
export type StoredAt = {
  /** The store, as a message names it: `SQLite store "lcz.db"`. */
  readonly location: string;
  readonly stream?: string;
  readonly seq?: number;
  readonly position?: number;
};

/**
 * Returns the event a stored record holds (a SQLite or PostgreSQL row's body), judged by the envelope contract
 * (README "Stores": every store reads events through the one contract). Throws an {@link IntegrityError} (exit 4)
 * naming the stream, the seq and what is wrong (the field, for an envelope the engine never writes) when the record
 * is not JSON or not an envelope.
 */
export function decodeStoredEvent(body: string, at: StoredAt): RecordedEvent {
  return storedEnvelope(() => JSON.parse(body), at);
}

/**
 * As {@link decodeStoredEvent}, for a reader of many records: what locates a record in a message is only put
 * together for one that is not an envelope (then judged again, whole, by {@link decodeStoredEvent}).
 */
export function decodeStoredRecord(body: string, location: string, stream: string, seq: number): RecordedEvent {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    value = undefined; // not JSON: decodeStoredEvent below says so
  }
  if (isQuickEnvelope(value)) return value as RecordedEvent;
  return decodeStoredEvent(body, { location, stream, seq });
}

/**
 * Returns the event a stored record holds when it is JSON that passes the quick envelope judgement, else undefined: a
 * reader then judges it whole with {@link decodeStoredEvent}, which accepts it or names what is wrong.
 */
export function quickStoredEvent(body: string): RecordedEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  return isQuickEnvelope(value) ? (value as RecordedEvent) : undefined;
}

/** As {@link decodeStoredEvent}, for a store that rebuilds the envelope from its columns with `decode`. */
export function storedEnvelope(decode: () => unknown, at: StoredAt): RecordedEvent {
  let value: unknown;
  try {
    value = decode();
  } catch (error) {
    const what = error instanceof SyntaxError ? 'is not valid JSON' : 'is not an event envelope';
    throw corrupt(at, `${what} (${(error as Error).message})`, error);
  }
  // A stored event passes the quick judgement or, failing it, the whole contract, which names what is wrong.
  if (isQuickEnvelope(value)) return value as RecordedEvent;
  const problem = envelopeProblem(value);
  if (problem === null) return value as RecordedEvent;
  throw corrupt(at, problem.field === '(root)' ? problem.message : `is not an event envelope (${problem.message})`);
}

function corrupt(at: StoredAt, what: string, cause?: unknown): IntegrityError {
  const where = [
    at.stream === undefined ? '' : `stream "${at.stream}"`,
    at.seq === undefined ? '' : `seq ${at.seq}`,
    at.position === undefined ? '' : `position ${at.position}`,
  ]
    .filter(Boolean)
    .join(' ');
  return new IntegrityError(
    `${at.location}: ${where || 'a stored event'} ${what}; the record was altered outside phasegate: ` +
      'verify the store, and restore it from a copy',
    at.stream,
    at.seq,
    cause === undefined ? undefined : { cause },
  );
}
