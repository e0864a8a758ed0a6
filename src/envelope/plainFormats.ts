import { eventIdFormat, streamIdFormat } from '../ids.ts';
import type { StringField } from './contract.ts';

/**
 * The envelope's string formats (contract.ts) checked character by character, for verify's fast path: it reads a
 * value in place, on a line that is ASCII and holds no escape, so the value's characters are printable ASCII without a
 * quote or a backslash. On such a value each check here says exactly what the field's regular expression says (a
 * property test holds them to it), at a fraction of the cost of running it.
 */
export type PlainFormatCheck = (text: string, start: number, end: number) => boolean;

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

/** True when `text[start, end)` is 1 to `max` characters of class `cls`. */
function ofClass(text: string, start: number, end: number, cls: number, max: number): boolean {
  if (end <= start || end - start > max) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || (classes[c]! & cls) === 0) return false;
  }
  return true;
}

/** True when `text[start, start + count)` are decimal digits. */
function digits(text: string, start: number, count: number): boolean {
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** `\d{4}-\d{2}-\d{2}` at `at`. */
function date(text: string, at: number): boolean {
  return (
    digits(text, at, 4) &&
    text.charCodeAt(at + 4) === 0x2d &&
    digits(text, at + 5, 2) &&
    text.charCodeAt(at + 7) === 0x2d &&
    digits(text, at + 8, 2)
  );
}

/** `\d{2}:\d{2}` at `at`. */
function hoursMinutes(text: string, at: number): boolean {
  return digits(text, at, 2) && text.charCodeAt(at + 2) === 0x3a && digits(text, at + 3, 2);
}

/** Returns where `(?::\d{2}(?:\.\d{1,9})?)?` ends when it starts at `at` (seconds and a fraction, both optional). */
function seconds(text: string, at: number, end: number): number {
  if (at + 3 > end || text.charCodeAt(at) !== 0x3a || !digits(text, at + 1, 2)) return at;
  let i = at + 3;
  if (i < end && text.charCodeAt(i) === 0x2e) {
    let n = 0;
    while (i + 1 + n < end && n < 10 && digits(text, i + 1 + n, 1)) n++;
    if (n >= 1 && n <= 9) i += 1 + n;
  }
  return i;
}

/** `Z|[+-]\d{2}(?::?\d{2})?`, exactly `text[at, end)`. */
function zone(text: string, at: number, end: number): boolean {
  if (at >= end) return false;
  const c = text.charCodeAt(at);
  if (c === 0x5a) return end === at + 1;
  if (c !== 0x2b && c !== 0x2d) return false;
  if (end === at + 3) return digits(text, at + 1, 2);
  if (end === at + 5) return digits(text, at + 1, 4);
  return end === at + 6 && digits(text, at + 1, 2) && text.charCodeAt(at + 3) === 0x3a && digits(text, at + 4, 2);
}

const id: PlainFormatCheck = (text, start, end) => ofClass(text, start, end, ID, 64);

export const plainFormatChecks: Readonly<Record<StringField, PlainFormatCheck>> = {
  causationId: id,
  correlationId: id,
  hash: (text, start, end) => end - start === 64 && hex(text, start, end),
  id,
  occurredAt: (text, start, end) => {
    if (end - start < 10 || !date(text, start)) return false;
    if (end - start === 10) return true;
    if (text.charCodeAt(start + 10) !== 0x54 || end - start < 16 || !hoursMinutes(text, start + 11)) return false;
    // The seconds are optional, and the zone may not start with ':', so no other split of the rest can match.
    return zone(text, seconds(text, start + 16, end), end);
  },
  prev: (text, start, end) => end - start === 64 && hex(text, start, end),
  recordedAt: (text, start, end) => {
    if (end - start < 20 || !date(text, start) || text.charCodeAt(start + 10) !== 0x54) return false;
    if (!hoursMinutes(text, start + 11) || text.charCodeAt(start + 16) !== 0x3a || !digits(text, start + 17, 2))
      return false;
    if (text.charCodeAt(end - 1) !== 0x5a) return false;
    const fraction = end - start - 20; // the characters between the seconds and the Z: none, or '.' and 1 to 9 digits
    if (fraction === 0) return true;
    return (
      fraction >= 2 && fraction <= 10 && text.charCodeAt(start + 19) === 0x2e && digits(text, start + 20, fraction - 1)
    );
  },
  stream: (text, start, end) => ofClass(text, start, end, NAME, 128),
  // On a value without a quote, a backslash or a control character, any 1 to 64 characters are an event type.
  type: (_text, start, end) => end > start && end - start <= 64,
  workflow: (text, start, end) => {
    const at = text.indexOf('@', start);
    if (at === -1 || at >= end || !ofClass(text, start, at, NAME, 64)) return false;
    const first = text.charCodeAt(at + 1);
    return (
      end - at - 1 >= 1 && end - at - 1 <= 9 && first >= 0x31 && first <= 0x39 && digits(text, at + 2, end - at - 2)
    );
  },
};

/** True when `text[start, end)` are lowercase hex digits. */
function hex(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}
