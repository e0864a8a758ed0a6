import { join } from 'node:path';
import { assign, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createEngine,
  defineWorkflow,
  explainedGuards,
  PhasegateError,
  restoreSnapshot,
  persistSnapshot,
  SnapshotError,
  WorkflowDefinitionError,
  type ContextCodec,
  type Workflow,
} from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import { programmeV1, programmeV2, programmeV3 } from '../../machines/index.ts';
import { tempDir } from '../store/storeFixtures.ts';
import type { Engine } from '../../src/index.ts';

// A workflow whose context holds a Set: the shape issue 11 found breaking after a reopen ("context.seen is not iterable").
type Tagged = { readonly seen: Set<string>; readonly since?: Date };
type TagEvent = { type: 'Tagged'; data: { tag: string } } | { type: 'Stamped'; data: object; occurredAt: string };

const { guards, spec } = explainedGuards({
  rules: {
    unseen: ({ context, event }: { context: Tagged; event: TagEvent }) =>
      event.type === 'Tagged' && context.seen.has(event.data.tag) ? `${event.data.tag} is tagged already` : null,
  },
});

function tagMachine(initial: () => Tagged) {
  return setup({ types: { context: {} as Tagged, events: {} as TagEvent }, guards }).createMachine({
    id: 'tags',
    context: initial,
    initial: 'open',
    states: {
      open: {
        on: {
          Tagged: {
            guard: 'unseen',
            actions: assign(({ context, event }) => ({
              seen: new Set([...context.seen, (event as { data: { tag: string } }).data.tag]),
            })),
          },
          Stamped: {
            actions: assign(({ event }) => ({ since: new Date((event as { occurredAt: string }).occurredAt) })),
          },
        },
      },
    },
  });
}

const catalogue = {
  Tagged: { schema: z.strictObject({ tag: z.string() }), version: 1 },
  Stamped: { schema: z.strictObject({}), version: 1 },
};
const policy = { roles: ['clerk'], rules: { Tagged: { roles: ['clerk'] }, Stamped: { roles: ['clerk'] } } };
const tagCodec = (version = 1, restore?: ContextCodec<Tagged>['restore']): ContextCodec<Tagged> => ({
  version,
  persist: (context) => ({
    seen: [...context.seen].sort(),
    ...(context.since ? { since: context.since.toISOString() } : {}),
  }),
  restore:
    restore ??
    ((persisted) => {
      const plain = persisted as { seen: string[]; since?: string };
      return { seen: new Set(plain.seen), ...(plain.since ? { since: new Date(plain.since) } : {}) };
    }),
});
const tagWorkflow = (codec?: ContextCodec<Tagged>, version = 1): Workflow =>
  defineWorkflow({
    name: 'tags',
    version,
    machine: tagMachine(() => ({ seen: new Set() })) as AnyStateMachine,
    catalogue,
    policy,
    guards: spec,
    ...(codec ? { codec } : {}),
  });

const tag = (value: string) => ({
  type: 'Tagged',
  occurredAt: '2024-01-01',
  actor: { id: 'ann', role: 'clerk' },
  data: { tag: value },
});

const dirs: Array<() => void> = [];
afterEach(() => {
  for (const remove of dirs.splice(0)) remove();
  vi.restoreAllMocks();
});

/** Records proposals into a fresh SQLite file (a snapshot every 2 events), then opens it again under `reopenWith`. */
async function reopened(first: Workflow, reopenWith: Workflow, proposals: readonly object[]) {
  const { dir, remove } = tempDir('codec');
  dirs.push(remove);
  const path = join(dir, 'tags.db');
  const writer = createEngine({ workflows: first, store: await openSqliteEventStore(path), snapshotEvery: 2 });
  for (const proposal of proposals) await writer.record('s', proposal);
  await writer.close();
  // A reader that folds the stream from the start saves a snapshot on the way (every 2 events folded).
  const reader = createEngine({ workflows: first, store: await openSqliteEventStore(path), snapshotEvery: 2 });
  await reader.state('s');
  await reader.close();
  return createEngine({ workflows: reopenWith, store: await openSqliteEventStore(path), snapshotEvery: 2 });
}

