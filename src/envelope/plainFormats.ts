import { eventIdFormat, streamIdFormat } from '../ids.ts';
import type { StringField } from './contract.ts';

/**
 * The envelope's string formats (contract.ts) checked character by character, for verify's fast path: it reads a
 * value in place, in the bytes of a line that is ASCII and holds no escape, so the value's characters are printable
 * ASCII without a quote or a backslash. On such a value each check here says exactly what the field's regular
 * expression says (a property test holds them to it), at a fraction of the cost of running it. The checks read bytes,
 * not a decoded string: indexing a buffer costs about half a `charCodeAt`.
 */
export type PlainFormatCheck = (bytes: Uint8Array, start: number, end: number) => boolean;

/** Which ASCII characters an id (`[A-Za-z0-9_-]`) and a stream or workflow name (`[A-Za-z0-9._-]`) may hold. */
const ID = 1;
const NAME = 2;
const classes = new Uint8Array(128);
const idPattern = new RegExp(`^(?:${eventIdFormat})$`);
const namePattern = new RegExp(`^(?:${streamIdFormat})$`);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  classes[c] = (idPattern.test(ch) ? ID : 0) | (namePattern.test(ch) ? NAME : 0);
}

/** True when `bytes[start, end)` is 1 to `max` characters of class `cls`. */
function ofClass(bytes: Uint8Array, start: number, end: number, cls: number, max: number): boolean {
  if (end <= start || end - start > max) return false;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 128 || (classes[c]! & cls) === 0) return false;
  }
  return true;
}

/** True when `bytes[start, start + count)` are decimal digits. */
function digits(bytes: Uint8Array, start: number, count: number): boolean {
  for (let i = start; i < start + count; i++) {
    const c = bytes[i]!;
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** `\d{4}-\d{2}-\d{2}` at `at`. */
function date(bytes: Uint8Array, at: number): boolean {
  return (
    digits(bytes, at, 4) &&
    bytes[at + 4] === 0x2d &&
    digits(bytes, at + 5, 2) &&
    bytes[at + 7] === 0x2d &&
    digits(bytes, at + 8, 2)
  );
}

/** `\d{2}:\d{2}` at `at`. */
function hoursMinutes(bytes: Uint8Array, at: number): boolean {
  return digits(bytes, at, 2) && bytes[at + 2] === 0x3a && digits(bytes, at + 3, 2);
}

/** Returns where `(?::\d{2}(?:\.\d{1,9})?)?` ends when it starts at `at` (seconds and a fraction, both optional). */
function seconds(bytes: Uint8Array, at: number, end: number): number {
  if (at + 3 > end || bytes[at] !== 0x3a || !digits(bytes, at + 1, 2)) return at;
  let i = at + 3;
  if (i < end && bytes[i] === 0x2e) {
    let n = 0;
    while (i + 1 + n < end && n < 10 && digits(bytes, i + 1 + n, 1)) n++;
    if (n >= 1 && n <= 9) i += 1 + n;
  }
  return i;
}

/** `Z|[+-]\d{2}(?::?\d{2})?`, exactly `bytes[at, end)`. */
function zone(bytes: Uint8Array, at: number, end: number): boolean {
  if (at >= end) return false;
  const c = bytes[at]!;
  if (c === 0x5a) return end === at + 1;
  if (c !== 0x2b && c !== 0x2d) return false;
  if (end === at + 3) return digits(bytes, at + 1, 2);
  if (end === at + 5) return digits(bytes, at + 1, 4);
  return end === at + 6 && digits(bytes, at + 1, 2) && bytes[at + 3] === 0x3a && digits(bytes, at + 4, 2);
}

const id: PlainFormatCheck = (bytes, start, end) => ofClass(bytes, start, end, ID, 64);

export const plainFormatChecks: Readonly<Record<StringField, PlainFormatCheck>> = {
  causationId: id,
  correlationId: id,
  hash: (bytes, start, end) => end - start === 64 && hex(bytes, start, end),
  id,
  occurredAt: (bytes, start, end) => {
    if (end - start < 10 || !date(bytes, start)) return false;
    if (end - start === 10) return true;
    if (bytes[start + 10] !== 0x54 || end - start < 16 || !hoursMinutes(bytes, start + 11)) return false;
    // The seconds are optional, and the zone may not start with ':', so no other split of the rest can match.
    return zone(bytes, seconds(bytes, start + 16, end), end);
  },
  prev: (bytes, start, end) => end - start === 64 && hex(bytes, start, end),
  recordedAt: (bytes, start, end) => {
    if (end - start < 20 || !date(bytes, start) || bytes[start + 10] !== 0x54) return false;
    if (!hoursMinutes(bytes, start + 11) || bytes[start + 16] !== 0x3a || !digits(bytes, start + 17, 2)) return false;
    if (bytes[end - 1] !== 0x5a) return false;
    const fraction = end - start - 20; // the characters between the seconds and the Z: none, or '.' and 1 to 9 digits
    if (fraction === 0) return true;
    return fraction >= 2 && fraction <= 10 && bytes[start + 19] === 0x2e && digits(bytes, start + 20, fraction - 1);
  },
  stream: (bytes, start, end) => ofClass(bytes, start, end, NAME, 128),
  // On a value without a quote, a backslash or a control character, any 1 to 64 characters are an event type.
  type: (_bytes, start, end) => end > start && end - start <= 64,
  workflow: (bytes, start, end) => {
    let at = start;
    while (at < end && bytes[at] !== 0x40) at++;
    if (at >= end || !ofClass(bytes, start, at, NAME, 64)) return false;
    const first = bytes[at + 1]!;
    return (
      end - at - 1 >= 1 && end - at - 1 <= 9 && first >= 0x31 && first <= 0x39 && digits(bytes, at + 2, end - at - 2)
    );
  },
};

/** True when `bytes[start, end)` are lowercase hex digits. */
function hex(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}
