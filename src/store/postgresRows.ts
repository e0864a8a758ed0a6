import { canonicalJson } from '../envelope/canonical.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';

/**
 * How the PostgreSQL store keeps an event (README "Stores"): each field once. `stream`, `seq` and `id` are columns;
 * `hash` and `prev` are `bytea` columns (32 bytes each) when they are lowercase hex SHA-256 digests, as every sealed
 * event's are; the rest of the envelope is `body`. A body in the compact form is a JSON array of the remaining
 * fields in a fixed order, without their names; anything else (an envelope with other members, a hash that is not
 * a hex digest) is kept in the general form: a JSON object of every member but the columns'. Either reads back as
 * the same envelope, so the canonical bytes (and the hash) come out the same.
 */
export type EventRow = {
  readonly id: string;
  /** Hex of the `hash` column, or null when the body keeps the hash. */
  readonly hash: string | null;
  /** Hex of the `prev` column, or null when the body keeps it. */
  readonly prev: string | null;
  readonly body: string;
};

/** The compact body's fields, in order; the last three are optional (absent: null, or left off at the end). */
const compact = ['actor', 'data', 'occurredAt', 'recordedAt', 'schema', 'type', 'workflow', 'causationId', 'correlationId', 'sig'] as const;
const required = 7;
const columns = new Set(['id', 'stream', 'seq', 'hash', 'prev']);
const known = new Set<string>([...compact, ...columns]);
const digest = /^[0-9a-f]{64}$/;

/** Returns the columns an event is stored as (see {@link EventRow}). */
export function toRow(event: RecordedEvent): EventRow {
  const fields = event as unknown as Record<string, unknown>;
  const binary = typeof event.hash === 'string' && typeof event.prev === 'string' && digest.test(event.hash) && digest.test(event.prev);
  let fits = binary;
  for (const key in fields) {
    if (fields[key] !== undefined && !known.has(key)) fits = false;
  }
  for (let i = 0; fits && i < compact.length; i++) {
    const value = fields[compact[i]!];
    if (i < required ? value === undefined : value === null) fits = false;
  }
  if (fits) {
    const values: string[] = [];
    let last = required;
    for (let i = 0; i < compact.length; i++) {
      const value = fields[compact[i]!];
      values.push(value === undefined ? 'null' : canonicalJson(value));
      if (value !== undefined) last = i + 1;
    }
    return { id: event.id, hash: event.hash, prev: event.prev, body: `[${values.slice(0, last).join(',')}]` };
  }
  const rest: Record<string, unknown> = {};
  for (const key in fields) {
    if (key === 'id' || key === 'stream' || key === 'seq' || (binary && (key === 'hash' || key === 'prev'))) continue;
    rest[key] = fields[key];
  }
  return { id: event.id, hash: binary ? event.hash : null, prev: binary ? event.prev : null, body: canonicalJson(rest) };
}

/** Returns the event a row holds: the inverse of {@link toRow}. */
export function fromRow(stream: string, seq: number, id: string, hash: string | null, prev: string | null, body: string): RecordedEvent {
  const parsed = JSON.parse(body) as unknown;
  if (!Array.isArray(parsed)) {
    const event = parsed as Record<string, unknown>;
    event.id = id;
    event.stream = stream;
    event.seq = seq;
    if (hash !== null) event.hash = hash;
    if (prev !== null) event.prev = prev;
    return event as unknown as RecordedEvent;
  }
  const v = parsed as unknown[];
  const event: Record<string, unknown> = {
    id,
    stream,
    seq,
    type: v[5],
    schema: v[4],
    workflow: v[6],
    occurredAt: v[2],
    recordedAt: v[3],
    actor: v[0],
    data: v[1],
    prev,
    hash,
  };
  if (v.length > 7) {
    if (v[7] != null) event.causationId = v[7];
    if (v[8] != null) event.correlationId = v[8];
    if (v[9] != null) event.sig = v[9];
  }
  return event as unknown as RecordedEvent;
}
