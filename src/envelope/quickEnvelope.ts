import { envelopeFields, envelopeRules, requiredEnvelopeFields, type FieldRule } from './contract.ts';

/**
 * The envelope contract (contract.ts) at the cost of the checks a stored event can fail, for readers of long streams.
 * `envelopeProblem` looks for the first breach and names it; this only says yes or "ask envelopeProblem", so it may
 * take shortcuts that never accept more than the contract does:
 * - the members' names are checked in canonical key order (how every store writes them); a list in another order
 *   (an event sealed in this process) is sorted first, the sorted copy kept for the next list of that order;
 * - the fields that repeat from event to event (stream, type, workflow, occurredAt, recordedAt) pass when they equal
 *   the last value that passed (rules are pure), so their expressions run about once per stream; `prev` passes when
 *   it equals the last `hash` that passed (an event's `prev` is the `hash` just before it), and `hash` is new in each
 *   event, so it is always checked. These are kept in module variables and compared inline, not by a closure per
 *   field: about a third less time for this check, 0.91 of a 100k-event SQLite read's CPU (docs/performance.md,
 *   "SQLite appends and reads against Emmett");
 * - `actor` must have its two members as its own, both strings (the contract also lets them be inherited).
 * Returns true only when `envelopeProblem(value)` is null (tests/store/quickEnvelope.test.ts compares the two on
 * generated hostile values).
 */
export function isQuickEnvelope(value: unknown): boolean {
  if (!plainObject(value)) return false;
  // The members' names: each an envelope field, every required one there. An event sealed in this process lists them
  // in the order it was made in, not the canonical one: its list, sorted, is kept for the next event of that order.
  const keys = Object.keys(value);
  if (!namesFit(keys) && !namesFit(sortedLike(keys))) return false;
  // Their values, each by name (a load by a computed name costs more than the rule it feeds); the optional ones
  // only when present, being own members if anything is there at all.
  const v = value as Partial<Record<(typeof fieldOrder)[number], unknown>>;
  if (!actorFits(v.actor) || !dataFits(v.data) || !idFits(v.id) || !wholeFrom1(v.schema) || !wholeFrom1(v.seq))
    return false;
  const prev = v.prev;
  if (prev !== lastHash && !isDigest(prev)) return false;
  const hash = v.hash;
  if (!isDigest(hash)) return false;
  lastHash = hash;
  const occurredAt = v.occurredAt;
  if (occurredAt !== lastOccurredAt) {
    if (!occurredFits(occurredAt)) return false;
    lastOccurredAt = occurredAt;
  }
  const recordedAt = v.recordedAt;
  if (recordedAt !== lastRecordedAt) {
    if (!recordedFits(recordedAt)) return false;
    lastRecordedAt = recordedAt;
  }
  const stream = v.stream;
  if (stream !== lastStream) {
    if (!streamFits(stream)) return false;
    lastStream = stream;
  }
  const type = v.type;
  if (type !== lastType) {
    if (!typeFits(type)) return false;
    lastType = type;
  }
  const workflow = v.workflow;
  if (workflow !== lastWorkflow) {
    if (!workflowFits(workflow)) return false;
    lastWorkflow = workflow;
  }
  return (
    keys.length === requiredCount ||
    (optionalFits(v, 'causationId', causationFits) &&
      optionalFits(v, 'correlationId', correlationFits) &&
      optionalFits(v, 'sig', sigFits))
  );
}

/** What no field holds: the remembered values before any passed (a frozen object of this module's own). */
const none: unknown = Object.freeze({});
/** The last value of each field that passed its rule (module-wide: rules are pure, so any value that passed fits). */
let lastHash: unknown = none;
let lastOccurredAt: unknown = none;
let lastRecordedAt: unknown = none;
let lastStream: unknown = none;
let lastType: unknown = none;
let lastWorkflow: unknown = none;

/** Whether `keys`, in canonical order, are envelope fields with every required one among them. */
function namesFit(keys: readonly string[]): boolean {
  let field = 0;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    while (field < fieldCount && fieldOrder[field] !== key) {
      if (required[field]) return false;
      field++;
    }
    if (field === fieldCount) return false;
    field++;
  }
  for (; field < fieldCount; field++) if (required[field]) return false;
  return true;
}

/** The last key list met out of canonical order, and that list sorted. */
let lastFound: readonly string[] = [];
let lastSorted: readonly string[] = [];

