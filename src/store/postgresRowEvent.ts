import { envelopeRules } from '../envelope/contract.ts';
import { actorFits, dataFits, fits, remembering } from '../envelope/quickEnvelope.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { eventOfValues } from './postgresRows.ts';

/**
 * The event a compact PostgreSQL row holds (postgresRows.ts), judged by the envelope contract (src/envelope/contract.ts,
 * README "Stores": every store reads events through the one contract) at the cost of the checks a row can fail.
 * `envelopeProblem` judges a parsed object of unknown shape; a compact row is rebuilt by `fromRow` with exactly
 * the envelope's fields, so the field set needs no check, and what the columns make certain is not checked again:
 * `hash` and `prev` come from `encode(bytea, 'hex')` (lowercase hex, so only their length can be wrong), `recordedAt`
 * from milliseconds. Every other field goes through its rule from `envelopeRules`; the string fields that repeat from
 * row to row (stream, type, workflow, occurredAt, recordedAt) remember the last value that passed, so a long stream
 * runs each of those rules about once.
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
  if (!Number.isSafeInteger(seq) || seq < 1 || !streamFits(stream) || !idFits(id)) return null;
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length < 6 || v.length > 9) return null;
  if (!actorFits(v[0]) || !dataFits(v[1]) || !occurredFits(v[2]) || !schemaFits(v[3])) return null;
  if (!typeFits(v[4]) || !workflowFits(v[5])) return null;
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
  return recordedFits(event.recordedAt) ? event : null;
}

const streamFits = remembering(envelopeRules.stream!);
const typeFits = remembering(envelopeRules.type!);
const workflowFits = remembering(envelopeRules.workflow!);
const occurredFits = remembering(envelopeRules.occurredAt!);
const recordedFits = remembering(envelopeRules.recordedAt!);
const idFits = fits(envelopeRules.id!);
const causationFits = fits(envelopeRules.causationId!);
const correlationFits = fits(envelopeRules.correlationId!);
const schemaFits = fits(envelopeRules.schema!);
const sigFits = fits(envelopeRules.sig!);
