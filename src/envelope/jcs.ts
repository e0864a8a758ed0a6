/**
 * The RFC 8785 (JCS) encoder behind `canonicalJson` and sealing (canonical.ts): object keys sorted by UTF-16 code
 * units, no whitespace, strings and numbers as ECMAScript's JSON.stringify writes them (which is what JCS specifies
 * for well-formed strings and finite numbers).
 *
 * Written here rather than taken from `canonicalize`, which checks every string character by character in JS, and
 * proven byte-identical to it by property tests (tests/envelope/canonical.test.ts), which keep the library as the
 * oracle. Objects of one shape (envelopes, actors, one type's data) list their keys in one order, so each shape met
 * lately is kept with its keys sorted and written out as `"key":` once, and with the JSON of the string each key
 * held last: the members that repeat from event to event (stream, type, workflow, times, a role) are not scanned and
 * quoted again (docs/performance.md, "SQLite appends").
 */

/**
 * A character a string cannot be quoted as it stands for: one JSON.stringify escapes (a quote, a backslash, a control
 * character) or a surrogate, which may be lone. One scan finds both; most strings have neither.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const notPlain = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Returns a string as JSON; throws a TypeError on a lone surrogate (JCS takes only well-formed strings). */
export function writeString(value: string): string {
  if (!notPlain.test(value)) return `"${value}"`;
  if (!value.isWellFormed()) throw new TypeError('Lone surrogate is not allowed');
  return JSON.stringify(value);
}

/** Whether an object member is left out, as JSON.stringify leaves it out. */
export const omitted = (member: unknown): boolean =>
  member === undefined || typeof member === 'function' || typeof member === 'symbol';

/** An object shape met lately: its keys as found, and sorted, with what writing them needs. */
export type Shape = {
  readonly found: readonly string[];
  /** The keys, sorted by UTF-16 code units (the order JCS writes them in). */
  readonly sorted: readonly string[];
  /** `"key":` for each sorted key, and `,"key":` (what follows an earlier member). */
  readonly first: readonly string[];
  readonly next: readonly string[];
  /** The string each sorted key held last, and its JSON (a string's JSON depends on nothing else). */
  readonly lastString: Array<string | undefined>;
  readonly lastJson: string[];
};

/** The shapes met lately, replaced in turn: enough for the envelope, its actor and several types' data at once. */
const shapes: Shape[] = [];
const shapeSlots = 16;
let nextSlot = 0;

/** Returns the shape of an object (its own enumerable keys, in the order `Object.keys` lists them). */
export function shapeOf(value: object): Shape {
  const keys = Object.keys(value);
  const count = keys.length;
  for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s]!;
    const found = shape.found;
    if (found.length !== count) continue;
    let same = true;
    for (let i = 0; same && i < count; i++) same = found[i] === keys[i];
    if (same) return shape;
  }
  const sorted = keys.slice().sort();
  const first = sorted.map((key) => `${writeString(key)}:`);
  const shape: Shape = {
    found: keys,
    sorted,
    first,
    next: first.map((name) => `,${name}`),
    lastString: sorted.map(() => undefined),
    lastJson: sorted.map(() => ''),
  };
  shapes[nextSlot] = shape;
  nextSlot = (nextSlot + 1) % shapeSlots;
  return shape;
}

/** Returns the JSON of the string member at `at` of a shape, from what the shape kept when the string is the last one. */
export function memberString(shape: Shape, at: number, value: string): string {
  if (value === shape.lastString[at]) return shape.lastJson[at]!;
  const json = writeString(value);
  shape.lastString[at] = value;
  shape.lastJson[at] = json;
  return json;
}

/**
 * Returns the RFC 8785 (JCS) canonical JSON of a JSON value. Throws a TypeError on what JSON cannot carry (NaN,
 * Infinity, a lone surrogate, undefined at the top, a cycle).
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new TypeError('Cannot canonicalize undefined');
  return write(value, []);
}

/** Writes `value`; `path` holds the objects being written around it (a cycle is refused), a few at most. */
export function write(value: unknown, path: object[]): string {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} is not allowed in JSON`);
      return `${value}`; // a finite number's ToString, what JSON.stringify writes (and JCS), at a fraction of its cost
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
    const shape = shapeOf(value);
    const { sorted, first, next } = shape;
    out = '{';
    for (let i = 0; i < sorted.length; i++) {
      const member = (value as Record<string, unknown>)[sorted[i]!];
      let json: string;
      if (typeof member === 'string') json = memberString(shape, i, member);
      else if (omitted(member)) continue;
      else json = write(member, path);
      out += (out.length === 1 ? first[i]! : next[i]!) + json;
    }
    out += '}';
  }
  path.pop();
  return out;
}
