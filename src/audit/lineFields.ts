import { hash as digest } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { envelopeFields, envelopeRules, requiredEnvelopeFields, type StringField } from '../envelope/contract.ts';
import type { Signature } from '../envelope/envelope.ts';
import { plainFormatChecks } from '../envelope/plainFormats.ts';
import { canonicalMembers, type LineMembers } from './canonicalScan.ts';
import { readSlow } from './eventFields.ts';

/** What verification reads from one stored event. */
export type ChainFields = {
  readonly stream: string;
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly recordedAt: string;
  readonly actorId: string;
  readonly sig: Signature | undefined;
  /** The event's `id` and `workflow`: empty when {@link readLine} was not asked for them (`withIds`). */
  readonly id: string;
  readonly workflow: string;
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
export type LineReading =
  | { readonly outcome: 'read'; readonly fields: ChainFields }
  | { readonly outcome: 'defective'; readonly defect: LineDefect };

/**
 * Reads a stored JSONL line. The fast path takes a line only when it is, byte for byte, canonical JSON of an object
 * (checked in one pass, without building the object) whose envelope fields are plain (no escapes): it then hashes
 * the line's own bytes minus its top-level `hash` and `sig` members, which for such a line are exactly the bytes
 * `hashEvent` hashes. Every other line, and every line whose hash does not match, is parsed by the slow path, which
 * says what is wrong with it; so both paths accept exactly the same lines, each the canonical form of an event whose
 * hash matches its content. The line's bytes are only read. `withActor` and `withIds` ask for the fields that only
 * some readers need (signatures need the actor's id; a store's rows are held to their event's id and workflow).
 * `ascii`, when the caller has it, is the line as a string whose every character is one of its bytes (an ASCII line).
 */
export function readLine(bytes: Buffer, withActor = true, withIds = false, ascii?: string): LineReading {
  if (bytes.length === 0) return { outcome: 'defective', defect: { kind: 'unreadable', reason: 'the line is empty' } };
  const fields = readFast(bytes, withActor, withIds, ascii);
  return fields !== null ? { outcome: 'read', fields } : readSlow(ascii ?? bytes.toString('utf8'), bytes);
}

let scratch = Buffer.allocUnsafe(1 << 16);
/** Views of `scratch`'s first n bytes, by n (up to 4 KiB; a longer line's is made for it). */
const scratchViews = new Array<Buffer | undefined>(4096).fill(undefined);
function scratchView(length: number): Buffer {
  if (length >= scratchViews.length) return scratch.subarray(0, length);
  return (scratchViews[length] ??= scratch.subarray(0, length));
}
/** `,"hash":"` + 64 hex digits + `"`: the bytes the hash member takes up. */
const hashMemberLength = 74;
const actorPrefixLength = '{"id":"'.length;
const rolePrefixLength = '","role":"'.length;

/** The envelope's fields in canonical order (the contract's), their rules, and which of them every event has. */
const fieldNames = envelopeFields;
const fieldCount = fieldNames.length;
const fieldRules = fieldNames.map((name) => envelopeRules[name]!);
const fieldRequired = fieldNames.map((name) => requiredEnvelopeFields.has(name));
const fieldLengths = Int32Array.from(fieldNames.map((name) => name.length));
// The fast path matches a line's top-level keys against the fields in this order, one after the other, and so takes
// them to strictly increase (canonical order) without the scan comparing them: the order must be exactly that.
if (fieldNames.some((name, i) => i > 0 && !(fieldNames[i - 1]! < name)))
  throw new Error('the envelope fields are not in canonical (UTF-16 code unit) order');

/** The fields' names as bytes (ASCII): a line's keys are compared byte by byte, faster than by `charCodeAt`. */
const fieldCodes = fieldNames.map((name) => Uint8Array.from(name, (c) => c.charCodeAt(0)));

/** True when `bytes` hold `name` at `at` (the caller has checked the length). */
function isKey(bytes: Buffer, at: number, name: Uint8Array): boolean {
  for (let i = 0; i < name.length; i++) if (bytes[at + i] !== name[i]) return false;
  return true;
}
const fieldIndex = (name: string): number => fieldNames.indexOf(name);
const ACTOR = fieldIndex('actor');
const DATA = fieldIndex('data');
const HASH = fieldIndex('hash');
const ID = fieldIndex('id');
const PREV = fieldIndex('prev');
const RECORDED_AT = fieldIndex('recordedAt');
const SCHEMA = fieldIndex('schema');
const SEQ = fieldIndex('seq');
const SIG = fieldIndex('sig');
const STREAM = fieldIndex('stream');
const WORKFLOW = fieldIndex('workflow');
/**
 * The envelope's string fields and their formats on a plain line; but `hash`, which the digest checks, and `prev`,
 * which the chain checks: it must equal the hash of the event before (or 64 zeros), so a `prev` off its format never
 * passes verify (it is named as a broken chain at that seq instead of as a line off the contract).
 */
const stringFields = (Object.keys(plainFormatChecks) as StringField[]).filter(
  (name) => name !== 'hash' && name !== 'prev',
);
const stringFieldAt = Int32Array.from(stringFields.map(fieldIndex));
const stringFieldChecks = stringFields.map((name) => plainFormatChecks[name]);
/** Where each envelope field stands among the line's members (-1: absent); reused from line to line. */
const memberAt = new Int32Array(fieldCount);

/**
 * The fast path: null unless the line is canonical JSON (see {@link canonicalMembers}), UTF-8, whose members are the
 * envelope contract's fields (every required one, no other), each by the contract's rule as far as the bytes show it
 * (strings without escapes, whole numbers, an `actor` of exactly `id` and `role`, a `data` object, a `sig` the rule
 * accepts), with no `"__proto__"` or `"constructor"` anywhere in the line; and unless the line minus its `hash` and
 * `sig` members hashes to the stored hash (`prev` is left to the chain check). Anything else goes to the slow path,
 * which applies the contract to the parsed event and names what breaks it.
 */
function readFast(bytes: Buffer, withActor: boolean, withIds: boolean, ascii?: string): ChainFields | null {
  // The top-level keys' order is checked below, by matching them in order against the envelope's fields.
  const members = canonicalMembers(bytes, false, ascii);
  // An ASCII line is UTF-8; any other is checked natively.
  if (members === null || (!members.ascii && !isUtf8(bytes))) return null;
  const { offsets, text } = members;
  // One pass over the top-level keys (plain ASCII in canonical order) against the envelope's fields, which are in
  // canonical order too: a key outside the contract, or a required field missing, leaves the line to the slow path.
  const at = memberAt;
  let field = 0;
  for (let m = 0; m < members.count; m++) {
    const key = offsets[3 * m]! + 1;
    const length = offsets[3 * m + 1]! - key - 2;
    while (field < fieldCount && (fieldLengths[field] !== length || !isKey(bytes, key, fieldCodes[field]!))) {
      if (fieldRequired[field]) return null;
      at[field++] = -1;
    }
    if (field === fieldCount) return null;
    at[field++] = m;
  }
  while (field < fieldCount) {
    if (fieldRequired[field]) return null;
    at[field++] = -1;
  }
  // A `__proto__` or `constructor` key inside the data: the slow path names it.
  if (members.forbiddenKey) return null;
  const hashAt = at[HASH]!;
  const prevAt = at[PREV]!;
  const seqAt = at[SEQ]!;
  const sigAt = at[SIG]!;
  const actorAt = at[ACTOR]!;
  const streamAt = at[STREAM]!;
  const recordedAtAt = at[RECORDED_AT]!;
  if (!stringsFit(bytes, members, at)) return null;
  if (bytes[offsets[3 * at[DATA]! + 1]!] !== 123) return null;
  const schemaAt = at[SCHEMA]!;
  const schema = wholeNumber(bytes, text, offsets[3 * schemaAt + 1]!, offsets[3 * schemaAt + 2]!);
  if (!Number.isSafeInteger(schema) || schema < 1) return null;
  if (hashAt < 1 || offsets[3 * hashAt + 2]! - offsets[3 * hashAt + 1]! !== 66) return null;
  // Not checked to be hex: a stored hash that is not lowercase hex cannot equal the digest below.
  const stored = text.slice(offsets[3 * hashAt + 1]! + 1, offsets[3 * hashAt + 2]! - 1);
  const stream = plainString(bytes, members, streamAt);
  const prev = plainString(bytes, members, prevAt);
  const recordedAt = plainString(bytes, members, recordedAtAt);
  const seq = seqAt === -1 ? NaN : wholeNumber(bytes, text, offsets[3 * seqAt + 1]!, offsets[3 * seqAt + 2]!);
  if (stream === null || prev === null || recordedAt === null || !Number.isSafeInteger(seq) || seq < 1) return null;
  // The actor is exactly {"id":"…","role":"…"}: two strings without escapes, nothing else.
  const actorStart = offsets[3 * actorAt + 1]!;
  const actorEnd = offsets[3 * actorAt + 2]!;
  if (!text.startsWith('{"id":"', actorStart)) return null;
  const actorIdAt = actorStart + actorPrefixLength;
  const actorIdEnd = text.indexOf('"', actorIdAt);
  if (actorIdEnd === -1 || actorIdEnd >= actorEnd || !text.startsWith('","role":"', actorIdEnd)) return null;
  const roleEnd = text.indexOf('"', actorIdEnd + rolePrefixLength);
  if (roleEnd !== actorEnd - 2 || bytes[actorEnd - 1] !== 125) return null;
  if (!members.plain && text.lastIndexOf('\\', actorEnd) >= actorIdAt) return null;
  const actorId = !withActor
    ? ''
    : members.ascii
      ? text.slice(actorIdAt, actorIdEnd)
      : bytes.toString('utf8', actorIdAt, actorIdEnd);
  let sig: Signature | undefined;
  if (sigAt !== -1) {
    if (bytes[offsets[3 * sigAt + 1]!] !== 123) return null;
    sig = JSON.parse(bytes.toString('utf8', offsets[3 * sigAt + 1], offsets[3 * sigAt + 2])) as Signature;
    if (fieldRules[SIG]!(sig) !== null) return null;
  }
  // The hashed bytes: the line without `,"hash":"…"` and `,"sig":{…}` (a member after the first starts with a comma),
  // put together in a scratch buffer (the line copied in, the rest slid over the cut members) and hashed through a
  // view of its first bytes that is made once per length: a Buffer's `subarray` costs about 100 ns a line.
  const head = offsets[3 * hashAt]! - 1;
  const tail = offsets[3 * hashAt + 2]!;
  const cutFrom = sigAt === -1 ? -1 : offsets[3 * sigAt]! - 1;
  const cutTo = sigAt === -1 ? -1 : offsets[3 * sigAt + 2]!;
  const hashedLength = bytes.length - hashMemberLength - (cutTo - cutFrom);
  if (scratch.length < bytes.length) {
    scratch = Buffer.allocUnsafe(bytes.length * 2);
    scratchViews.fill(undefined);
  }
  scratch.set(bytes, 0);
  if (cutFrom === -1) {
    scratch.copyWithin(head, tail, bytes.length);
  } else {
    scratch.copyWithin(head, tail, cutFrom);
    scratch.copyWithin(head + cutFrom - tail, cutTo, bytes.length);
  }
  if (digest('sha256', scratchView(hashedLength), 'hex') !== stored) return null;
  // Both fit their formats (stringsFit), so a line whose `id` or `workflow` is escaped never gets here.
  const id = withIds ? plainString(bytes, members, at[ID]!)! : '';
  const workflow = withIds ? plainString(bytes, members, at[WORKFLOW]!)! : '';
  return { stream, seq, prev, hash: stored, recordedAt, actorId, sig, id, workflow };
}

/**
 * True when every string field present fits its format (the contract's). On an ASCII line without escapes the formats
 * are checked in place, character by character (plainFormats.ts); on any other line each value is taken out and
 * judged by the contract's rule.
 */
function stringsFit(bytes: Buffer, members: LineMembers, at: Int32Array): boolean {
  const { offsets } = members;
  for (let i = 0; i < stringFieldAt.length; i++) {
    const f = stringFieldAt[i]!;
    const m = at[f]!;
    if (m === -1) continue;
    if (members.plain && members.ascii) {
      // A string value ends at the quote after the opening one (the line has no escapes): its characters lie between.
      const start = offsets[3 * m + 1]!;
      if (bytes[start] !== 34 || !stringFieldChecks[i]!(bytes, start + 1, offsets[3 * m + 2]! - 1)) return false;
    } else {
      const value = plainString(bytes, members, m);
      if (value === null || fieldRules[f]!(value) !== null) return false;
    }
  }
  return true;
}

/** Returns the value of top-level member `m` when it is a string written without escapes, or null. */
function plainString(bytes: Buffer, members: LineMembers, m: number): string | null {
  if (m === -1) return null;
  const start = members.offsets[3 * m + 1]!;
  const end = members.offsets[3 * m + 2]!;
  const { text } = members;
  if (bytes[start] !== 34) return null;
  if (!members.plain) {
    const escape = text.indexOf('\\', start);
    if (escape !== -1 && escape < end) return null;
  }
  return members.ascii ? text.slice(start + 1, end - 1) : bytes.toString('utf8', start + 1, end - 1);
}

/** Returns the whole number written as `bytes[from, to)` (digits only, as a canonical line writes it), or NaN. */
function wholeNumber(bytes: Buffer, text: string, from: number, to: number): number {
  if (to - from > 15) return Number(text.slice(from, to));
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return to > from ? n : NaN;
}
