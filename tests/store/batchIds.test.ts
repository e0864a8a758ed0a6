import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, IdempotencyConflictError } from '../../src/index.ts';
import { fcSeed } from '../fcSeed.ts';
import { chainEvents } from './storeEvents.ts';

// The append rules refuse a batch that holds an id twice, naming the first id met again, whatever order the ids come
// in: rising (as createEventId makes them, judged by comparing each with the one before), falling, mixed, repeated.
describe(`ids repeated within one batch (seed ${fcSeed})`, () => {
  it('refuses a batch exactly when an id comes twice, naming the first one met again, and stores nothing', () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'aa', 'a-', 'B'), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('as drawn', 'rising', 'rising, then again'),
        async (ids, how) => {
          const rising = [...new Set(ids)].sort();
          const order = how === 'as drawn' ? ids : how === 'rising' ? rising : rising.concat(ids);
          const store = createMemoryEventStore();
          const events = chainEvents(
            's',
            order.map((id) => ({ id })),
          );
          const again = order.find((id, at) => order.indexOf(id) < at);
          const append = store.append('s', events, { expectedSeq: 0 });
          if (again === undefined) {
            await expect(append).resolves.toMatchObject({ outcome: 'appended' });
          } else {
            await expect(append).rejects.toThrow(new IdempotencyConflictError(again, 'appears twice in one batch'));
            expect(await store.head('s')).toBeNull();
          }
        },
      ),
      { numRuns: 300 },
    ));
});
