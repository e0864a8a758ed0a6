import { sha256Hex } from '../platform/sha256.ts';
import type { RecordedEvent, UnhashedEvent } from './envelope.ts';
import { isLastEventId } from '../ids.ts';
import { flat, omitted, write, writeString, type Shape } from './jcs.ts';

/**
 * Sealing's writer for the shapes an unhashed envelope has (its eleven required members, with or without
 * `causationId` and `correlationId`): the same bytes as the general encoder (jcs.ts), which writes every other shape,
 * cheaper (tests/envelope/envelopeWriter.test.ts holds the two byte-equal on generated events):
 * - each member is read once, by name, and the sealed copy is one object literal of those values in canonical key
 *   order, instead of `Object.assign` (0.35 us an event less; the append's quick check then meets its members in the
 *   order it checks them);
 * - the members that repeat from event to event are kept as runs: `,"occurredAt":…,"prev":`,
 *   `,"recordedAt":…,"schema":…,"seq":` and `,"stream":…,"type":…,"workflow":…}` are built once while their values
 *   repeat (each made one piece, jcs.ts `flat`), so the text hashed has a third of the pieces, which SHA-256 of it
 *   must first copy into one;
 * - a `prev` that is the hash this writer made last (the chain's next event), and an `id` that is the id
 *   `createEventId` made last, are quoted as they stand: neither holds a character JSON escapes.
 * docs/performance.md, "SQLite appends" and "Sealing", has what each saved and what was tried and dropped.
 */

/** What writing an envelope gave: the hashed text, where `hash` goes in it, the sealed copy and each member's JSON. */
export type WrittenEnvelope = {
  readonly hashed: string;
  /** The length of the hashed text before `hash`'s sorted place (after `data`). */
  readonly cut: number;
  readonly copy: { -readonly [K in keyof RecordedEvent]: RecordedEvent[K] };
  /** Each member's JSON, by its place in the shape's sorted keys (hash and sig are none of them). */
  readonly values: Array<string | undefined>;
};

/** The required members of an unhashed envelope, sorted; `causationId` and `correlationId` fall after `actor`. */
const requiredKeys = [
  'actor',
  'data',
  'id',
  'occurredAt',
  'prev',
  'recordedAt',
  'schema',
  'seq',
  'stream',
  'type',
  'workflow',
];

/** Which links a shape of an envelope has (1 causationId, 2 correlationId, 3 both), or -1 for any other shape. */
function linksOf(sorted: readonly string[]): number {
  let at = 1;
  let links = 0;
  if (sorted[at] === 'causationId') {
    links |= 1;
    at++;
  }
  if (sorted[at] === 'correlationId') {
    links |= 2;
    at++;
  }
  if (sorted.length !== requiredKeys.length + at - 1 || sorted[0] !== requiredKeys[0]) return -1;
  for (let i = 1; i < requiredKeys.length; i++) if (sorted[at + i - 1] !== requiredKeys[i]) return -1;
  return links;
}

/** The last shape met and its links: the events of a batch share one shape. */
let lastShape: Shape | undefined;
let lastLinks = -1;

/** The hash this writer made last: the `prev` of the chain's next event. */
let lastHash = '';

/**
 * The runs of repeating members, and the values each was built from: only strings and numbers, whose JSON is the
 * same whenever they are met again (an object may have changed since); anything else is kept as undefined, which no
 * member written here holds, so it is written afresh every time.
 */
let keptOccurredAt: unknown;
let occurredAtJson = '';
let occurredAtRun = '';
let keptRecordedAt: unknown;
let keptSchema: unknown;
let recordedAtJson = '';
let schemaJson = '';
let recordedAtRun = '';
let keptStream: unknown;
let keptType: unknown;
let keptWorkflow: unknown;
let streamJson = '';
let typeJson = '';
let workflowJson = '';
let streamRun = '';

/** A member's JSON: a string through the string writer, anything else through the general one. */
const member = (value: unknown, path: object[]): string =>
  typeof value === 'string' ? writeString(value) : write(value, path);

/** What a run is kept for: a string or a number as it stands, anything else as undefined. */
const keepable = (value: unknown): unknown =>
  typeof value === 'string' || typeof value === 'number' ? value : undefined;

/**
 * Writes an unhashed envelope of `shape` (its keys, from jcs.ts) and hashes it; returns null for another shape or a
 * member JSON leaves out (undefined, a function, a symbol), which the general encoder writes. Throws as it does on what
 * JSON cannot carry. `hash` is the returned copy's hash.
 */
