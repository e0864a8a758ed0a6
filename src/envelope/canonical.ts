import { sha256Hex } from '../platform/sha256.ts';
import type { RecordedEvent, UnhashedEvent } from './envelope.ts';

/**
 * Returns the RFC 8785 (JCS) canonical JSON of a JSON value: object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers as ECMAScript's JSON.stringify writes them (which is what JCS specifies for
 * well-formed strings and finite numbers). Throws a TypeError on what JSON cannot carry (NaN, Infinity, a lone
 * surrogate, undefined at the top, a cycle).
 *
 * Written here rather than taken from `canonicalize`, which checks every string character by character in JS:
 * this one is about 1.8x faster on our envelopes (13 µs against 7.5 µs an event) and is proven byte-identical to
 * `canonicalize` by a property test (tests/envelope/canonical.test.ts), which keeps the library as its oracle.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new TypeError('Cannot canonicalize undefined');
  return write(value, []);
}

/**
 * A character a string cannot be quoted as it stands for: one JSON.stringify escapes (a quote, a backslash, a control
 * character) or a surrogate, which may be lone. One scan finds both; most strings have neither.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const notPlain = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Returns a string as JSON; throws a TypeError on a lone surrogate (JCS takes only well-formed strings). */
function writeString(value: string): string {
  if (!notPlain.test(value)) return `"${value}"`;
  if (!value.isWellFormed()) throw new TypeError('Lone surrogate is not allowed');
  return JSON.stringify(value);
}

/** Whether an object member is left out, as JSON.stringify leaves it out. */
const omitted = (member: unknown): boolean =>
  member === undefined || typeof member === 'function' || typeof member === 'symbol';

/**
 * The key lists sorted lately, each as found and sorted: objects of one shape (envelopes, actors, a type's data) list
 * their keys in one order, and comparing a list with one seen before costs less than sorting it again.
 */
const sortedLately: Array<{ readonly found: readonly string[]; readonly sorted: string[] }> = [];
let nextSlot = 0;

/** Returns an object's own enumerable keys, sorted by UTF-16 code units (the order JCS writes them in). */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  for (let s = 0; s < sortedLately.length; s++) {
    const { found, sorted } = sortedLately[s]!;
    if (found.length !== keys.length) continue;
    let same = true;
    for (let i = 0; same && i < keys.length; i++) same = found[i] === keys[i];
    if (same) return sorted;
  }
  const sorted = keys.slice().sort();
  sortedLately[nextSlot] = { found: keys, sorted };
  nextSlot = (nextSlot + 1) % 4;
  return sorted;
}

