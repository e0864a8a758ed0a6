import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { programme, programmeVersions } from '../../machines/index.ts';
import { programmeReadModel } from '../../machines/readModel/index.ts';
import {
  createEngine,
  createMemoryEventStore,
  createWorkflowRegistry,
  GENESIS_HASH,
  type RecordedEvent,
} from '../../src/index.ts';
import { canonicalJson, sha256Hex } from '../../src/envelope/canonical.ts';
import { createProjector } from '../../src/projections/projector.ts';
import { readSummaries } from '../../src/projections/queries.ts';
import { createMemoryReadModelStore, type ReadModelStore } from '../../src/projections/readModelStore.ts';
import { walkHistory } from '../fixtures/randomHistory.ts';
import { fcSeed } from '../fcSeed.ts';

const registry = createWorkflowRegistry([...programmeVersions]);
const clock = () => new Date('2026-01-01T00:00:00Z');
const model = programmeReadModel;

/** Walks one random history per stream; returns every stored event, stream by stream. */
async function histories(picks: readonly (readonly number[])[]): Promise<RecordedEvent[][]> {
  const out: RecordedEvent[][] = [];
  for (const [i, choices] of picks.entries()) {
    const engine = createEngine({ workflows: programme, store: createMemoryEventStore(), clock });
    out.push(withOwnIds((await walkHistory(engine, `p${i}`, choices)).events));
  }
  return out;
}

/** Returns a stream's events with ids of their own (the walker reuses the seed's), chained and hashed again. */
function withOwnIds(events: readonly RecordedEvent[]): RecordedEvent[] {
  let prev = GENESIS_HASH;
  return events.map((event) => {
    const { hash: _hash, sig: _sig, ...rest } = event;
    const unhashed = { ...rest, id: `${event.stream}-${event.seq}`, prev };
    prev = sha256Hex(canonicalJson(unhashed));
    return { ...unhashed, hash: prev };
  });
}

/** Every row of a read model's tables, as stored. */
async function dump(tables: ReadModelStore, streams: readonly string[]) {
  return [...(await tables.rows(model.name, streams)).values()].sort((a, b) => a.stream.localeCompare(b.stream));
}

describe(`read models (seed ${fcSeed})`, () => {
  it('folded incrementally (random interleaving, batch sizes and catch-up points) equal the rebuild from position 0', () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 50 }),
        async (picks, order, batchSize, catchUps) => {
          const logs = await histories(picks);
          // Copy the streams' events into one store in a random interleaving, catching up now and then.
          const store = createMemoryEventStore();
          const incremental = createMemoryReadModelStore();
          const projector = createProjector({ store, tables: incremental, model, registry, batchSize });
          const next = logs.map(() => 0);
          let step = 0;
          while (next.some((n, i) => n < logs[i]!.length)) {
            const open = logs.map((_, i) => i).filter((i) => next[i]! < logs[i]!.length);
            const pick = open[order[step % order.length]! % open.length]!;
            const event = logs[pick]![next[pick]!]!;
            await store.append(event.stream, [event], { expectedSeq: event.seq - 1 });
            next[pick]!++;
            if (catchUps[step % catchUps.length]) await projector.catchUp();
            step++;
          }
          await projector.catchUp();
          const rebuilt = createMemoryReadModelStore();
          await createProjector({ store, tables: rebuilt, model, registry }).rebuild();
          const streams = logs.map((_, i) => `p${i}`);
          expect(await dump(incremental, streams)).toEqual(await dump(rebuilt, streams));
          expect(await incremental.summaries(model.name)).toEqual(await rebuilt.summaries(model.name));
          // And both equal a fold of the log with no tables at all, now and as of every date an event names.
          const folded = await readSummaries({ store, tables: null, model, registry });
          expect(folded.summaries).toEqual(await rebuilt.summaries(model.name));
          const dates = [...new Set(logs.flat().map((e) => e.occurredAt))].slice(0, 5);
          for (const date of dates) {
            const fromTables = await readSummaries({ store, tables: incremental, model, registry }, date);
            expect(fromTables.summaries).toEqual(
              (await readSummaries({ store, tables: null, model, registry }, date)).summaries,
            );
          }
        },
      ),
      { numRuns: 25 },
    ));

  it('never counts an event twice: a catch-up that runs again, or a row older than the checkpoint, changes nothing', async () => {
    const [log] = await histories([[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]);
    const store = createMemoryEventStore();
    for (const event of log!) await store.append(event.stream, [event], { expectedSeq: event.seq - 1 });
    const tables = createMemoryReadModelStore();
    const projector = createProjector({ store, tables, model, registry, batchSize: 3 });
    await projector.catchUp();
    const once = await dump(tables, ['p0']);
    expect(await projector.catchUp()).toMatchObject({ events: 0 });
    // A second projector that still believes the checkpoint is 0 loses the race and folds nothing twice.
    const stale = createProjector({ store, tables, model, registry, batchSize: 3 });
    await tables.reset(model.name, model.version);
    await projector.catchUp();
    await stale.catchUp();
    expect(await dump(tables, ['p0'])).toEqual(once);
  });
});
