import { hash as digest } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { encodeEvent, hashEvent } from '../event/canonical.ts';
import type { RecordedEvent, Signature } from '../event/envelope.ts';

/** What verification reads from one stored event. */
export type ChainFields = {
  readonly stream: string;
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly recordedAt: string;
  readonly actorId: string;
  readonly sig: Signature | undefined;
};

/** A stored line that is not an intact event: unreadable, or altered since it was hashed. */
export type LineDefect = {
  readonly kind: 'unreadable' | 'altered';
  readonly reason: string;
  /** The stream and seq the line names, as far as they can be read from it. */
  readonly stream?: string;
  readonly seq?: number;
};

/** The outcome of reading one line: its fields when intact, or what is wrong with it. */
export type LineReading = { readonly ok: true; readonly fields: ChainFields } | { readonly ok: false; readonly defect: LineDefect };

const hashKey = '"hash":"';

/**
 * Reads a stored JSONL line. The fast path hashes the line's own bytes minus its top-level `hash` (and `sig`) member,
 * which for a canonical line are exactly the hashed bytes, and takes seq, prev and stream from the fixed tail; only a
 * line that fails it is parsed, to say what is wrong. An accepted line is byte for byte the canonical form of an event
 * whose hash matches its content. With `disposable`, the bytes of an intact line may be overwritten (they are read
 * once, and then no longer needed); a line that is not intact is left as it was.
 */
export function readLine(bytes: Buffer, withActor = true, disposable = false): LineReading {
  if (bytes.length === 0) return { ok: false, defect: { kind: 'unreadable', reason: 'the line is empty' } };
  const fields = readFast(bytes, withActor, disposable);
  return fields !== null ? { ok: true, fields } : readSlow(bytes.toString('utf8'), bytes);
}

let scratch = Buffer.allocUnsafe(1 << 16);
const hashNeedle = Buffer.from(hashKey, 'latin1');
/** The shortest possible tail after the hash member is longer than this: the search for it starts this far back. */
const minTail = 180;
const actorPrefix = '{"actor":{"id":"';

/**
 * The fast path. The hash member must be followed by `,"id":"` and by a flat tail (no object or array but the sig,
 * no escape), which puts it at the top level, right where the canonical form has it; the line minus that member (and
 * the sig member) must then hash to it, which makes the rest of the line the hashed content, byte for byte.
 */
function readFast(bytes: Buffer, withActor: boolean, disposable: boolean): ChainFields | null {
  const at = bytes.length > minTail + 80 ? bytes.lastIndexOf(hashNeedle, bytes.length - minTail) : -1;
  if (at < 1 || bytes[at - 1] !== 44) return null;
  // Decoded from the hash member on: stored hash, then the tail.
  const text = bytes.toString('latin1', at);
  if (text.charCodeAt(72) !== 34 || !text.startsWith(',"id":"', 73)) return null;
  const stored = text.slice(8, 72);
  if (text.indexOf('[', 73) !== -1 || text.indexOf('\\', 73) !== -1) return null;
  const prevAt = text.indexOf('","prev":"', 80) + 10;
  const recordedAt = text.indexOf('","recordedAt":"', prevAt + 64) + 16;
  const recordedEnd = text.indexOf('"', recordedAt);
  const seqAt = text.indexOf(',"seq":', recordedEnd) + 7;
  const seqEnd = text.indexOf(',', seqAt);
  if (prevAt < 10 || recordedAt < 16 || seqAt < 7 || seqEnd === -1) return null;
  let cutFrom = -1;
  let cutTo = -1;
  let sig: Signature | undefined;
  if (text.indexOf('{', 73) !== -1) {
    // The only object allowed in the tail is the sig, right after seq.
    if (!text.startsWith(',"sig":{"alg":"ed25519","keyId":"', seqEnd)) return null;
    const keyAt = seqEnd + 33;
    const keyEnd = text.indexOf('"', keyAt);
    const valueAt = keyEnd + 11;
    const valueEnd = text.indexOf('"', valueAt);
    if (!text.startsWith('","value":"', keyEnd) || valueEnd === -1 || text.charCodeAt(valueEnd + 1) !== 125) return null;
    sig = { keyId: text.slice(keyAt, keyEnd), alg: 'ed25519', value: text.slice(valueAt, valueEnd) };
    cutFrom = seqEnd;
    cutTo = valueEnd + 2;
    if (text.indexOf('{', cutTo) !== -1) return null;
  }
  const streamKey = cutTo === -1 ? seqEnd : cutTo;
  if (!text.startsWith(',"stream":"', streamKey)) return null;
  const streamAt = streamKey + 11;
  const streamEnd = text.indexOf('"', streamAt);
  const closing = text.indexOf('}', streamEnd);
  if (closing !== text.length - 1 || text.charCodeAt(closing - 1) !== 34) return null;
  const seq = Number(text.slice(seqAt, seqEnd));
  if (!Number.isSafeInteger(seq) || seq < 1) return null;
  // The content starts with the actor (keys are sorted); its id is read only when signatures are checked.
  let actorId = '';
  if (withActor) {
    const actorEnd = bytes.indexOf(34, actorPrefix.length);
    if (actorEnd === -1 || actorEnd > at || bytes.toString('latin1', 0, actorPrefix.length) !== actorPrefix) return null;
    actorId = bytes.toString('latin1', actorPrefix.length, actorEnd);
  }
  // The hashed bytes: the line before `,"hash":"…"`, then the tail after it without the sig member.
  const head = at - 1;
  const tail = at + 73;
  const hashedLength = bytes.length - 74 - (cutTo - cutFrom);
  let hashed: Buffer;
  if (cutFrom === -1 && disposable) {
    // Slide the part before the hash member over it: the hashed bytes are then the line's last ones, no copy out.
    bytes.copyWithin(74, 0, head);
    hashed = bytes.subarray(74);
  } else {
    if (scratch.length < hashedLength) scratch = Buffer.allocUnsafe(hashedLength * 2);
    bytes.copy(scratch, 0, 0, head);
    if (cutFrom === -1) {
      bytes.copy(scratch, head, tail);
    } else {
      bytes.copy(scratch, head, tail, at + cutFrom);
      bytes.copy(scratch, head + cutFrom - 73, at + cutTo);
    }
    hashed = scratch.subarray(0, hashedLength);
  }
  if (digest('sha256', hashed, 'hex') !== stored) {
    if (cutFrom === -1 && disposable) restore(bytes, head, stored);
    return null;
  }
  return {
    stream: text.slice(streamAt, streamEnd),
    seq,
    prev: text.slice(prevAt, prevAt + 64),
    hash: stored,
    recordedAt: text.slice(recordedAt, recordedEnd),
    actorId,
    sig,
  };
}

