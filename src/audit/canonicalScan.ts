/**
 * Where the members of a line's top-level object lie in its bytes: for member i, `offsets[3i]` is its key's opening
 * quote, `offsets[3i + 1]` the start of its value and `offsets[3i + 2]` the offset just past it. `text` is the line
 * read as latin1 (one character a byte, so offsets index it too) and `ascii` says whether every byte is below 0x80
 * (then a slice of `text` is the decoded UTF-8); `plain` that the line holds no backslash (so no escape) and no
 * control character; `forbiddenKey` that a key anywhere is `__proto__` or `constructor`. Reused from call to call: read
 * it before the next scan.
 */
export type LineMembers = {
  offsets: Int32Array;
  count: number;
  text: string;
  ascii: boolean;
  plain: boolean;
  /** Whether some object, at any depth, has a `__proto__` or `constructor` key (the envelope contract refuses them). */
  forbiddenKey: boolean;
};

/** Deeper nesting is left to the parsing path (which decides what it makes of it). */
const maxDepth = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** The characters JSON.stringify writes as a two-character escape: `"`, `\`, b, f, n, r, t. */
const shortEscapes = new Set([QUOTE, BACKSLASH, 0x62, 0x66, 0x6e, 0x72, 0x74]);
/** The control characters JSON.stringify writes as `\b \t \n \f \r` rather than `\u00XX`. */
const shortControls = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);
const numberToken = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const literals = ['true', 'false', 'null'];

/**
 * Returns the members of the top-level object when `bytes` are, byte for byte, what `canonicalJson` writes for the
 * object `JSON.parse` reads from them (no whitespace, keys in strictly increasing UTF-16 order, strings escaped and
 * numbers written as JSON.stringify does, nothing after the closing brace), and null for anything else: not JSON,
 * JSON in another form, or nesting deeper than 64. One pass over the line: single characters are read from its bytes
 * (indexing a buffer costs about half a `charCodeAt`), and strings are skipped with native searches in its latin1 text
 * when the line holds no backslash and no control character (offsets are byte offsets in both);
 * the result is reused by the next call. UTF-8 validity is not checked here (`isUtf8` does that natively). With
 * `checkTopKeyOrder` false, the order of the top-level keys is left to the caller: verify's fast path matches them
 * one by one against the envelope's fields, which are in canonical order, so checking it here too is redundant.
 * `latin1`, when the caller has it, is `bytes` read as latin1 (a store's row gives verify an ASCII body as a string,
 * which then need not be made again from its bytes).
 */
export function canonicalMembers(
  bytes: Buffer,
  checkTopKeyOrder = true,
  latin1?: string,
): Readonly<LineMembers> | null {
  memberCount = 0;
  const kinds = byteKinds(bytes);
  line = latin1 ?? bytes.toString('latin1');
  lineBytes = bytes;
  plain = (kinds & ESCAPE_OR_CONTROL) === 0;
  forbiddenKey = false;
  checkTopKeys = checkTopKeyOrder;
  const end = scanObject(0, 0, true);
  if (end !== line.length) return null;
  members.offsets = offsets;
  members.count = memberCount;
  members.text = line;
  members.ascii = (kinds & HIGH) === 0;
  members.plain = plain;
  members.forbiddenKey = forbiddenKey;
  return members;
}

const members: LineMembers = {
  offsets: new Int32Array(0),
  count: 0,
  text: '',
  ascii: true,
  plain: true,
  forbiddenKey: false,
};

/**
 * The top-level members' offsets, reused from line to line (an array emptied for each line would give its memory up
 * and grow it again: most of what verify allocated, and so most of its garbage collection).
 */
let offsets = new Int32Array(3 * 32);
let memberCount = 0;

function addMember(keyStart: number, valueStart: number, valueEnd: number): void {
  const at = 3 * memberCount++;
  if (at + 3 > offsets.length) {
    const grown = new Int32Array(2 * offsets.length);
    grown.set(offsets);
    offsets = grown;
  }
  offsets[at] = keyStart;
  offsets[at + 1] = valueStart;
  offsets[at + 2] = valueEnd;
}
const ESCAPE_OR_CONTROL = 1;
const HIGH = 2;
let words: Int32Array | null = null;

/**
 * Returns which kinds of byte the line holds: {@link ESCAPE_OR_CONTROL} (a backslash, or a byte below 0x20) and
 * {@link HIGH} (a byte of 0x80 or more). Four bytes at a time (SWAR over the 32-bit words of the buffer's memory:
 * a byte below n shows in `(x - n·0x01010101) & ~x & 0x80808080`), about 4x faster than a regular expression.
 */
function byteKinds(bytes: Buffer): number {
  const start = bytes.byteOffset;
  const end = start + bytes.length;
  let kinds = 0;
  const firstWord = (start + 3) >>> 2;
  const lastWord = end >>> 2;
  if (lastWord - firstWord < 4) return byteKindsOf(bytes, 0, bytes.length);
  if (words === null || words.buffer !== bytes.buffer)
    words = new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >>> 2);
  let low = 0;
  let high = 0;
  for (let w = firstWord; w < lastWord; w++) {
    const x = words[w]!;
    const y = x ^ 0x5c5c5c5c; // a backslash is a zero byte of y
    low |= ((x - 0x20202020) & ~x) | ((y - 0x01010101) & ~y);
    high |= x;
  }
  if ((low & 0x80808080) !== 0) kinds |= ESCAPE_OR_CONTROL;
  if ((high & 0x80808080) !== 0) kinds |= HIGH;
  return (
    kinds | byteKindsOf(bytes, 0, (firstWord << 2) - start) | byteKindsOf(bytes, (lastWord << 2) - start, bytes.length)
  );
}

function byteKindsOf(bytes: Buffer, from: number, to: number): number {
  let kinds = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b === BACKSLASH) kinds |= ESCAPE_OR_CONTROL;
    else if (b >= 0x80) kinds |= HIGH;
  }
  return kinds;
}
/** The line being scanned, as latin1 (one character a byte), its bytes, and whether it has no escape at all. */
let line = '';
let lineBytes: Buffer = Buffer.alloc(0);
let plain = true;
let forbiddenKey = false;
/** Whether the scan checks the order of the top-level keys (false: the caller does, see {@link canonicalMembers}). */
let checkTopKeys = true;

/** Returns the offset just past the canonical value at `at`, or -1. */
function scanValue(at: number, depth: number): number {
  const b = lineBytes[at]!; // undefined past the end: no comparison below holds
  if (b === QUOTE) return scanString(at);
  if (b === OPEN_OBJECT) return scanObject(at, depth + 1, false);
  if (b === OPEN_ARRAY) return scanArray(at, depth + 1);
  if (b === 0x2d || (b >= 0x30 && b <= 0x39)) return scanNumber(at);
  for (const word of literals) if (line.startsWith(word, at)) return at + word.length;
  return -1;
}

/** Scans an object; with `top`, records its members (see {@link addMember}). Keys must strictly increase. */
function scanObject(at: number, depth: number, top: boolean): number {
  if (lineBytes[at] !== OPEN_OBJECT || depth > maxDepth) return -1;
  let i = at + 1;
  if (lineBytes[i] === CLOSE_OBJECT) return i + 1;
  let previousStart = -1;
  let previousEnd = -1;
  for (;;) {
    const keyStart = i;
    const keyEnd = scanString(keyStart);
    if (keyEnd === -1 || lineBytes[keyEnd] !== COLON) return -1;
    if (previousStart !== -1 && (checkTopKeys || !top) && !keyBefore(previousStart, previousEnd, keyStart, keyEnd))
      return -1;
    previousStart = keyStart;
    previousEnd = keyEnd;
    // `"__proto__"` and `"constructor"` take 11 and 13 bytes (a canonical key writes them without escapes).
    const keyLength = keyEnd - keyStart;
    if (keyLength === 11 && line.startsWith('"__proto__"', keyStart)) forbiddenKey = true;
    if (keyLength === 13 && line.startsWith('"constructor"', keyStart)) forbiddenKey = true;
    const valueStart = keyEnd + 1;
    const valueEnd = scanValue(valueStart, depth);
    if (valueEnd === -1) return -1;
    if (top) addMember(keyStart, valueStart, valueEnd);
    const next = lineBytes[valueEnd];
    if (next === CLOSE_OBJECT) return valueEnd + 1;
    if (next !== COMMA) return -1;
    i = valueEnd + 1;
  }
}

function scanArray(at: number, depth: number): number {
  if (depth > maxDepth) return -1;
  let i = at + 1;
  if (lineBytes[i] === CLOSE_ARRAY) return i + 1;
  for (;;) {
    const end = scanValue(i, depth);
    if (end === -1) return -1;
    const next = lineBytes[end];
    if (next === CLOSE_ARRAY) return end + 1;
    if (next !== COMMA) return -1;
    i = end + 1;
  }
}

/** A string as JSON.stringify writes a well-formed one: raw but for `"`, `\` and control characters. */
function scanString(at: number): number {
  if (lineBytes[at] !== QUOTE) return -1;
  if (plain) {
    const close = line.indexOf('"', at + 1);
    return close === -1 ? -1 : close + 1;
  }
  for (let i = at + 1; i < lineBytes.length; i++) {
    const b = lineBytes[i]!;
    if (b === QUOTE) return i + 1;
    if (b < 0x20) return -1;
    if (b !== BACKSLASH) continue;
    const c = lineBytes[i + 1]!;
    if (shortEscapes.has(c)) {
      i++;
    } else if (
      c === 0x75 &&
      lineBytes[i + 2] === 0x30 &&
      lineBytes[i + 3] === 0x30 &&
      (lineBytes[i + 4] === 0x30 || lineBytes[i + 4] === 0x31)
    ) {
      const low = hexDigit(lineBytes[i + 5]!);
      if (low === -1 || (lineBytes[i + 4] === 0x30 && shortControls.has(low))) return -1;
      i += 5;
    } else {
      return -1;
    }
  }
  return -1;
}

