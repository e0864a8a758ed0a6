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

/** The bytes `array` takes in the binary format. */
export function arraySize(array: ArrayParameter): number {
  if (array.bigints !== undefined) {
    let size = 20;
    for (const value of array.bigints) size += value === null ? 4 : 12;
    return size;
  }
  let size = 20;
  for (const value of array.texts) size += value === null ? 4 : 4 + Buffer.byteLength(value);
  return size;
}

/** Writes `array` in the binary format into `buffer` at `at` (room made by {@link arraySize}); returns its end. */
export function writeArray(buffer: Buffer, at: number, array: ArrayParameter): number {
  const values = array.bigints ?? array.texts;
  let nulls = 0;
  for (const value of values) if (value === null) nulls = 1;
  at = buffer.writeInt32BE(1, at); // dimensions
  at = buffer.writeInt32BE(nulls, at); // has nulls
  at = buffer.writeUInt32BE(array.bigints !== undefined ? int8Oid : textOid, at);
  at = buffer.writeInt32BE(values.length, at);
  at = buffer.writeInt32BE(1, at); // lower bound
  if (array.bigints !== undefined) {
    for (const value of array.bigints) {
      if (value === null) {
        at = buffer.writeInt32BE(-1, at);
        continue;
      }
      if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
      const high = Math.floor(value / 0x1_0000_0000);
      at = buffer.writeInt32BE(8, at);
      at = buffer.writeInt32BE(high, at);
      at = buffer.writeUInt32BE(value - high * 0x1_0000_0000, at);
    }
    return at;
  }
  for (const value of array.texts) {
    if (value === null) {
      at = buffer.writeInt32BE(-1, at);
      continue;
    }
    const length = buffer.write(value, at + 4);
    buffer.writeInt32BE(length, at);
    at += 4 + length;
  }
  return at;
}
