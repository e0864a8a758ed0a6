/**
 * Counts in the command line's output are grouped by hand (src/words.ts) so that printing one does not load ICU's
 * number formats; they must read exactly as `toLocaleString('en')` writes them, for every number.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counted, grouped } from '../../src/words.ts';
import { fcSeed } from '../fcSeed.ts';

describe(`counts grouped by hand read as toLocaleString('en') writes them (seed ${fcSeed})`, () => {
  it('for every integer, safe or not, and for fractions, -0, infinities and NaN', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), fc.constantFrom(-0, 999, 1000, 999_999, 1e21)),
        (n) => {
          expect(grouped(n)).toBe(n.toLocaleString('en'));
        },
      ),
      { seed: fcSeed, numRuns: 5000 },
    );
  });

  it('puts the noun in agreement after the grouped count', () => {
    expect(counted(1, 'stream')).toBe('1 stream');
    expect(counted(1234567, 'event')).toBe('1,234,567 events');
    expect(counted(-1000, 'finding')).toBe('-1,000 findings');
    expect(counted(2, 'body', 'bodies')).toBe('2 bodies');
  });
});