/** Puts back what sliding the head over the hash member overwrote. */
function restore(bytes: Buffer, head: number, stored: string): void {
  bytes.copyWithin(0, 74, head + 74);
  bytes.write(`,"hash":"${stored}"`, head, 'latin1');
}

function readSlow(line: string, bytes: Buffer): LineReading {
  const where = locate(line);
  const defect = (kind: LineDefect['kind'], reason: string): LineReading => ({ ok: false, defect: { kind, reason, ...where } });
  if (!isUtf8(bytes)) return defect('unreadable', 'the line is not valid UTF-8');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return defect('unreadable', `the line is not valid JSON (${(error as Error).message})`);
  }
  const shape = envelopeProblem(value);
  if (shape !== null) return defect('unreadable', `the line is not an event envelope: ${shape}`);
  const event = value as RecordedEvent;
  const named = { stream: event.stream, seq: event.seq };
  let computed: string;
  let canonical: string;
  try {
    computed = hashEvent(event);
    canonical = encodeEvent(event);
  } catch (error) {
    return { ok: false, defect: { kind: 'unreadable', reason: `the event cannot be put in canonical form (${(error as Error).message})`, ...named } };
  }
  if (computed !== event.hash) {
    return { ok: false, defect: { kind: 'altered', reason: 'its content does not match its hash (the event was changed after it was recorded)', ...named } };
  }
  if (canonical !== line) {
    return { ok: false, defect: { kind: 'altered', reason: 'the line is not in the canonical form the engine writes (it was edited)', ...named } };
  }
  return { ok: true, fields: fieldsOf(event) };
}

/** Returns the chain fields of a parsed event (a store's read); `hashOk` says whether its hash matches its content. */
export function readEvent(event: RecordedEvent): { readonly fields: ChainFields; readonly hashOk: boolean } {
  const shape = envelopeProblem(event);
  if (shape !== null) throw new TypeError(shape);
  return { fields: fieldsOf(event), hashOk: hashEvent(event) === event.hash };
}

function fieldsOf(event: RecordedEvent): ChainFields {
  return { stream: event.stream, seq: event.seq, prev: event.prev, hash: event.hash, recordedAt: event.recordedAt, actorId: event.actor.id, sig: event.sig };
}

/** Returns what keeps `value` from being an envelope verification can read, or null. */
export function envelopeProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const e = value as Record<string, unknown>;
  if (typeof e.stream !== 'string') return 'stream is missing';
  if (!Number.isInteger(e.seq) || (e.seq as number) < 1) return 'seq is not a whole number >= 1';
  if (typeof e.prev !== 'string') return 'prev is missing';
  if (typeof e.hash !== 'string') return 'hash is missing';
  if (typeof e.recordedAt !== 'string') return 'recordedAt is missing';
  const actor = e.actor as Record<string, unknown> | null | undefined;
  if (actor === null || typeof actor !== 'object' || typeof actor.id !== 'string') return 'actor is missing';
  if (e.sig !== undefined && (e.sig === null || typeof e.sig !== 'object')) return 'sig is not an object';
  return null;
}

/** Returns the stream and seq a damaged line names, read leniently from the text. */
function locate(line: string): { stream?: string; seq?: number } {
  const streamAt = line.lastIndexOf('"stream":"');
  const stream = streamAt === -1 ? undefined : /^"stream":"([A-Za-z0-9._-]{1,128})"/.exec(line.slice(streamAt))?.[1];
  const seqAt = line.lastIndexOf('"seq":');
  const seqText = seqAt === -1 ? undefined : /^"seq":([1-9]\d{0,14})[,}]/.exec(line.slice(seqAt))?.[1];
  return { ...(stream === undefined ? {} : { stream }), ...(seqText === undefined ? {} : { seq: Number(seqText) }) };
}
