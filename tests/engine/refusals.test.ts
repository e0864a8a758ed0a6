import { describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  RefusedError,
  createEngine,
  createMemoryEventStore,
  encodeEvent,
  refusalsStreamOf,
  type EventStore,
  type RecordedEvent,
} from '../../src/index.ts';
import { verifyStore } from '../../src/entries/audit.ts';
import { programmeVersions } from '../../machines/index.ts';
import { seedProposals } from '../support/lifecycle.ts';
import type { Engine } from '../../src/index.ts';

const seed = seedProposals();

async function dump(store: EventStore, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
}

function engineWithRefusals(recordRefusals = true) {
  const store = createMemoryEventStore();
  let now = Date.parse('2013-01-01T00:00:00Z');
  const engine: Engine = createEngine({
    workflows: [...programmeVersions],
    store,
    clock: () => new Date((now += 1000)),
    recordRefusals,
  });
  return { store, engine };
}

const intruder = { ...seed[1]!, id: 'attempt-1', actor: { id: 'nl-agency', role: 'auditor' } };

describe('refusals on record', () => {
  it('appends a refused proposal, with its reasons and actor, to <stream>.refusals and leaves the stream byte-identical', async () => {
    const { store, engine } = engineWithRefusals();
    await engine.record('lcz', seed[0]);
    const before = (await dump(store, 'lcz')).map(encodeEvent);
    await expect(engine.record('lcz', intruder)).rejects.toThrow(RefusedError);
    expect((await dump(store, 'lcz')).map(encodeEvent)).toEqual(before);
    const refusals = await dump(store, refusalsStreamOf('lcz'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({
      stream: 'lcz.refusals',
      seq: 1,
      type: 'ProposalRefused',
      workflow: 'phasegate-refusals@1',
      actor: { id: 'nl-agency', role: 'auditor' },
      data: {
        stream: 'lcz',
        atSeq: 1,
        proposal: { type: 'ParticipantRegistered', occurredAt: '2011-07-01', id: 'attempt-1', data: seed[1]!.data },
        refusal: {
          kind: 'forbidden',
          state: 'feasibility.active',
          reasons: [
            { guard: 'policy', reason: expect.stringMatching(/recorded by programme_manager, not by auditor/) },
          ],
        },
      },
    });
    expect(refusals[0]!.occurredAt).toBe(refusals[0]!.recordedAt);
  });

  it('records refusals by the workflow (guards) as well as by the role policy, chained in their own stream', async () => {
    const { store, engine } = engineWithRefusals();
    await engine.recordBatch('lcz', seed.slice(0, 22));
    const g1Early = seed.find((p) => p.id === 'lcz-12-g1-decision')!;
    await expect(engine.record('lcz', g1Early)).rejects.toThrow(/not allowed in feasibility.active/);
    await expect(engine.record('lcz', intruder)).rejects.toThrow(/may not record/);
    const refusals = await dump(store, 'lcz.refusals');
    expect(refusals.map((e) => [e.seq, (e.data as { refusal: { kind: string } }).refusal.kind])).toEqual([
      [1, 'not_allowed'],
      [2, 'forbidden'],
    ]);
    expect(refusals[1]!.prev).toBe(refusals[0]!.hash);
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('names the refused proposal within a batch, and stores none of the batch', async () => {
    const { store, engine } = engineWithRefusals();
    await expect(engine.recordBatch('lcz', [seed[0], seed[1], intruder])).rejects.toThrow(/proposal 3 of 3/);
    expect(await store.head('lcz')).toBeNull();
    const [refusal] = await dump(store, 'lcz.refusals');
    expect(refusal!.data).toMatchObject({ atSeq: 0, batch: { index: 2, size: 3 } });
  });

  it('keeps nothing when the option is off, and records no refusal for invalid input', async () => {
    const off = engineWithRefusals(false);
    await off.engine.record('lcz', seed[0]);
    await expect(off.engine.record('lcz', intruder)).rejects.toThrow(RefusedError);
    expect(await off.store.head('lcz.refusals')).toBeNull();
    const on = engineWithRefusals();
    await on.engine.record('lcz', seed[0]);
    await expect(on.engine.record('lcz', { ...seed[1]!, data: {} })).rejects.toThrow(InvalidInputError);
    expect(await on.store.head('lcz.refusals')).toBeNull();
  });

  it('refuses a record to a refusals stream: only the engine appends there', async () => {
    const { engine } = engineWithRefusals();
    await expect(engine.record('lcz.refusals', seed[0])).rejects.toThrow(/only the engine appends/);
  });

  it('folds a refusals stream through the built-in workflow, never through the programme', async () => {
    const { engine } = engineWithRefusals();
    await engine.record('lcz', seed[0]);
    await expect(engine.record('lcz', intruder)).rejects.toThrow(RefusedError);
    const state = await engine.state('lcz.refusals');
    expect(state).toMatchObject({
      workflow: 'phasegate-refusals@1',
      state: 'recording',
      seq: 1,
      context: { refused: 1 },
    });
    expect((await engine.state('lcz')).workflow).toBe('programme@3');
  });
});
