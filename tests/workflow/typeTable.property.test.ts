/**
 * TypeTable, the table replay finds event types in without hashing them, answers as a Map does: for keys of every
 * length (empty, of one length with several keys, longer than the lengths it keeps apart), keys built at run time
 * (not the same string object as the one set), and values set again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TypeTable } from '../../src/workflow/typeTable.ts';
import { fcSeed } from '../fcSeed.ts';

const key = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'NetworkMeetingHeld', 'ProgrammeSuspended', 'toString', '__proto__'),
  fc.string({ maxLength: 70 }),
  fc.nat(4).map((n) => `${'x'.repeat(63 + n)}`),
  fc.nat(4).map((n) => `${'x'.repeat(62 + n)}y`),
);

describe(`TypeTable (seed ${fcSeed})`, () => {
  it('gets what a Map gets after the same sets, whichever string object asks', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer())), fc.array(key), (sets, gets) => {
        const table = new TypeTable<number>();
        const map = new Map<string, number>();
        for (const [k, v] of sets) {
          table.set(k, v);
          map.set(k, v);
        }
        // A copy made from its characters: equal, but another string than the key that was set.
        const copy = (k: string) => [...k].join('');
        for (const k of [...sets.map(([k]) => k), ...gets]) expect(table.get(copy(k))).toBe(map.get(k));
      }),
      { numRuns: 300 },
    );
  });
});