/** Writes `value`; `path` holds the objects being written around it (a cycle is refused), a few at most. */
function write(value: unknown, path: object[]): string {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} is not allowed in JSON`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null'; // functions, symbols and undefined inside arrays, as JSON.stringify writes them
  }
  if (value === null) return 'null';
  if (path.includes(value)) throw new TypeError('Circular reference detected');
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return write(json.call(value), path);
  path.push(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + write(value[i], path);
    out += ']';
  } else {
    out = '{';
    const keys = sortedKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const member = (value as Record<string, unknown>)[key];
      if (omitted(member)) continue;
      out += (out.length === 1 ? '' : ',') + writeString(key) + ':' + write(member, path);
    }
    out += '}';
  }
  path.pop();
  return out;
}

export { sha256Hex };

/** Returns the hash of an event: SHA-256 of the canonical JSON of every envelope field but `hash` and `sig`. */
export function hashEvent(event: UnhashedEvent | RecordedEvent): string {
  const { hash: _hash, sig: _sig, ...hashed } = event as RecordedEvent;
  return sha256Hex(canonicalJson(hashed));
}

/**
 * What sealing computed for an event, kept on the sealed (frozen) event under a symbol, not enumerable: no copy, spread,
 * `Object.keys` or JSON sees it, and the event cannot change after. (A WeakMap beside the events cost more than the
 * sealing itself: every garbage collection walks its entries.)
 */
const sealedBytes: unique symbol = Symbol('phasegate.sealedBytes');
type Writable = { -readonly [K in keyof RecordedEvent]: RecordedEvent[K] };
/** The canonical JSON of a sealed event's members' values (but `hash` and `sig`), by member name. */
export type SealedValues = {
  get(name: string): string | undefined;
  /** The members' names, sorted. */
  keys(): IterableIterator<string>;
};

/** What sealing computed for one event; also its {@link SealedValues}, so handing them out allocates nothing. */
class Sealed implements SealedValues {
  constructor(
    /** The stored line (canonical JSON of the whole envelope). */
    readonly bytes: string,
    private readonly names: readonly string[],
    private readonly values: readonly string[],
  ) {}

  get(name: string): string | undefined {
    const at = this.names.indexOf(name);
    return at < 0 ? undefined : this.values[at];
  }

  keys(): IterableIterator<string> {
    return this.names.values();
  }
}

/** What sealing kept of `event`: only an event's own mark counts (not one it inherits). */
function sealedOf(event: RecordedEvent): Sealed | undefined {
  return Object.hasOwn(event, sealedBytes)
    ? (event as unknown as Record<typeof sealedBytes, Sealed>)[sealedBytes]
    : undefined;
}

/** Returns the bytes a store keeps for an event: the canonical JSON of the whole envelope, one line, no newline. */
export function encodeEvent(event: RecordedEvent): string {
  return sealedOf(event)?.bytes ?? canonicalJson(event);
}

/**
 * Returns an unhashed event sealed with its hash (and `sig`), frozen, with its stored bytes computed once: the
 * top-level members are canonicalized one by one (keys sorted once), the hash is taken over all but `hash` and `sig`,
 * and the stored line is the same members with `hash` put in its sorted place, so the payload is encoded once per
 * append, not twice. Byte-identical to `canonicalJson` of the sealed event (tests/envelope/canonical.test.ts).
 */
export function sealWithBytes(
  event: UnhashedEvent,
  sign?: (sealed: RecordedEvent) => RecordedEvent['sig'] | undefined,
): { readonly event: RecordedEvent; readonly bytes: string } {
  const keys = sortedKeys(event);
  const path: object[] = [];
  const names: string[] = [];
  const values: string[] = [];
  // The members before "hash" in key order, and those after it.
  let before = '';
  let after = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = (event as Record<string, unknown>)[key];
    if (omitted(value) || key === 'hash' || key === 'sig') continue;
    const json = write(value, path);
    names.push(key);
    values.push(json);
    const member = writeString(key) + ':' + json;
    if (key < 'hash') before += (before === '' ? '' : ',') + member;
    else after += (after === '' ? '' : ',') + member;
  }
  const hash = sha256Hex(`{${before}${before !== '' && after !== '' ? ',' : ''}${after}}`);
  // Object.assign and a store cost a fifth of a spread and make an object that freezes cheaply; it would set the
  // prototype for a member named __proto__ (which no envelope has), so such an event is spread.
  const hashed = (Object.hasOwn(event, '__proto__') ? { ...event } : Object.assign({}, event)) as Writable;
  hashed.hash = hash;
  const sig = sign?.(hashed);
  const sealed = sig ? { ...hashed, sig } : hashed;
  // "sig" falls among the members after "hash": a signed event (rare, and its signature costs far more) is encoded whole.
  const bytes =
    sealed.sig !== undefined
      ? canonicalJson(sealed)
      : `{${before}${before === '' ? '' : ','}"hash":"${hash}"${after === '' ? '' : ','}${after}}`;
  Object.defineProperty(sealed, sealedBytes, { value: new Sealed(bytes, names, values) });
  return { event: Object.freeze(sealed), bytes };
}

/**
 * Returns the canonical JSON of each top-level member's value (but `hash` and `sig`) of an event sealed by
 * {@link sealWithBytes}, by member name, as computed then; undefined for another event. A store that keeps the
 * members apart (PostgreSQL's compact rows) takes them from here instead of encoding them again.
 */
export function sealedValuesJson(event: RecordedEvent): SealedValues | undefined {
  return sealedOf(event);
}

/**
 * Returns the canonical JSON of what a proposal asserted (type, time, actor, data, links) without what the store
 * added (seq, prev, hash, recordedAt). Two appends with one id are the same fact exactly when these are equal.
 */
export function factKey(event: {
  readonly stream: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: unknown;
  readonly data: unknown;
  readonly causationId?: string;
  readonly correlationId?: string;
}): string {
  return canonicalJson({
    stream: event.stream,
    type: event.type,
    occurredAt: event.occurredAt,
    actor: event.actor,
    data: event.data,
    causationId: event.causationId ?? null,
    correlationId: event.correlationId ?? null,
  });
}