/** The value of a lowercase hex digit, or -1. */
function hexDigit(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  return -1;
}

/** A number as JSON.stringify writes it (so `1.0`, `1e2`, `-0` and the like are not canonical). */
function scanNumber(at: number): number {
  let i = at;
  let digitsOnly = true;
  for (; i < lineBytes.length; i++) {
    const b = lineBytes[i]!;
    if (b >= 0x30 && b <= 0x39) continue;
    if (!(b === 0x2d || b === 0x2b || b === 0x2e || b === 0x65 || b === 0x45)) break;
    digitsOnly = false;
  }
  // A whole number of up to 15 digits without a leading zero is written as it is: the common case, checked here.
  if (digitsOnly && i - at <= 15 && (lineBytes[at] !== 0x30 || i - at === 1)) return i;
  const token = line.slice(at, i);
  return numberToken.test(token) && JSON.stringify(Number(token)) === token ? i : -1;
}

/**
 * True when the key at `a` sorts strictly before the key at `b` in UTF-16 code unit order. Plain ASCII keys (the
 * usual case) are compared character by character; any other pair is decoded first.
 */
function keyBefore(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const length = Math.min(aLength, bLength);
  for (let i = 1; i < length; i++) {
    const x = lineBytes[aStart + i]!;
    const y = lineBytes[bStart + i]!;
    if (x >= 0x80 || y >= 0x80 || x === BACKSLASH || y === BACKSLASH)
      return stringValue(aStart, aEnd) < stringValue(bStart, bEnd);
    if (x !== y) return x === QUOTE || (y !== QUOTE && x < y); // the key that ends first sorts first
  }
  return aLength < bLength;
}

/** The decoded value of a scanned string. */
function stringValue(start: number, end: number): string {
  const text = lineBytes.toString('utf8', start, end);
  return text.includes('\\') ? (JSON.parse(text) as string) : text.slice(1, -1);
}
