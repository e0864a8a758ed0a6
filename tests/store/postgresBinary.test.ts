import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arrayUnits,
  bigintArray,
  MessageWriter,
  textArray,
  writeArray,
  type ArrayParameter,
} from '../../src/store/postgresBinary.ts';
import { fcSeed } from '../fcSeed.ts';

// PostgreSQL's binary array format (what array_recv reads), written out the plain way: each part its own buffer,
// every string's bytes counted first. The store's writer counts none beforehand and grows its message when a
// string's UTF-8 takes more room than was set aside (src/store/postgresBinary.ts): it must write the same bytes.
const int32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
};
function reference(array: ArrayParameter): Buffer {
  const values = array.bigints ?? array.texts;
  const parts = [int32(1), int32(values.includes(null) ? 1 : 0), int32(array.bigints ? 20 : 25)];
  parts.push(int32(values.length), int32(1));
  for (const value of values) {
    if (value === null) parts.push(int32(-1));
    else if (typeof value === 'number') {
      const bytes = Buffer.alloc(8);
      bytes.writeBigInt64BE(BigInt(value));
      parts.push(int32(8), bytes);
    } else parts.push(int32(Buffer.byteLength(value)), Buffer.from(value, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** `arrays` written one after the other by one writer, with the room the store's Bind message sets aside. */
function written(arrays: readonly ArrayParameter[]): Buffer {
  let units = 0;
  let longest = 0;
  for (const array of arrays) {
    const counted = arrayUnits(array);
    units += counted.units;
    longest = Math.max(longest, counted.longest);
  }
  const writer = new MessageWriter(units, longest);
  for (const array of arrays) writeArray(writer, array);
  return writer.bytes();
}

describe('the binary arrays of an append', () => {
  it('writes text[] and bigint[] as PostgreSQL reads them, whatever UTF-8 the strings take', () => {
    const texts = fc.array(fc.option(fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 30 }).map(textArray);
    const bigints = fc
      .array(fc.option(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })), { maxLength: 10 })
      .map(bigintArray);
    fc.assert(
      fc.property(fc.array(fc.oneof(texts, bigints), { maxLength: 6 }), (arrays) => {
        expect(written(arrays)).toEqual(Buffer.concat(arrays.map(reference)));
      }),
      { seed: fcSeed, numRuns: 300 },
    );
  });

  it('grows the message when strings of 3 and 4 UTF-8 bytes a character outrun the room set aside', () => {
    // Each string is counted as its UTF-16 units (1 a character here, 2 for the emoji): the room set aside is a third
    // of what the first array takes, so the writer must grow more than once.
    const arrays = [textArray(Array.from({ length: 50 }, (_, i) => `€${i}€😀`.repeat(20))), textArray(['a', null])];
    const bytes = written(arrays);
    expect(bytes.length).toBeGreaterThan(
      arrayUnits(arrays[0]!).units + arrayUnits(arrays[1]!).units + 2 * arrayUnits(arrays[0]!).longest,
    );
    expect(bytes).toEqual(Buffer.concat(arrays.map(reference)));
  });

  it('refuses a bigint element that is not a safe integer', () => {
    const writer = new MessageWriter(0, 0);
    expect(() => writeArray(writer, bigintArray([2 ** 53]))).toThrow(RangeError);
    expect(() => writeArray(new MessageWriter(0, 0), bigintArray([1.5]))).toThrow('1.5 is not a safe integer');
  });
});
