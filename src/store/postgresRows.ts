import { canonicalJson, sealedValuesJson, type SealedValues } from '../envelope/canonical.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { isDigest } from '../envelope/quickEnvelope.ts';

/**
 * How the PostgreSQL store keeps an event (README "Stores"): each field once. `stream`, `seq` and `id` are columns.
 * An event in the compact form (every sealed event: hash and prev lowercase hex SHA-256 digests, `recordedAt` as
 * `Date.toISOString` writes it, no members beyond the envelope's) keeps hash and prev as `bytea` (32 bytes each),
 * `recordedAt` as milliseconds since 1970, and the rest of the envelope as a JSON array of its values in a fixed
 * order, without their names. Any other event keeps those three columns null and its body in the general form: a
 * JSON object of every member but stream, seq and id. Either reads back as the same envelope, so its canonical
 * bytes (and its hash) come out the same.
 */
export type EventRow = {
  readonly id: string;
  /** Hex of the `hash` column, or null when the body keeps the hash (the general form). */
  readonly hash: string | null;
  /** Hex of the `prev` column, or null in the general form. */
  readonly prev: string | null;
  /** `recordedAt` in milliseconds since 1970, or null in the general form. */
  readonly recorded: number | null;
  readonly body: string;
};

/** The compact body's fields, in order; the last three are optional (absent: null, or left off at the end). */
const compact = [
  'actor',
  'data',
  'occurredAt',
  'schema',
  'type',
  'workflow',
  'causationId',
  'correlationId',
  'sig',
] as const;
const required = 6;
const known = new Set<string>([...compact, 'id', 'stream', 'seq', 'hash', 'prev', 'recordedAt']);
const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The last `recordedAt` converted: the events of one append share it. */
let lastMillis: { iso: unknown; ms: number | null } = { iso: undefined, ms: null };

/** `recordedAt` in milliseconds when `toISOString` gives it back exactly, else null. */
function millis(recordedAt: unknown): number | null {
  if (lastMillis.iso === recordedAt) return lastMillis.ms;
  let ms: number | null = null;
  if (typeof recordedAt === 'string' && isoTime.test(recordedAt)) {
    const parsed = Date.parse(recordedAt);
    if (Number.isFinite(parsed) && new Date(parsed).toISOString() === recordedAt) ms = parsed;
  }
  lastMillis = { iso: recordedAt, ms };
  return ms;
}

/** The JSON of a member's value: as sealing computed it (an event sealed in this process), else encoded afresh. */
const jsonOf = (sealed: SealedValues | undefined, name: string, value: unknown): string =>
  sealed?.get(name) ?? canonicalJson(value);

/**
 * Returns the compact body of an event whose members are all envelope fields, or null when one it needs is missing
 * (a required one undefined, an optional one null). The fields are read by name, one by one: reading them by a
 * computed key from a list of names, into an array joined at the end, cost half the time of the whole append's
 * encoding (about 2.6 us of 5.3 an event).
 */
function compactBody(event: RecordedEvent): string | null {
  const { actor, data, occurredAt, schema, type, workflow, causationId, correlationId, sig } = event as {
    [K in (typeof compact)[number]]?: unknown;
  };
  if (actor === undefined || data === undefined || occurredAt === undefined) return null;
  if (schema === undefined || type === undefined || workflow === undefined) return null;
  if (causationId === null || correlationId === null || sig === null) return null;
  const sealed = sealedValuesJson(event); // the values' JSON as sealing computed it, if it did
  let body =
    `[${jsonOf(sealed, 'actor', actor)},${jsonOf(sealed, 'data', data)},${jsonOf(sealed, 'occurredAt', occurredAt)},` +
    `${jsonOf(sealed, 'schema', schema)},${jsonOf(sealed, 'type', type)},${jsonOf(sealed, 'workflow', workflow)}`;
  // The optional ones: absent ones are null, and left off after the last present one.
  if (sig !== undefined || correlationId !== undefined || causationId !== undefined) {
    body += causationId === undefined ? ',null' : `,${jsonOf(sealed, 'causationId', causationId)}`;
    if (sig !== undefined || correlationId !== undefined) {
      body += correlationId === undefined ? ',null' : `,${jsonOf(sealed, 'correlationId', correlationId)}`;
      if (sig !== undefined) body += `,${jsonOf(sealed, 'sig', sig)}`;
    }
  }
  return `${body}]`;
}

/**
 * The last `hash` that passed `isDigest` here (at first a digest of zeros): an event's `prev` is most often the `hash`
 * of the event just before it in the batch, and a string equal to a digest is one, so it passes without its 64
 * characters looked at again (a quarter of a compact row's time: docs/performance.md, "PostgreSQL appends and reads
 * against Emmett").
 */
let lastDigest = '0'.repeat(64);

/** Returns the columns an event is stored as (see {@link EventRow}). */
export function toRow(event: RecordedEvent): EventRow {
  const fields = event as unknown as Record<string, unknown>;
  const recorded = millis(event.recordedAt);
  const hash = event.hash;
  const hashFits = recorded !== null && isDigest(hash);
  let fits = hashFits && (event.prev === lastDigest || isDigest(event.prev));
  if (hashFits) lastDigest = hash;
  for (const key in fields) {
    if (fields[key] !== undefined && !known.has(key)) fits = false;
  }
  const body = fits ? compactBody(event) : null;
  if (body !== null) return { id: event.id, hash: event.hash, prev: event.prev, recorded, body };
  const rest: Record<string, unknown> = {};
  for (const key in fields) if (key !== 'id' && key !== 'stream' && key !== 'seq') rest[key] = fields[key];
  return { id: event.id, hash: null, prev: null, recorded: null, body: canonicalJson(rest) };
}

/** The last `recordedAt` read back: the events of one append share it, and `toISOString` costs as much as a parse. */
let lastTime = { ms: '', iso: '' };

/** Returns `recordedAt` from the column's milliseconds (raw text). */
function isoOf(ms: string): string {
  if (lastTime.ms !== ms) lastTime = { ms, iso: new Date(Number(ms)).toISOString() };
  return lastTime.iso;
}

/** Returns the event a row holds: the inverse of {@link toRow}. */
export function fromRow(
  stream: string,
  seq: number,
  id: string,
  hash: string,
  prev: string,
  recorded: string | null,
  body: string,
): RecordedEvent {
  return eventOfValues(stream, seq, id, hash, prev, recorded, JSON.parse(body));
}

/** As {@link fromRow}, with the body already parsed. */
export function eventOfValues(
  stream: string,
  seq: number,
  id: string,
  hash: string,
  prev: string,
  recorded: string | null,
  parsed: unknown,
): RecordedEvent {
  if (recorded === null) {
    const event = parsed as Record<string, unknown>;
    event.id = id;
    event.stream = stream;
    event.seq = seq;
    return event as unknown as RecordedEvent;
  }
  if (!Array.isArray(parsed) || parsed.length > compact.length) {
    // A compact body is an array of at most the compact fields: anything else was written outside phasegate.
    throw new Error(`its compact body must be an array of at most ${compact.length} values`);
  }
  const v: unknown[] = parsed;
  const event: Record<string, unknown> = {
    id,
    stream,
    seq,
    type: v[4],
    schema: v[3],
    workflow: v[5],
    occurredAt: v[2],
    recordedAt: isoOf(recorded),
    actor: v[0],
    data: v[1],
    prev,
    hash,
  };
  if (v.length > required) {
    if (v[6] != null) event.causationId = v[6];
    if (v[7] != null) event.correlationId = v[7];
    if (v[8] != null) event.sig = v[8];
  }
  return event as unknown as RecordedEvent;
}
