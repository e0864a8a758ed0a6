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
 * quoted again, and the first members of an object that repeat (a whole actor) are kept as one piece
 * (docs/performance.md, "SQLite appends" and "Sealing").
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

/**
 * Returns `text` as one piece: V8 keeps a concatenation as a tree of its pieces until it is read whole, and hashing a
 * line walks every piece of it (6-7 ns a piece). For text kept and written again and again (a shape's keys, a
 * repeating member's JSON, envelopeWriter.ts's runs), so that it counts as one piece in every line it goes into.
 */
export const flat = (text: string): string => ` ${text}`.slice(1);

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
  /** `"key":"` and `,"key":"`: what goes before a plain string member, quoted in place. */
  readonly firstOpen: readonly string[];
  readonly nextOpen: readonly string[];
  /**
   * The string each sorted key held last, and its JSON (a string's JSON depends on nothing else): '' until the string
   * is met again, for a plain string quoted in place.
   */
  readonly lastString: Array<string | undefined>;
  readonly lastJson: string[];
  /** Whether each kept JSON has been made one piece ({@link flat}): once its string is met a second time. */
  readonly lastFlat: boolean[];
  /** How many first members `runText` holds (0 for none), and `{` and their JSON in one piece (see `runOf`). */
  runLength: number;
  runText: string;
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
  const first = sorted.map((key) => flat(`${writeString(key)}:`));
  const next = first.map((name) => flat(`,${name}`));
  const shape: Shape = {
    found: keys,
    sorted,
    first,
    next,
    firstOpen: first.map((name) => flat(`${name}"`)),
    nextOpen: next.map((name) => flat(`${name}"`)),
    lastString: sorted.map(() => undefined),
    lastJson: sorted.map(() => ''),
    lastFlat: sorted.map(() => false),
    runLength: 0,
    runText: '',
  };
  shapes[nextSlot] = shape;
  nextSlot = (nextSlot + 1) % shapeSlots;
  return shape;
}

/** Returns the JSON of the string member at `at` of a shape, from what the shape kept when the string is the last one. */
export function memberString(shape: Shape, at: number, value: string): string {
  if (value === shape.lastString[at]) {
    if (shape.lastFlat[at]) return shape.lastJson[at]!;
    // Met again: made one piece once, for every line it goes into after (not for a string met once).
    shape.lastFlat[at] = true;
    return (shape.lastJson[at] = flat(shape.lastJson[at] || writeString(value)));
  }
  const json = writeString(value);
  keepString(shape, at, value, json);
  return json;
}

/** Keeps `value` as the string the member at `at` of a shape held last, and its JSON ('' for not made yet). */
function keepString(shape: Shape, at: number, value: string, json: string): void {
  if (at < shape.runLength) shape.runLength = 0; // the kept run held the string this one replaces
  shape.lastString[at] = value;
  shape.lastJson[at] = json;
  shape.lastFlat[at] = false;
}

/**
 * Returns `{` and the first `run` members of a shape's object as one piece, when each holds the string its key held
 * last, and the closing `}` when they are all its members: kept while those strings stay the same (an actor, the
 * leading members of one type's data).
 */
function runOf(shape: Shape, run: number): string {
  if (shape.runLength !== run) {
    const { first, next, lastString, lastJson } = shape;
    let text = '{';
    for (let i = 0; i < run; i++)
      text += (i === 0 ? first[i]! : next[i]!) + (lastJson[i] || writeString(lastString[i]!));
    shape.runText = flat(run === shape.sorted.length ? `${text}}` : text);
    shape.runLength = run;
  }
  return shape.runText;
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
    const { sorted, first, next, firstOpen, nextOpen, lastString } = shape;
    out = '{';
    // The first members whose strings are the ones their keys held last are written as one kept piece (`run`).
    let run = 0;
    for (let i = 0; i < sorted.length; i++) {
      const member = (value as Record<string, unknown>)[sorted[i]!];
      if (run === i) {
        if (typeof member === 'string' && member === lastString[i]) {
          run++;
          continue;
        }
        if (run > 0) out = runOf(shape, run);
      }
      let json: string;
      if (typeof member === 'string') {
        if (member !== lastString[i] && !notPlain.test(member)) {
          // A plain string met anew: quoted in place, a piece fewer; its JSON is made if it is met again.
          keepString(shape, i, member, '');
          out += (out.length === 1 ? firstOpen[i]! : nextOpen[i]!) + member + '"';
          continue;
        }
        json = memberString(shape, i, member);
      } else if (omitted(member)) continue;
      else json = write(member, path);
      out += (out.length === 1 ? first[i]! : next[i]!) + json;
    }
    if (run === sorted.length && run > 0)
      out = runOf(shape, run); // with its closing brace
    else out += '}';
  }
  path.pop();
  return out;
}