/** Returns `keys` sorted (the same list as the last one met costs a comparison, not a sort). */
function sortedLike(keys: readonly string[]): readonly string[] {
  let same = keys.length === lastFound.length;
  for (let i = 0; same && i < keys.length; i++) same = keys[i] === lastFound[i];
  if (!same) {
    lastFound = keys;
    lastSorted = [...keys].sort();
  }
  return lastSorted;
}

/** An optional member: absent (not an own member), or one its test passes (also when it holds undefined). */
function optionalFits(value: object, name: string, test: (value: unknown) => boolean): boolean {
  return Object.hasOwn(value, name) ? test((value as Record<string, unknown>)[name]) : true;
}

const plainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A rule as a test. */
export function fits(rule: FieldRule): (value: unknown) => boolean {
  return (value) => rule(value) === null;
}

/**
 * True when a `__proto__` or `constructor` key (the contract's `forbiddenKeys`) lies anywhere inside a JSON value. The
 * two names are compared as they stand, and a member that holds no object is not walked into: both cheaper than a
 * set lookup and a call a member (tests/store/quickEnvelope.test.ts holds this to every forbidden key). It may say
 * true for a key that is only inherited (an enumerable member added to `Object.prototype`): the caller then asks the
 * contract, which looks at own keys.
 */
export function holdsForbiddenKey(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) {
    for (const item of node) if (holdsForbiddenKey(item)) return true;
    return false;
  }
  // `for...in` loads each member through the enumeration's cache, where a load by a key taken from `Object.keys`
  // goes through V8's megamorphic lookup, members differing from object to object (docs/performance.md, "SQLite
  // appends and reads against Emmett"). It also lists inherited enumerable keys: more to look at, never fewer, so it
  // cannot miss a forbidden own key.
  for (const key in node) {
    if (key === '__proto__' || key === 'constructor') return true;
    const child = (node as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && holdsForbiddenKey(child)) return true;
  }
  return false;
}

/** 0 at the character codes of lowercase hex digits, 1 at every other UTF-16 code unit. */
const notHexDigit = new Uint8Array(0x10000).fill(1);
for (const digit of '0123456789abcdef') notHexDigit[digit.charCodeAt(0)] = 0;

/**
 * True for a lowercase hex SHA-256 digest, the contract's format of `hash` and `prev` (64 lowercase hex digits), by a
 * table lookup per character, four characters to a test: 0.12 us a digest against 0.19 a character to a test and 0.31
 * for the expression, and an append checks each new event's hash (docs/performance.md, "SQLite appends"). Held to the
 * contract by tests/store/quickEnvelope.test.ts.
 */
export function isDigest(value: unknown): boolean {
  if (typeof value !== 'string' || value.length !== 64) return false;
  for (let i = 0; i < 64; i += 4) {
    const wrong =
      notHexDigit[value.charCodeAt(i)]! |
      notHexDigit[value.charCodeAt(i + 1)]! |
      notHexDigit[value.charCodeAt(i + 2)]! |
      notHexDigit[value.charCodeAt(i + 3)]!;
    if (wrong !== 0) return false;
  }
  return true;
}

const wholeFrom1 = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 1;
/** `actor`: exactly its two members, own, both strings. */
export const actorFits = (value: unknown): boolean => {
  if (!plainObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 2) return false;
  const first = keys[0];
  const second = keys[1];
  if (!((first === 'id' && second === 'role') || (first === 'role' && second === 'id'))) return false;
  return typeof value.id === 'string' && typeof value.role === 'string';
};
/** `data`: a JSON object with no `__proto__` or `constructor` key anywhere inside. */
export const dataFits = (value: unknown): boolean => plainObject(value) && !holdsForbiddenKey(value);
const idFits = fits(envelopeRules.id!);
const causationFits = fits(envelopeRules.causationId!);
const correlationFits = fits(envelopeRules.correlationId!);
const sigFits = fits(envelopeRules.sig!);
const occurredFits = fits(envelopeRules.occurredAt!);
const recordedFits = fits(envelopeRules.recordedAt!);
const streamFits = fits(envelopeRules.stream!);
const typeFits = fits(envelopeRules.type!);
const workflowFits = fits(envelopeRules.workflow!);
const fieldOrder = envelopeFields;
const fieldCount = fieldOrder.length;
const required = fieldOrder.map((name) => requiredEnvelopeFields.has(name));
const requiredCount = requiredEnvelopeFields.size;
