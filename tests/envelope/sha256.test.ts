import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/index.ts';
import { sha256HexPortable } from '../../src/platform/sha256.ts';
import { utf8LengthPortable } from '../../src/platform/runtime.ts';
import { fcSeed } from '../fcSeed.ts';

// The core entry hashes without node:crypto when it runs outside Node (README "0.2: subpath entries"): its own
// SHA-256 and UTF-8 count must give exactly Node's bytes, or a log written in a browser would not verify.
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', 'abc', '\ud800', 'a\udc00b', '\ud83d\ude00', 'é'.repeat(1000)),
  fc.integer({ min: 0, max: 200 }).map((n) => 'x'.repeat(n)),
);

describe(`portable SHA-256 and UTF-8 length (seed ${fcSeed})`, () => {
  it('give the digest of the published test vectors', () => {
    expect(sha256HexPortable('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256HexPortable('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it("equal Node's digest and byte count for any string, lone surrogates included", () =>
    fc.assert(
      fc.property(text, (value) => {
        expect(sha256HexPortable(value)).toBe(createHash('sha256').update(value, 'utf8').digest('hex'));
        expect(sha256HexPortable(value)).toBe(sha256Hex(value));
        expect(utf8LengthPortable(value)).toBe(Buffer.byteLength(value, 'utf8'));
      }),
      { numRuns: 1000 },
    ));
});
