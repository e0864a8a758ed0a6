import { describe, expect, it } from 'vitest';
import {
  IntegrityError,
  InvalidInputError,
  RefusedError,
  canonicalJson,
  createEngine,
  createMemoryEventStore,
  sha256Hex,
  upcast,
  type RecordedEvent,
} from '../../src/index.ts';
import { createReplayAuditor } from '../../src/entries/audit.ts';
import { programme, programmeV1, programmeV2, programmeV3, programmeVersions } from '../../machines/index.ts';
import {
  implementationToClosure,
  ktActivity,
  seedProposals,
  seedWithVersionDefault,
  suspensionV1,
} from '../support/lifecycle.ts';
import type { Engine } from '../../src/index.ts';

const seed = seedProposals();
const unconfigured = seedWithVersionDefault();
/** The registration, the participants and the roles granted with them. */
const setUp = seed.slice(0, seed.findLastIndex((p) => p.id?.startsWith('lcz-02-')) + 1);
const migrate = (
  data: Partial<{ from: string; to: string; reason: string }> = {},
  actor = { id: 'eli', role: 'gatekeeper' },
) => ({
  type: 'WorkflowMigrated',
  occurredAt: '2012-10-10',
  actor,
  data: {
    from: 'programme@1',
    to: 'programme@2',
    reason: 'G3 needs four knowledge-transfer activities from now on',
    ...data,
  },
});

function freshEngine(): Engine {
  let now = Date.parse('2013-01-01T00:00:00Z');
  return createEngine({
    workflows: [...programmeVersions],
    store: createMemoryEventStore(),
    clock: () => new Date((now += 1000)),
  });
}

async function all(engine: ReturnType<typeof freshEngine>, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of engine.store.readStream(stream)) events.push(event);
  return events;
}

