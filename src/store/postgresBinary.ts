/** The type ids (pg_type.oid) of PostgreSQL's `text` and `int8` (bigint): the element types of the arrays sent. */
const textOid = 25;
const int8Oid = 20;

/**
 * A `text[]` or `bigint[]` parameter, sent in PostgreSQL's binary array format (what `array_recv` reads): a header,
 * then each element as its length and its bytes (UTF-8 text, or 8 bytes big-endian two's complement), or length -1
 * for null. It is written straight into the message that carries it (postgresAppendQuery.ts), with no buffer of its
 * own: for a lone append's five arrays, a buffer each and the copy into the message cost about as much as the append
 * rules (docs/performance.md, "PostgreSQL appends and reads against Emmett"). Sent in binary, the elements need no
 * quoting or escaping: encoding the append's parameters this way took 1.1 us an event instead of 2.6 for `pg`'s array
 * literals (bench batches of 100, load average 11), whose JSON bodies have every quote escaped, and the server reads
 * lengths instead of parsing a literal. A bigint element must be a safe integer.
 */
export type ArrayParameter =
  | { readonly texts: readonly (string | null)[]; readonly bigints?: undefined }
  | { readonly bigints: readonly (number | null)[]; readonly texts?: undefined };

/** A `text[]` parameter of `values`. */
export const textArray = (values: readonly (string | null)[]): ArrayParameter => ({ texts: values });

/** A `bigint[]` parameter of `values` (safe integers or null). */
export const bigintArray = (values: readonly (number | null)[]): ArrayParameter => ({ bigints: values });

/**
 * A protocol message being written, one pass over its strings. The room it starts with is what the strings take if
 * each UTF-8 byte is one UTF-16 unit (ASCII: ids, hex digests, most JSON), plus twice the longest string's length:
 * so every string of an ASCII message fits at its first check (at most 3 bytes a unit), and the strings' byte lengths
 * are never counted beforehand. Counting them (`Buffer.byteLength`) was a second pass over every string, and it
 * flattened each compact body (built by concatenation) only for the write to read it again: about a fifth of a
 * batch of 100's parameters (docs/performance.md, "PostgreSQL appends and reads against Emmett"). A string that may
 * not fit in what is left has its bytes counted, and the message grows (a copy of what is written) when they do not.
 */
export class MessageWriter {
  private buffer: Buffer;
  /** Where the next byte goes. */
  at = 0;

  constructor(units: number, longest: number) {
    this.buffer = Buffer.allocUnsafe(units + 2 * longest);
  }

  /** The message written so far. */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.at);
  }

  byte(value: number): void {
    this.room(1);
    this.buffer[this.at++] = value;
  }

  /** Writes the bytes of `source`. */
  copy(source: Uint8Array): void {
    this.room(source.length);
    this.buffer.set(source, this.at);
    this.at += source.length;
  }

  /** Writes the low 16 bits of `value`, big-endian. */
  int16(value: number): void {
    this.room(2);
    const buffer = this.buffer;
    buffer[this.at] = value >>> 8;
    buffer[this.at + 1] = value;
    this.at += 2;
  }

  /** Writes the low 32 bits of `value` (a signed or an unsigned 32-bit integer), big-endian. */
  int32(value: number): void {
    this.room(4);
    this.int32At(value, this.at);
    this.at += 4;
  }

  /** Writes an int32 at `at`, in room written already (a length known only once what it counts is written). */
  int32At(value: number, at: number): void {
    const buffer = this.buffer;
    buffer[at] = value >>> 24;
    buffer[at + 1] = value >>> 16;
    buffer[at + 2] = value >>> 8;
    buffer[at + 3] = value;
  }

  /** Writes `value` as UTF-8, unterminated; returns its bytes. */
  string(value: string): number {
    const left = this.buffer.length - this.at;
    if (left < 3 * value.length) this.room(Buffer.byteLength(value));
    const length = this.buffer.write(value, this.at);
    this.at += length;
    return length;
  }

  /** Writes `value` as UTF-8 after its length in bytes (an int32). */
  lengthAndString(value: string): void {
    this.room(4);
    const start = this.at;
    this.at += 4;
    this.int32At(this.string(value), start);
  }

  /** Makes room for `bytes` more bytes. */
  private room(bytes: number): void {
    if (this.buffer.length - this.at >= bytes) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}

/**
 * What `array` adds to a {@link MessageWriter}'s room: its bytes if each string's UTF-8 bytes are its UTF-16 units
 * (exact for ASCII), and its longest string's length.
 */
export function arrayUnits(array: ArrayParameter): { readonly units: number; readonly longest: number } {
  if (array.bigints !== undefined) return { units: 20 + 12 * array.bigints.length, longest: 0 };
  let units = 20;
  let longest = 0;
  for (const value of array.texts) {
    if (value === null) units += 4;
    else {
      units += 4 + value.length;
      if (value.length > longest) longest = value.length;
    }
  }
  return { units, longest };
}

/** Writes `array` in the binary format to `writer`. */
export function writeArray(writer: MessageWriter, array: ArrayParameter): void {
  const values = array.bigints ?? array.texts;
  let nulls = 0;
  for (const value of values) if (value === null) nulls = 1;
  writer.int32(1); // dimensions
  writer.int32(nulls); // has nulls
  writer.int32(array.bigints !== undefined ? int8Oid : textOid);
  writer.int32(values.length);
  writer.int32(1); // lower bound
  if (array.bigints !== undefined) {
    for (const value of array.bigints) {
      if (value === null) {
        writer.int32(-1);
        continue;
      }
      if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
      const high = Math.floor(value / 0x1_0000_0000);
      writer.int32(8);
      writer.int32(high);
      writer.int32(value - high * 0x1_0000_0000);
    }
    return;
  }
  for (const value of array.texts) {
    if (value === null) writer.int32(-1);
    else writer.lengthAndString(value);
  }
}