describe('context persistence: the codec is part of the workflow', () => {
  it('refuses, at definition time, an initial context that JSON would change, and says where and what to do', () => {
    const error = (() => {
      try {
        tagWorkflow();
      } catch (caught) {
        return caught as WorkflowDefinitionError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect(error!.problems).toEqual([
      'the initial context.seen is a Set, which JSON does not give back as one: a context is persisted in snapshots as JSON, so give defineWorkflow a codec ({ version, persist, restore }) or keep the context plain JSON',
    ]);
  });

  it('keeps a Set context through a snapshot and a reopen: state() gives the Set back and the next record decides with it', async () => {
    const engine = await reopened(tagWorkflow(tagCodec()), tagWorkflow(tagCodec()), [tag('a'), tag('b'), tag('c')]);
    const snapshot = (await engine.store.loadSnapshot('s', 'tags@1'))!;
    expect(snapshot.state).toMatchObject({ context: { seen: ['a', 'b', 'c'] }, contextCodec: 1 });
    const state = await engine.state('s');
    expect(state.context).toEqual({ seen: new Set(['a', 'b', 'c']) });
    await expect(engine.record('s', tag('b'))).rejects.toThrow('Tagged refused in open: b is tagged already');
    expect((await engine.record('s', tag('d'))).state.context).toEqual({ seen: new Set(['a', 'b', 'c', 'd']) });
    await engine.close();
  });

  it('hands restore the version a snapshot was written under, so a new codec can read an old form', async () => {
    const versions: number[] = [];
    const v2 = tagCodec(2, (persisted, version) => {
      versions.push(version);
      return { seen: new Set((persisted as { seen: string[] }).seen) };
    });
    const workflow = tagWorkflow(v2);
    versions.length = 0; // defineWorkflow restored the initial context once, under version 2
    const engine = await reopened(tagWorkflow(tagCodec(1)), workflow, [tag('a'), tag('b')]);
    expect((await engine.state('s')).context).toEqual({ seen: new Set(['a', 'b']) });
    expect(versions).toEqual([1]);
    await engine.close();
  });

  it('a restore that fails is a SnapshotError (a PhasegateError), and the engine replays the stream instead', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const broken = tagCodec(1, () => {
      throw new Error('this form is not understood');
    });
    // The broken codec must still pass the definition check, which restores the initial context once.
    let calls = 0;
    const failsLater = tagCodec(1, (persisted, version) => {
      if (calls++ > 0) return broken.restore(persisted, version);
      return { seen: new Set((persisted as { seen: string[] }).seen) };
    });
    const workflow = tagWorkflow(failsLater);
    const engine = await reopened(tagWorkflow(tagCodec()), workflow, [tag('a'), tag('b'), tag('c')]);
    expect((await engine.state('s')).context).toEqual({ seen: new Set(['a', 'b', 'c']) });
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('A persisted snapshot of tags@1 cannot be restored: this form is not understood'),
    );
    const stored = (await engine.store.loadSnapshot('s', 'tags@1'))!;
    const error = (() => {
      try {
        restoreSnapshot(workflow, stored.state);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SnapshotError);
    expect(error).toBeInstanceOf(PhasegateError);
    expect(error).toMatchObject({ code: 'SNAPSHOT' });
    await engine.close();
  });

  it('does not save a snapshot whose context stopped being plain JSON without a codec: the stream is replayed, and it says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    type Plain = { readonly seen: string[]; readonly since?: Date };
    const machine = setup({ types: { context: {} as Plain, events: {} as TagEvent } }).createMachine({
      id: 'plain',
      context: { seen: [] },
      initial: 'open',
      states: {
        open: {
          on: {
            Tagged: {
              actions: assign(({ context, event }) => ({
                seen: [...context.seen, (event as { data: { tag: string } }).data.tag],
              })),
            },
            Stamped: {
              actions: assign(({ event }) => ({ since: new Date((event as { occurredAt: string }).occurredAt) })),
            },
          },
        },
      },
    });
    const workflow = defineWorkflow({
      name: 'plain',
      version: 1,
      machine: machine as AnyStateMachine,
      catalogue,
      policy,
      guards: { rules: {}, selectors: {} },
    });
    const stamp = { type: 'Stamped', occurredAt: '2024-01-02', actor: { id: 'ann', role: 'clerk' }, data: {} };
    const engine = await reopened(workflow, workflow, [tag('a'), stamp, tag('b'), tag('c')]);
    expect(await engine.store.loadSnapshot('s', 'plain@1')).toBeNull();
    expect((await engine.state('s')).context).toEqual({ seen: ['a', 'b', 'c'], since: new Date('2024-01-02') });
    // Once per engine: the reader that folded the stream first, and this one.
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenLastCalledWith(
      expect.stringContaining('plain@1: snapshot.context.since is a Date, which JSON does not give back as one'),
    );
    await engine.close();
  });

  it('refuses a codec that does not give back what it persisted, or whose version is not a positive integer', () => {
    const lossy = tagCodec(1, () => ({ seen: new Set(['x']) }));
    expect(() => tagWorkflow(lossy)).toThrow('the codec does not round-trip the initial context');
    expect(() => tagWorkflow({ ...tagCodec(), version: 0 })).toThrow(
      "the codec's version must be a positive integer, got 0",
    );
  });

  it('moves a context through a migration by persisting under the old version and restoring under the new', async () => {
    const versions: number[] = [];
    const v2 = tagCodec(2, (persisted, version) => {
      versions.push(version);
      return { seen: new Set((persisted as { seen: string[] }).seen) };
    });
    const policyWithMigration = { ...policy, rules: { ...policy.rules, WorkflowMigrated: { roles: ['clerk'] } } };
    const define = (version: number, codec: ContextCodec<Tagged>) =>
      defineWorkflow({
        name: 'tags',
        version,
        machine: tagMachine(() => ({ seen: new Set() })) as AnyStateMachine,
        catalogue,
        policy: policyWithMigration,
        guards: spec,
        codec,
      });
    const engine: Engine = createEngine({
      workflows: [define(1, tagCodec(1)), define(2, v2)],
      store: (await import('../../src/index.ts')).createMemoryEventStore(),
    });
    await engine.record('m', tag('a'), { workflow: 'tags@1' });
    versions.length = 0;
    const migrate = {
      type: 'WorkflowMigrated',
      occurredAt: '2024-01-01',
      actor: { id: 'ann', role: 'clerk' },
      data: { from: 'tags@1', to: 'tags@2', reason: 'new codec' },
    };
    const { state } = await engine.record('m', migrate);
    expect(state).toMatchObject({ workflow: 'tags@2', context: { seen: new Set(['a']) } });
    expect(versions).toEqual([1]);
  });
});

describe('the reference programme persists through the public codec', () => {
  it('has a codec and leaves its machine as xstate made it (getPersistedSnapshot not patched to write plain records)', () => {
    for (const workflow of [programmeV1, programmeV2]) {
      expect(workflow.codec?.version).toBe(2);
      const initial = workflow.machine.getInitialSnapshot(undefined as never);
      const bare = workflow.machine.getPersistedSnapshot(initial) as unknown as { context: { documents: object } };
      expect(Object.getPrototypeOf(bare.context.documents)).not.toBe(Object.prototype);
      const persisted = persistSnapshot(workflow, initial) as { context: { documents: object } };
      expect(Object.getPrototypeOf(persisted.context.documents)).toBe(Object.prototype);
    }
  });

  it('keeps the codec when the machine is replaced (provide): the codec belongs to the workflow, not the machine', () => {
    const provided = defineWorkflow({ ...programmeV1, machine: programmeV1.machine.provide({}) });
    const initial = provided.machine.getInitialSnapshot(undefined as never);
    const persisted = persistSnapshot(provided, initial) as { context: { documents: unknown }; contextCodec: number };
    expect(persisted.contextCodec).toBe(2);
    expect(Object.getPrototypeOf(persisted.context.documents)).toBe(Object.prototype);
  });

  it('does not restore a programme@3 snapshot written before its totals were exact (codec 1): the engine replays', () => {
    const written = (workflow: typeof programmeV3, codec: number) => ({
      ...(persistSnapshot(workflow, workflow.machine.getInitialSnapshot(undefined as never)) as object),
      contextCodec: codec,
    });
    const old = written(programmeV3, 1);
    expect(() => restoreSnapshot(programmeV3, old)).toThrow(/exact minor units.*Replaying the stream/s);
    expect(() => restoreSnapshot(programmeV3, written(programmeV3, 3))).toThrow(/newer than this code/);
    const initial = programmeV3.machine.getInitialSnapshot(undefined as never);
    const same = { status: initial.status, value: initial.value };
    expect(restoreSnapshot(programmeV3, written(programmeV3, 2))).toMatchObject(same);
    // programme@1 and @2 kept their totals as they were: their codec-1 snapshots stay good caches.
    for (const workflow of [programmeV1, programmeV2]) {
      expect(restoreSnapshot(workflow, written(workflow, 1))).toMatchObject(same);
    }
  });
});