export function writeEnvelope(event: UnhashedEvent, shape: Shape): WrittenEnvelope | null {
  if (shape !== lastShape) {
    lastShape = shape;
    lastLinks = linksOf(shape.sorted);
  }
  const links = lastLinks;
  if (links < 0) return null;
  // Each member read once: what is hashed is what is copied.
  const {
    actor,
    causationId,
    correlationId,
    data,
    id,
    occurredAt,
    prev,
    recordedAt,
    schema,
    seq,
    stream,
    type,
    workflow,
  } = event as unknown as Record<string, unknown>;
  if (
    omitted(actor) ||
    (links & 1 && omitted(causationId)) ||
    (links & 2 && omitted(correlationId)) ||
    omitted(data) ||
    omitted(id) ||
    omitted(occurredAt) ||
    omitted(prev) ||
    omitted(recordedAt) ||
    omitted(schema) ||
    omitted(seq) ||
    omitted(stream) ||
    omitted(type) ||
    omitted(workflow)
  )
    return null;
  // In sorted key order, so that what JSON cannot carry is refused where the general encoder refuses it.
  const path: object[] = [];
  const actorJson = write(actor, path);
  let head = `{"actor":${actorJson}`;
  const causationJson = links & 1 ? member(causationId, path) : '';
  if (links & 1) head += `,"causationId":${causationJson}`;
  const correlationJson = links & 2 ? member(correlationId, path) : '';
  if (links & 2) head += `,"correlationId":${correlationJson}`;
  const dataJson = write(data, path);
  head += `,"data":${dataJson}`;
  const idJson = isLastEventId(id) ? `"${id as string}"` : member(id, path);
  if (occurredAt !== keptOccurredAt) {
    occurredAtJson = member(occurredAt, path);
    occurredAtRun = flat(`,"occurredAt":${occurredAtJson},"prev":`);
    keptOccurredAt = keepable(occurredAt);
  }
  const prevJson = prev === lastHash ? `"${lastHash}"` : member(prev, path);
  if (recordedAt !== keptRecordedAt || schema !== keptSchema) {
    const recordedJson = member(recordedAt, path);
    const versionJson = member(schema, path);
    recordedAtRun = flat(`,"recordedAt":${recordedJson},"schema":${versionJson},"seq":`);
    recordedAtJson = recordedJson;
    schemaJson = versionJson;
    keptRecordedAt = keepable(recordedAt);
    keptSchema = keepable(schema);
  }
  const seqJson = typeof seq === 'number' && Number.isFinite(seq) ? `${seq}` : member(seq, path);
  if (stream !== keptStream || type !== keptType || workflow !== keptWorkflow) {
    const streamValue = member(stream, path);
    const typeValue = member(type, path);
    const workflowValue = member(workflow, path);
    streamRun = flat(`,"stream":${streamValue},"type":${typeValue},"workflow":${workflowValue}}`);
    streamJson = streamValue;
    typeJson = typeValue;
    workflowJson = workflowValue;
    keptStream = keepable(stream);
    keptType = keepable(type);
    keptWorkflow = keepable(workflow);
  }
  // Each member's JSON in the shape's key order: one literal (cheaper than an array filled one by one), and a link,
  // where an event has one, put in its place after the actor.
  const values = [
    actorJson,
    dataJson,
    idJson,
    occurredAtJson,
    prevJson,
    recordedAtJson,
    schemaJson,
    seqJson,
    streamJson,
    typeJson,
    workflowJson,
  ];
  if (links & 2) values.splice(1, 0, correlationJson);
  if (links & 1) values.splice(1, 0, causationJson);
  const hashed = `${head},"id":${idJson}${occurredAtRun}${prevJson}${recordedAtRun}${seqJson}${streamRun}`;
  const hash = sha256Hex(hashed);
  lastHash = hash;
  // One literal per shape, its members in canonical order. Members under a symbol key, which no envelope has and no
  // store keeps, are not copied (Object.assign would copy them).
  const copy =
    links === 0
      ? { actor, data, hash, id, occurredAt, prev, recordedAt, schema, seq, stream, type, workflow }
      : links === 1
        ? { actor, causationId, data, hash, id, occurredAt, prev, recordedAt, schema, seq, stream, type, workflow }
        : links === 2
          ? { actor, correlationId, data, hash, id, occurredAt, prev, recordedAt, schema, seq, stream, type, workflow }
          : {
              actor,
              causationId,
              correlationId,
              data,
              hash,
              id,
              occurredAt,
              prev,
              recordedAt,
              schema,
              seq,
              stream,
              type,
              workflow,
            };
  return { hashed, cut: head.length, copy: copy as unknown as WrittenEnvelope['copy'], values };
}
