import { envelopeRules } from '../envelope/contract.ts';
import { actorFits, dataFits, fits } from '../envelope/quickEnvelope.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { eventOfValues } from './postgresRows.ts';

/**
 * The event a compact PostgreSQL row holds (postgresRows.ts), judged by the envelope contract (src/envelope/contract.ts,
 * README "Stores": every store reads events through the one contract) at the cost of the checks a row can fail.
 * `envelopeProblem` judges a parsed object of unknown shape; a compact row is rebuilt by `fromRow` with exactly
 * the envelope's fields, so the field set needs no check, and what the columns make certain is not checked again:
 * `hash` and `prev` come from `encode(bytea, 'hex')` (lowercase hex, so only their length can be wrong), `recordedAt`
 * from milliseconds. Every other field goes through its rule from `envelopeRules`; the string fields that repeat from
 * row to row (stream, type, workflow, occurredAt, recordedAt) pass when they equal the last value that passed (rules
 * are pure), kept in module variables and compared inline as the quick envelope check does (quickEnvelope.ts), so a
 * long stream runs each of those rules about once (docs/performance.md, "PostgreSQL appends and reads against Emmett").
 *
 * Returns null for a row in the general form (recorded null) and for any row that fails a check: the caller then
 * judges the row with the whole contract, whose message names what is wrong. So this path only ever accepts what
 * the whole contract accepts (tests/store/postgresRowEvent.test.ts compares the two on generated hostile rows).
 */
export function compactRowEvent(
  stream: string,
  seq: number,
  id: string,
  hash: string,
  prev: string,
  recorded: string | null,
  body: string,
): RecordedEvent | null {
  if (recorded === null || hash?.length !== 64 || prev?.length !== 64) return null;
  if (!Number.isSafeInteger(seq) || seq < 1 || !idFits(id)) return null;
  if (stream !== lastStream) {
    if (!streamFits(stream)) return null;
    lastStream = stream;
  }
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length < 6 || v.length > 9) return null;
  if (!actorFits(v[0]) || !dataFits(v[1])) return null;
  const schema: unknown = v[3];
  if (!Number.isSafeInteger(schema) || (schema as number) < 1) return null;
  const occurredAt: unknown = v[2];
  if (occurredAt !== lastOccurredAt) {
    if (!occurredFits(occurredAt)) return null;
    lastOccurredAt = occurredAt;
  }
  const type: unknown = v[4];
  if (type !== lastType) {
    if (!typeFits(type)) return null;
    lastType = type;
  }
  const workflow: unknown = v[5];
  if (workflow !== lastWorkflow) {
    if (!workflowFits(workflow)) return null;
    lastWorkflow = workflow;
  }
  if (v.length > 6) {
    if (v[6] != null && !causationFits(v[6])) return null;
    if (v[7] != null && !correlationFits(v[7])) return null;
    if (v[8] != null && !sigFits(v[8])) return null;
  }
  let event: RecordedEvent;
  try {
    event = eventOfValues(stream, seq, id, hash, prev, recorded, v);
  } catch {
    return null; // milliseconds no Date can hold
  }
  const recordedAt = event.recordedAt;
  if (recordedAt !== lastRecordedAt) {
    if (!recordedFits(recordedAt)) return null;
    lastRecordedAt = recordedAt;
  }
  return event;
}

/** What no field holds: the remembered values before any passed (a frozen object of this module's own). */
const none: unknown = Object.freeze({});
/** The last value of each repeating field that passed its rule (module-wide: rules are pure). */
let lastStream: unknown = none;
let lastOccurredAt: unknown = none;
let lastType: unknown = none;
let lastWorkflow: unknown = none;
let lastRecordedAt: unknown = none;

const streamFits = fits(envelopeRules.stream!);
const typeFits = fits(envelopeRules.type!);
const workflowFits = fits(envelopeRules.workflow!);
const occurredFits = fits(envelopeRules.occurredAt!);
const recordedFits = fits(envelopeRules.recordedAt!);
const idFits = fits(envelopeRules.id!);
const causationFits = fits(envelopeRules.causationId!);
const correlationFits = fits(envelopeRules.correlationId!);
const sigFits = fits(envelopeRules.sig!);
