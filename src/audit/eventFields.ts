import { isUtf8 } from 'node:buffer';
import { encodeEvent, hashEvent } from '../envelope/canonical.ts';
import { envelopeProblem } from '../envelope/contract.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { ChainFields, LineDefect, LineReading } from './lineFields.ts';

/**
 * Verify's slow path (lineFields.ts takes a line the fast path does not): the line is parsed, held to the envelope
 * contract, re-hashed and re-encoded, and what is wrong with it is named. Also the chain fields of a store's events.
 */
export function readSlow(line: string, bytes: Buffer): LineReading {
  const where = locate(line);
  if (!isUtf8(bytes)) return defective('unreadable', 'the line is not valid UTF-8', where);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return defective('unreadable', `the line is not valid JSON (${(error as Error).message})`, where);
  }
  const shape = envelopeProblem(value);
  if (shape !== null) return defective('unreadable', `the line is not an event envelope: ${shape.message}`, where);
  const event = value as RecordedEvent;
  const named = { stream: event.stream, seq: event.seq };
  let computed: string;
  let canonical: string;
  try {
    computed = hashEvent(event);
    canonical = encodeEvent(event);
  } catch (error) {
    return defective('unreadable', `the event cannot be put in canonical form (${(error as Error).message})`, named);
  }
  if (computed !== event.hash) {
    return defective(
      'altered',
      'its content does not match its hash (the event was changed after it was recorded)',
      named,
    );
  }
  if (canonical !== line) {
    return defective('altered', 'the line is not in the canonical form the engine writes (it was edited)', named);
  }
  return { outcome: 'read', fields: fieldsOf(event) };
}

/** A line verify cannot take, with what is wrong and where: as far as the line tells, or as the event names it. */
function defective(
  kind: LineDefect['kind'],
  reason: string,
  at: { readonly stream?: string; readonly seq?: number },
): LineReading {
  return { outcome: 'defective', defect: { kind, reason, ...at } };
}

/** Returns the chain fields of a parsed event (a store's read); `hashOk` says whether its hash matches its content. */
export function readEvent(event: RecordedEvent): { readonly fields: ChainFields; readonly hashOk: boolean } {
  const shape = envelopeProblem(event);
  if (shape !== null) throw new TypeError(shape.message);
  return { fields: fieldsOf(event), hashOk: hashEvent(event) === event.hash };
}

function fieldsOf(event: RecordedEvent): ChainFields {
  return {
    stream: event.stream,
    seq: event.seq,
    prev: event.prev,
    hash: event.hash,
    recordedAt: event.recordedAt,
    actorId: event.actor.id,
    sig: event.sig,
    id: event.id,
    workflow: event.workflow,
  };
}

/** Returns the stream and seq a damaged line names, read leniently from the text. */
function locate(line: string): { stream?: string; seq?: number } {
  const streamAt = line.lastIndexOf('"stream":"');
  const stream = streamAt === -1 ? undefined : /^"stream":"([A-Za-z0-9._-]{1,128})"/.exec(line.slice(streamAt))?.[1];
  const seqAt = line.lastIndexOf('"seq":');
  const seqText = seqAt === -1 ? undefined : /^"seq":([1-9]\d{0,14})[,}]/.exec(line.slice(seqAt))?.[1];
  return { ...(stream === undefined ? {} : { stream }), ...(seqText === undefined ? {} : { seq: Number(seqText) }) };
}