describe('versioned workflows', () => {
  it('registers programme@1, @2 and @3, the newest being what new streams start under', async () => {
    expect(programmeVersions.map((w) => w.ref)).toEqual(['programme@1', 'programme@2', 'programme@3']);
    expect(programme).toBe(programmeV3);
    const engine = freshEngine();
    const { event } = await engine.record('lcz', seed[0]);
    expect(event.workflow).toBe('programme@3');
  });

  it('keeps G3 at three knowledge-transfer activities under programme@1 and four under programme@2 when the registration leaves it to the version', async () => {
    const v1 = freshEngine();
    await v1.recordBatch('lcz', unconfigured, { workflow: 'programme@1' });
    expect((await v1.recordBatch('lcz', implementationToClosure(3))).state.state).toBe('closed');
    const v2 = freshEngine();
    await v2.recordBatch('lcz', unconfigured, { workflow: 'programme@2' });
    await expect(v2.recordBatch('lcz', implementationToClosure(3))).rejects.toThrow(
      /3 knowledge-transfer activities are recorded, 4 are needed/,
    );
    expect((await v2.recordBatch('lcz', implementationToClosure(4))).state.state).toBe('closed');
  });

  it.each(['programme@1', 'programme@2'])(
    'asks G3 for the 3 activities the seed registered (its G2 decision says three) under %s',
    async (workflow) => {
      const registration = seed.find((p) => p.type === 'ProgrammeRegistered')!;
      expect(registration.data.ktActivitiesTarget).toBe(3);
      expect(seed.find((p) => p.id === 'lcz-23-g2-decision')!.data.nextGate).toMatchObject({
        requiredDeliverables: expect.arrayContaining(['three knowledge-transfer activities']),
      });
      const engine = freshEngine();
      await engine.recordBatch('lcz', seed, { workflow });
      await expect(engine.recordBatch('lcz', implementationToClosure(2))).rejects.toThrow(
        /2 knowledge-transfer activities are recorded, 3 are needed/,
      );
      expect((await engine.recordBatch('lcz', implementationToClosure(3))).state.state).toBe('closed');
    },
  );

  it('moves a stream to programme@2 only by a recorded WorkflowMigrated, accepted under programme@1', async () => {
    const engine = freshEngine();
    await engine.recordBatch('lcz', unconfigured, { workflow: 'programme@1' });
    const { event, state } = await engine.record('lcz', migrate());
    expect(event).toMatchObject({ type: 'WorkflowMigrated', workflow: 'programme@1', schema: 1 });
    expect(state).toMatchObject({ workflow: 'programme@2', state: 'implementation.active' });
    const { event: next } = await engine.record('lcz', ktActivity(2, '2012-10-15'));
    expect(next.workflow).toBe('programme@2');
    await expect(engine.recordBatch('lcz', implementationToClosure(3).slice(1))).rejects.toThrow(/4 are needed/);
    const replayed = await engine.stateAt('lcz', { seq: (await engine.state('lcz')).seq });
    expect(replayed.workflow).toBe('programme@2');
    expect((await engine.stateAt('lcz', { seq: event.seq - 1 })).workflow).toBe('programme@1');
  });

  it.each([
    [
      'by a role the policy does not give it to',
      migrate({}, { id: 'twa-guangzhou', role: 'programme_manager' }),
      /recorded by gatekeeper, not by programme_manager/,
    ],
    [
      'to a version that is not registered',
      migrate({ from: 'programme@3', to: 'programme@4' }),
      /programme@4 is not registered/,
    ],
    [
      'to the version it is already under',
      migrate({ from: 'programme@3', to: 'programme@3' }),
      /not newer than programme@3/,
    ],
    [
      'from a version the stream is not under',
      migrate({ from: 'programme@1', to: 'programme@2' }),
      /the stream is under programme@3, not programme@1/,
    ],
    ['to another workflow', migrate({ from: 'programme@3', to: 'phasegate-refusals@1' }), /not a version of programme/],
  ])('refuses a migration %s', async (_case, proposal, reason) => {
    const engine = freshEngine();
    await engine.recordBatch('lcz', setUp);
    const error = await engine.record('lcz', proposal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).message).toMatch(reason);
  });

  it('refuses a migration payload that names no versions', async () => {
    const engine = freshEngine();
    await engine.recordBatch('lcz', setUp);
    await expect(engine.record('lcz', migrate({ to: 'v2' }))).rejects.toThrow(InvalidInputError);
  });

  it('refuses an implicit version switch in a stored log, at the exact seq', async () => {
    const store = createMemoryEventStore();
    const engine: Engine = createEngine({
      workflows: [...programmeVersions],
      store,
      clock: () => new Date('2013-01-01T00:00:00Z'),
    });
    await engine.recordBatch('lcz', seed.slice(0, 5), { workflow: 'programme@1' });
    const head = await engine.state('lcz');
    const { hash: _h, ...unhashed } = {
      ...(await all(engine, 'lcz'))[4]!,
      id: 'sneaky',
      seq: 6,
      prev: head.hash,
      workflow: 'programme@2',
      data: { ...seed[5]!.data },
    };
    const sneaky = { ...unhashed, hash: sha256Hex(canonicalJson(unhashed)) } as RecordedEvent;
    await store.append('lcz', [sneaky], { expectedSeq: 5 });
    const fresh: Engine = createEngine({ workflows: [...programmeVersions], store });
    const failure = await fresh.state('lcz').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IntegrityError);
    expect(failure).toMatchObject({
      seq: 6,
      message: expect.stringMatching(/only through a recorded WorkflowMigrated/),
    });
    const auditor = createReplayAuditor(fresh.registry);
    for (const event of await all(fresh, 'lcz')) auditor.accept(event);
    expect(auditor.finish()[0]!.findings).toMatchObject([{ seq: 6, kind: 'workflow' }]);
  });
});

describe('upcasting ProgrammeSuspended from schema 1 to schema 2', () => {
  it('refuses a schema-1 payload for a new suspension, naming the field it lacks', async () => {
    const engine = freshEngine();
    await engine.recordBatch('lcz', seed);
    await expect(engine.record('lcz', suspensionV1('2012-10-10', '2012-11-01'))).rejects.toThrow(/data\.category/);
  });

  it('lifts a stored schema-1 suspension on read, under either version, with the cause unclassified', () => {
    const stored = {
      id: 'x',
      stream: 'lcz',
      seq: 40,
      type: 'ProgrammeSuspended',
      schema: 1,
      workflow: 'programme@1',
      occurredAt: '2012-10-10',
      recordedAt: '2012-10-10T18:00:00.000Z',
      actor: { id: 'eli', role: 'gatekeeper' },
      data: suspensionV1('2012-10-10', '2012-11-01').data,
      prev: '0'.repeat(64),
      hash: '0'.repeat(64),
    } as RecordedEvent;
    for (const workflow of [programmeV1, programmeV2]) {
      expect(upcast(workflow, stored)).toMatchObject({
        schema: 2,
        data: { category: 'unclassified', reviewDate: '2012-11-01' },
      });
    }
    expect(() => upcast(programmeV2, { ...stored, schema: 3 })).toThrow(/schema version 3 is not readable/);
  });
});
