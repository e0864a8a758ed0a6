import fc from 'fast-check';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { programme } from '../../machines/index.ts';
import {
  createEngine,
  createMemoryEventStore,
  persistSnapshot,
  replay,
  restoreSnapshot,
  upcast,
  type RecordedEvent,
} from '../../src/index.ts';
import { walkHistory } from '../fixtures/randomHistory.ts';
import { fcSeed } from '../fcSeed.ts';

const clock = () => new Date('2026-01-01T00:00:00Z');
const choices = fc.array(fc.nat(), { minLength: 1, maxLength: 150, size: 'max' });

async function generate(picks: readonly number[]) {
  const engine = createEngine({ workflows: programme, store: createMemoryEventStore(), clock });
  const walked = await walkHistory(engine, 'p', picks);
  return { ...walked, live: await engine.state('p') };
}

const persisted = (snapshot: AnyMachineSnapshot) => JSON.parse(JSON.stringify(persistSnapshot(programme, snapshot)));

/** The fold the issue compares against: xstate's public, throw-away-actor `transition()`. */
function publicFold(events: readonly RecordedEvent[]): AnyMachineSnapshot {
  let [snapshot] = initialTransition(programme.machine);
  for (const event of events) [snapshot] = transition(programme.machine, snapshot, upcast(programme, event) as never);
  return snapshot as AnyMachineSnapshot;
}

describe(`replay (seed ${fcSeed})`, () => {
  it('gives the same snapshot twice (determinism) and the same as the live engine', () =>
    fc.assert(
      fc.asyncProperty(choices, async (picks) => {
        const { events, live } = await generate(picks);
        const first = replay(programme, events);
        expect(persisted(replay(programme, events))).toEqual(persisted(first));
        expect(persisted(first)).toEqual(persisted(live.snapshot));
      }),
      { numRuns: 40 },
    ));

  it('resuming from a persisted snapshot plus the tail equals replaying the whole log', () =>
    fc.assert(
      fc.asyncProperty(choices, fc.nat(), async (picks, cut) => {
        const { events } = await generate(picks);
        const at = cut % (events.length + 1);
        const checkpoint = JSON.parse(
          JSON.stringify(persistSnapshot(programme, replay(programme, events.slice(0, at)))),
        );
        const resumed = replay(programme, events.slice(at), restoreSnapshot(programme, checkpoint));
        expect(persisted(resumed)).toEqual(persisted(replay(programme, events)));
        expect(resumed.value).toEqual(replay(programme, events).value);
      }),
      { numRuns: 40 },
    ));

  it('survives a JSON round trip of the snapshot unchanged', () =>
    fc.assert(
      fc.asyncProperty(choices, async (picks) => {
        const { events } = await generate(picks);
        const snapshot = replay(programme, events);
        const restored = restoreSnapshot(programme, JSON.parse(JSON.stringify(persistSnapshot(programme, snapshot))));
        expect(persisted(restored)).toEqual(persisted(snapshot));
        expect(restored.status).toBe(snapshot.status);
      }),
      { numRuns: 40 },
    ));

  it("folds with one reused scope to exactly the snapshots of xstate's public transition()", () =>
    fc.assert(
      fc.asyncProperty(choices, async (picks) => {
        const { events } = await generate(picks);
        for (let n = 0; n <= events.length; n += Math.max(1, Math.floor(events.length / 5))) {
          expect(persisted(replay(programme, events.slice(0, n)))).toEqual(persisted(publicFold(events.slice(0, n))));
        }
      }),
      { numRuns: 40 },
    ));

  it('leaves the store byte for byte unchanged whenever a proposal is refused', async () => {
    let refusals = 0;
    const states = new Set<string>();
    await fc.assert(
      fc.asyncProperty(choices, async (picks) => {
        // walkHistory compares the store's bytes before and after every refused proposal.
        const { refused, live } = await generate(picks);
        refusals += refused;
        states.add(String(live.state));
      }),
      { numRuns: 40 },
    );
    expect(refusals).toBeGreaterThan(100);
    expect(states.size).toBeGreaterThan(3);
  });
});
