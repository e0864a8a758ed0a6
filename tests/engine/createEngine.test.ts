import { setup } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  createMemoryEventStore,
  defineWorkflow,
  GENESIS_HASH,
  hashEvent,
  IdempotencyConflictError,
  InvalidInputError,
  RefusedError,
  VersionConflictError,
  type EventStore,
  type RecordedEvent,
} from '../../src/index.ts';
import { dumpStore } from '../fixtures/randomHistory.ts';
import { createToyWorkflow, toy } from '../fixtures/toyWorkflow.ts';
import { untyped } from '../support/untyped.ts';
import type { Engine } from '../../src/index.ts';

const at = (iso: string) => () => new Date(iso);

describe('createEngine: record', () => {
  it('fills in the envelope: seq, prev, hash, workflow, schema and recordedAt from its clock', async () => {
    const engine: Engine = createEngine({
      workflows: createToyWorkflow(),
      store: createMemoryEventStore(),
      clock: at('2024-05-01T10:00:00Z'),
    });
    const first = (await engine.record('t', toy('Counted', { by: 2 }))).event;
    const second = (await engine.record('t', toy('Counted', { by: 3 }))).event;
    expect(first).toMatchObject({
      stream: 't',
      seq: 1,
      type: 'Counted',
      schema: 1,
      workflow: 'toy@1',
      prev: GENESIS_HASH,
      recordedAt: '2024-05-01T10:00:00.000Z',
    });
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(second.prev).toBe(first.hash);
    expect(hashEvent(second)).toBe(second.hash);
    expect((await engine.state('t')).context).toEqual({ count: 5 });
  });

  it('refuses a stale expectedSeq with a conflict and writes nothing', async () => {
    const engine: Engine = createEngine({ workflows: createToyWorkflow(), store: createMemoryEventStore() });
    await engine.record('t', toy('Counted', { by: 1 }), { expectedSeq: 0 });
    const before = await dumpStore(engine.store);
    await expect(engine.record('t', toy('Counted', { by: 1 }), { expectedSeq: 0 })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(await dumpStore(engine.store)).toBe(before);
  });

  it('stores a batch whole or not at all', async () => {
    const engine: Engine = createEngine({ workflows: createToyWorkflow(), store: createMemoryEventStore() });
    await expect(engine.recordBatch('t', [toy('Counted', { by: 1 }), toy('Counted', { by: 11 })])).rejects.toThrow(
      'proposal 2 of 2: Counted refused in open: counts by at most 10, not 11',
    );
    expect(await dumpStore(engine.store)).toBe('');
    const { events } = await engine.recordBatch('t', [toy('Counted', { by: 1 }), toy('Counted', { by: 2 })]);
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('returns the stored event for a retried id with the same content, and refuses it with other content', async () => {
    const engine: Engine = createEngine({ workflows: createToyWorkflow(), store: createMemoryEventStore() });
    const { event } = await engine.record('t', { ...toy('Counted', { by: 1 }), id: 'fact-1' });
    await engine.record('t', toy('Counted', { by: 1 }));
    const retried = await engine.record('t', { ...toy('Counted', { by: 1 }), id: 'fact-1' });
    expect(retried.event).toEqual(event);
    expect((await engine.state('t')).seq).toBe(2);
    await expect(engine.record('t', { ...toy('Counted', { by: 2 }), id: 'fact-1' })).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
  });

  it('refuses a fact that occurred after the moment of recording', async () => {
    const engine: Engine = createEngine({
      workflows: createToyWorkflow(),
      store: createMemoryEventStore(),
      clock: at('2024-01-01T00:00:00Z'),
    });
    await expect(engine.record('t', toy('Counted', { by: 1 }, '2024-01-02'))).rejects.toThrow(
      /occurredAt 2024-01-02 is after the time of recording/,
    );
    await expect(engine.record('t', toy('Counted', { by: 1 }, '2024-01-02'))).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('never lets recordedAt go backwards when the clock does', async () => {
    let now = '2024-06-01T00:00:00Z';
    const engine: Engine = createEngine({
      workflows: createToyWorkflow(),
      store: createMemoryEventStore(),
      clock: () => new Date(now),
    });
    await engine.record('t', toy('Counted', { by: 1 }));
    now = '2024-05-01T00:00:00Z';
    const { event } = await engine.record('t', toy('Counted', { by: 1 }));
    expect(event.recordedAt).toBe('2024-06-01T00:00:00.000Z');
  });

  it('refuses everything once the workflow reached a final state', async () => {
    const engine: Engine = createEngine({ workflows: createToyWorkflow(), store: createMemoryEventStore() });
    await engine.record('t', toy('Finished'));
    const error = await engine.record('t', toy('Counted', { by: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).refusal.kind).toBe('final');
    expect((error as RefusedError).message).toContain('a final state accepts nothing');
  });

  it('retries after losing a race when no expectedSeq is given, so concurrent writers all succeed', async () => {
    const store = createMemoryEventStore();
    const engines = [1, 2, 3].map((): Engine => createEngine({ workflows: createToyWorkflow(), store }));
    await Promise.all(Array.from({ length: 30 }, (_, i) => engines[i % 3]!.record('t', toy('Counted', { by: 1 }))));
    const events: RecordedEvent[] = [];
    for await (const e of store.readStream('t')) events.push(e);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await engines[0]!.state('t')).context).toEqual({ count: 30 });
  });
});

describe('createEngine: effects', () => {
  it('runs an effect once for the event just stored and never when state is replayed', async () => {
    const seen: unknown[] = [];
    const store = createMemoryEventStore();
    const workflow = createToyWorkflow(1, (params) => seen.push(['machine', params]));
    const engine: Engine = createEngine({
      workflows: workflow,
      store,
      effects: { notify: (params) => void seen.push(params) },
    });
    await engine.record('t', toy('Counted', { by: 4 }));
    await engine.record('t', toy('Pinged'));
    expect(seen).toEqual([{ count: 4 }, { count: -1 }]);
    await createEngine({ workflows: workflow, store, effects: { notify: (params) => void seen.push(params) } }).state(
      't',
    );
    expect(seen).toHaveLength(2);
  });
});

describe('createEngine: state at the head', () => {
  it('comes from a persisted snapshot plus the tail, not from replaying the whole stream', async () => {
    let read = 0;
    const inner = createMemoryEventStore();
    const counting: EventStore = {
      ...inner,
      readStream(stream, range) {
        const source = inner.readStream(stream, range);
        return (async function* () {
          for await (const event of source) {
            read++;
            yield event;
          }
        })();
      },
    };
    const workflow = createToyWorkflow();
    await untyped(createEngine({ workflows: workflow, store: counting })).recordBatch(
      't',
      Array.from({ length: 100 }, () => toy('Counted', { by: 1 })),
    );
    await createEngine({ workflows: workflow, store: counting }).state('t');
    expect(read).toBe(100);
    read = 0;
    const fresh: Engine = createEngine({ workflows: workflow, store: counting });
    await fresh.record('t', toy('Counted', { by: 1 }));
    const state = await fresh.state('t');
    expect(read).toBe(0);
    expect(state.context).toEqual({ count: 101 });
    expect(state.seq).toBe(101);
  });
});

describe('createEngine: stateAt', () => {
  it('returns the state after a prefix by seq, by occurrence date and by recording time', async () => {
    let now = '2024-01-10T00:00:00Z';
    const engine: Engine = createEngine({
      workflows: createToyWorkflow(),
      store: createMemoryEventStore(),
      clock: () => new Date(now),
    });
    await engine.record('t', toy('Counted', { by: 1 }, '2024-01-01'));
    now = '2024-02-10T00:00:00Z';
    await engine.record('t', toy('Counted', { by: 2 }, '2024-02-01'));
    expect((await engine.stateAt('t', { seq: 1 })).context).toEqual({ count: 1 });
    expect((await engine.stateAt('t', { asOf: '2024-01-31' })).context).toEqual({ count: 1 });
    expect((await engine.stateAt('t', { asOf: '2024-02-01' })).context).toEqual({ count: 3 });
    expect((await engine.stateAt('t', { knownAt: '2024-01-10T00:00:00Z' })).context).toEqual({ count: 1 });
    await expect(engine.stateAt('t', { seq: 3 })).rejects.toThrow('Stream "t" has 2 events; there is no seq 3');
    await expect(engine.stateAt('t', { asOf: 'yesterday' })).rejects.toThrow('is not an ISO 8601 date');
  });
});

describe('createEngine: a transition that does nothing', () => {
  it('forbids the event, as in XState, and does not claim it is allowed there', async () => {
    const machine = setup({ types: { events: {} as { type: 'Ping'; data: object } } }).createMachine({
      id: 'quiet',
      initial: 'idle',
      states: { idle: { on: { Ping: {} } } },
    });
    const workflow = defineWorkflow({
      name: 'quiet',
      version: 1,
      machine,
      guards: { rules: {}, selectors: {} },
      catalogue: { Ping: { schema: z.strictObject({}), version: 1 } },
      policy: { roles: ['clerk'], rules: { Ping: { roles: ['clerk'] } } },
    });
    const engine: Engine = createEngine({ workflows: workflow, store: createMemoryEventStore() });
    const error = (await engine.record('q', toy('Ping')).catch((e: unknown) => e)) as RefusedError;
    expect(error).toBeInstanceOf(RefusedError);
    expect(error.message).toBe('Ping is not allowed in idle');
  });
});

describe('createEngine: migrations', () => {
  it('moves a stream to a newer version only by a recorded migration, never as its first event', async () => {
    const engine: Engine = createEngine({
      workflows: [createToyWorkflow(1), createToyWorkflow(2)],
      store: createMemoryEventStore(),
    });
    const migrate = toy('WorkflowMigrated', { from: 'toy@1', to: 'toy@2', reason: 'the new counting rules' });
    await expect(engine.record('m', migrate)).rejects.toThrow(
      'a new stream starts under the version it names; it does not begin with a migration',
    );
    expect(await engine.store.head('m')).toBeNull();
    await engine.record('m', toy('Counted', { by: 1 }), { workflow: 'toy@1' });
    const { state } = await engine.record('m', migrate);
    expect(state.workflow).toBe('toy@2');
    expect((await engine.record('m', toy('Counted', { by: 2 }))).event.workflow).toBe('toy@2');
  });
});
