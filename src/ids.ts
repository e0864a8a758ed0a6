import { nanoid } from 'nanoid';

/**
 * A flavoured type: a plain value of the base type is accepted, but two different flavours do not mix
 * (emmett's `Flavour`). Used for ids and positions so that a seq is not passed where a position is expected.
 */
export type Flavour<TBase, TName extends string> = TBase & { readonly __flavour?: TName };

/** A programme id: the name of a stream, `[A-Za-z0-9._-]{1,128}`. */
export type StreamId = Flavour<string, 'StreamId'>;
/** An event id: unique in a store, the idempotency key of an append. */
export type EventId = Flavour<string, 'EventId'>;
/** A 1-based, gapless position in one stream; 0 stands for "before the first event". */
export type Seq = Flavour<number, 'Seq'>;
/** A store-wide position in commit order; not part of the hashed envelope. */
export type GlobalPosition = Flavour<number, 'GlobalPosition'>;
/** A workflow definition and version, e.g. `programme@1`. */
export type WorkflowRef = Flavour<string, 'WorkflowRef'>;

/** The characters and length of a stream id and of an event id, as regular expression bodies (the envelope's too). */
export const streamIdFormat = '[A-Za-z0-9._-]{1,128}';
export const eventIdFormat = '[A-Za-z0-9_-]{1,64}';
const streamPattern = new RegExp(`^${streamIdFormat}$`);
const eventIdPattern = new RegExp(`^${eventIdFormat}$`);

/** True when `value` is a valid stream id. */
export function isStreamId(value: unknown): value is StreamId {
  return typeof value === 'string' && streamPattern.test(value);
}

/** True when `value` is a valid event id (what nanoid makes, or a caller's own key of up to 64 url-safe chars). */
export function isEventId(value: unknown): value is EventId {
  return typeof value === 'string' && eventIdPattern.test(value);
}

/**
 * Returns a new event id: 21 url-safe characters, the first 8 the current millisecond in an alphabet that sorts as its
 * bytes do, the other 13 from nanoid for the first id of a millisecond (78 bits of randomness) and, for each further id
 * of that millisecond in this process, the one before's plus one in the same alphabet (as ULID's monotonic mode does).
 * Ids made later sort after, in this process also within a millisecond, so a store's unique index on event ids grows
 * at its end instead of taking a random page per event, which a commit writes whole (SQLite's WAL): with fully random
 * ids, batches of 100 took 1.6x the time. Random within a millisecond, the ids of a batch split the index's last page
 * in the middle and left it three quarters full (docs/performance.md, "PostgreSQL bytes per event"). Ids of different
 * milliseconds cannot collide; in one millisecond, two processes' runs of ids collide with odds of about their
 * lengths over 2^78. The time an id tells is the event's `recordedAt`, stored beside it.
 */
export function createEventId(): EventId {
  const now = Date.now();
  if (now !== idTime) {
    idTime = now;
    for (let rest = now, i = 7; i >= 0; i--, rest = Math.floor(rest / 64)) idCodes[i] = sortableCode[rest % 64]!;
    setSuffix(nanoid(13));
  } else if (!increment()) setSuffix(nanoid(13)); // past the largest suffix: 64^13 ids in one millisecond, never met
  // One string straight from the codes: a concatenation would be a tree of pieces, which the regular expressions and
  // the hash of the sealed line must first copy into one (docs/performance.md, "Sealing").
  return (lastId = String.fromCharCode.apply(null, idCodes));
}

/** The last id {@link createEventId} made. */
let lastId = '';

/**
 * True when `id` is the last id {@link createEventId} made: url-safe characters, which sealing can quote as they stand
 * (the event being sealed has it as its id, unless a caller passed its own).
 */
export const isLastEventId = (id: unknown): boolean => id === lastId;

/** The url-safe characters in their byte order (what SQLite's and a C collation's comparisons follow). */
const sortable = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const sortableCode = Array.from(sortable, (c) => c.charCodeAt(0));
/** Each character's successor in `sortable` by character code (0 for the last and for any other code). */
const successor = new Uint8Array(128);
for (let i = 0; i + 1 < sortable.length; i++) successor[sortable.charCodeAt(i)] = sortable.charCodeAt(i + 1);

/** The character codes of the last id made: 8 of its millisecond, then 13 of its suffix. */
const idCodes: number[] = Array.from({ length: 21 }, () => 0);
/** The millisecond of the last id made. */
let idTime = -1;

function setSuffix(suffix: string): void {
  for (let i = 0; i < 13; i++) idCodes[8 + i] = suffix.charCodeAt(i);
}

/** Adds one to the suffix, read as a number in `sortable`'s digits; false past its largest value. */
function increment(): boolean {
  for (let i = 20; i >= 8; i--) {
    const next = successor[idCodes[i]!]!;
    if (next !== 0) {
      idCodes[i] = next;
      for (let j = i + 1; j < 21; j++) idCodes[j] = sortableCode[0]!;
      return true;
    }
  }
  return false;
}
