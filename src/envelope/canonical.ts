import { sha256Hex } from '../platform/sha256.ts';
import type { RecordedEvent, UnhashedEvent } from './envelope.ts';
import { canonicalJson, memberString, omitted, shapeOf, write, type Shape } from './jcs.ts';
import { writeEnvelope, type WrittenEnvelope } from './envelopeWriter.ts';

export { canonicalJson };
export { sha256Hex };

/** Returns the hash of an event: SHA-256 of the canonical JSON of every envelope field but `hash` and `sig`. */
export function hashEvent(event: UnhashedEvent | RecordedEvent): string {
  const { hash: _hash, sig: _sig, ...hashed } = event as RecordedEvent;
  return sha256Hex(canonicalJson(hashed));
}

/** An event being sealed, before it is frozen. */
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
    /** The event's keys, sorted (its shape's list, shared by the events of that shape). */
    private readonly names: readonly string[],
    /** The JSON of each member's value, by its place in `names`; undefined for hash, sig and members left out. */
    private readonly values: ReadonlyArray<string | undefined>,
  ) {}

  get(name: string): string | undefined {
    const at = this.names.indexOf(name);
    return at < 0 ? undefined : this.values[at];
  }

  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.names.length; i++) if (this.values[i] !== undefined) yield this.names[i]!;
  }
}

/** Returns its argument: a class extending this one adds its private fields to that object, not to a new one. */
class Stamp {
  constructor(target: object) {
    return target;
  }
}

/**
 * Stamps a sealed event with what sealing computed for it, kept on the (frozen) event as a private field:
 * no copy, spread, `Object.keys`, `Reflect.ownKeys` or JSON sees it, an object built on the event does not inherit
 * it, and the event cannot change after. (A WeakMap beside the events cost more than the sealing itself: every garbage
 * collection walks its entries; a non-enumerable symbol property, `Object.defineProperty`, cost 0.15 us an event more
 * than the stamp.)
 */
class SealMark extends Stamp {
  readonly #sealed: Sealed;

  constructor(event: object, sealed: Sealed) {
    super(event);
    this.#sealed = sealed;
  }

  /** What sealing kept of `event`: only an event's own mark counts (not one it inherits). */
  static of(event: object): Sealed | undefined {
    return #sealed in event ? event.#sealed : undefined;
  }
}

/** What sealing kept of `event`, if this module sealed it. */
const sealedOf = (event: RecordedEvent): Sealed | undefined => SealMark.of(event);

/** Returns the bytes a store keeps for an event: the canonical JSON of the whole envelope, one line, no newline. */
export function encodeEvent(event: RecordedEvent): string {
  return sealedOf(event)?.bytes ?? canonicalJson(event);
}

/**
 * Returns an unhashed event sealed with its hash (and `sig`), frozen, with its stored bytes computed once: the
 * members but `hash` and `sig` are written in key order into one string, which is hashed, and the stored line is that
 * string with `hash` put in its sorted place, so the payload is encoded once per append, not twice. The envelope's own
 * shapes are written by envelopeWriter.ts, any other by the general encoder (jcs.ts, their keys sorted and quoted once
 * per shape). Byte-identical to `canonicalJson` of the sealed event (tests/envelope/canonical.test.ts,
 * tests/envelope/envelopeWriter.test.ts).
 */
export function sealWithBytes(
  event: UnhashedEvent,
  sign?: (sealed: RecordedEvent) => RecordedEvent['sig'] | undefined,
): { readonly event: RecordedEvent; readonly bytes: string } {
  const shape = shapeOf(event);
  const { hashed, cut, copy, values } = writeEnvelope(event, shape) ?? writeAny(event, shape);
  const hash = copy.hash;
  const sig = sign?.(copy);
  const sealed = sig ? { ...copy, sig } : copy;
  // "sig" falls among the members after "hash": a signed event (rare, and its signature costs far more) is encoded whole.
  let bytes: string;
  if (sealed.sig !== undefined) bytes = canonicalJson(sealed);
  else if (cut === 1) bytes = `{"hash":"${hash}"${hashed.length === 2 ? '}' : `,${hashed.slice(1)}`}`;
  else bytes = `${hashed.slice(0, cut)},"hash":"${hash}"${hashed.slice(cut)}`;
  new SealMark(sealed, new Sealed(bytes, shape.sorted, values));
  return { event: Object.freeze(sealed), bytes };
}

/**
 * Writes an unhashed event of any shape (the general encoder, jcs.ts) and hashes it: the members but `hash` and `sig`
 * in key order into one string, and where "hash" falls among them; the copy is made as it stands.
 */
function writeAny(event: UnhashedEvent, shape: Shape): WrittenEnvelope {
  const { sorted, first, next } = shape;
  const path: object[] = [];
  const values = new Array<string | undefined>(sorted.length);
  let hashed = '{';
  let cut = -1;
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i]!;
    if (cut < 0 && key > 'hash') cut = hashed.length;
    if (key === 'hash' || key === 'sig') continue;
    const value = (event as Record<string, unknown>)[key];
    let json: string;
    if (typeof value === 'string') json = memberString(shape, i, value);
    else if (omitted(value)) continue;
    else json = write(value, path);
    values[i] = json;
    hashed += (hashed.length === 1 ? first[i]! : next[i]!) + json;
  }
  if (cut < 0) cut = hashed.length;
  hashed += '}';
  const hash = sha256Hex(hashed); // which also flattens `hashed`, so its slices copy nothing
  // Object.assign and a store cost a fifth of a spread and make an object that freezes cheaply; it would set the
  // prototype for a member named __proto__ (which no envelope has), so such an event is spread.
  const copy = (Object.hasOwn(event, '__proto__') ? { ...event } : Object.assign({}, event)) as Writable;
  copy.hash = hash;
  return { hashed, cut, copy, values };
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
