import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isVersionConflictError, type EventStore } from '../../src/index.ts';
import { fcSeed } from '../fcSeed.ts';
import { jsonlFixture, memoryFixture, type StoreFixture } from './storeFixtures.ts';
import { chainEvents, collect } from './storeEvents.ts';

// 2-8 logical writers append to one stream through the async API (read the head, append at
// it, retry on a conflict) while fast-check's scheduler reorders when each awaited read and append resolves.
type Figures = {
  interleavings: number;
  appends: number;
  conflicts: number;
  lost: number;
  duplicated: number;
  gaps: number;
};

const writerPlans = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 8 });

async function runWriters(
  s: fc.Scheduler,
  store: EventStore,
  plan: readonly number[],
  figures: Figures,
): Promise<void> {
  const acknowledged: string[] = [];
  const writer = async (w: number, count: number) => {
    for (let n = 0; n < count; n++) {
      const id = `w${w}-${n}`;
      for (;;) {
        const head = await s.schedule(store.head('s'), `w${w} reads the head`);
        const [event] = chainEvents('s', [{ id, data: { writer: w, n } }], head);
        try {
          await s.schedule(store.append('s', [event!], { expectedSeq: head?.seq ?? 0 }), `w${w} appends ${id}`);
          acknowledged.push(id);
          break;
        } catch (error) {
          if (!isVersionConflictError(error)) throw error;
          figures.conflicts++;
        }
      }
    }
  };
  await s.waitFor(Promise.all(plan.map((count, w) => writer(w, count))));

  const stored = await collect(store.readStream('s'));
  const ids = stored.map((event) => event.id);
  const lost = acknowledged.filter((id) => !ids.includes(id)).length;
  const duplicated = ids.length - new Set(ids).size;
  const gaps = stored.filter((event, index) => event.seq !== index + 1).length;
  figures.interleavings++;
  figures.appends += acknowledged.length;
  figures.lost += lost;
  figures.duplicated += duplicated;
  figures.gaps += gaps;
  expect({ lost, duplicated, gaps }).toEqual({ lost: 0, duplicated: 0, gaps: 0 });
  expect(ids.length).toBe(plan.reduce((a, b) => a + b, 0));
  // each writer's own events are stored in the order it appended them
  plan.forEach((_, w) => {
    const own = stored.filter((event) => event.id.startsWith(`w${w}-`)).map((event) => event.data['n']);
    expect(own).toEqual([...own].sort((a, b) => Number(a) - Number(b)));
  });
}

describe.each<{ fixture: StoreFixture; numRuns: number }>([
  { fixture: memoryFixture(), numRuns: 200 },
  { fixture: jsonlFixture(), numRuns: 40 },
])('scheduled interleavings of writers on the $fixture.name store', ({ fixture, numRuns }) => {
  afterAll(() => fixture.cleanup());

  it(`stores every acknowledged append exactly once, gapless (seed ${fcSeed}, ${numRuns} interleavings)`, async () => {
    const figures: Figures = { interleavings: 0, appends: 0, conflicts: 0, lost: 0, duplicated: 0, gaps: 0 };
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), writerPlans, async (s, plan) => {
        const store = await fixture.open();
        try {
          await runWriters(s, store, plan, figures);
        } finally {
          await store.close();
        }
      }),
      { numRuns },
    );
    console.log(`scheduled-appends-${fixture.name}: ${JSON.stringify(figures)}`);
    expect(figures.conflicts).toBeGreaterThan(0); // the scheduler made writers collide, or the test proved nothing
  }, 120_000);
});
