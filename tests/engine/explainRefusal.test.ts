/**
 * The point of this file: how the engine explains a refusal (decide and explain). A refusal names the state, the
 * event and the reasons of exactly the transitions the event's selectors pick, each reason once; a migration is
 * decided against the registered versions.
 */
import { and, not, or, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  createMemoryEventStore,
  decide,
  defineWorkflow,
  explainedGuards,
  initialSnapshot,
  RefusedError,
  createWorkflowRegistry,
  statesAccepting,
  type Refusal,
} from '../../src/index.ts';
import { programme } from '../../machines/index.ts';
import { WorkflowSpecification } from '../../src/testing/index.ts';
import { seed } from '../fixtures/lcz.ts';
import { createToyWorkflow, toy } from '../fixtures/toyWorkflow.ts';
import type { Engine, Workflow } from '../../src/index.ts';

type SetEvent = { type: 'Set'; data: { kind: string; n: number } };
type Args = { event: SetEvent };

const { guards, spec } = explainedGuards({
  rules: {
    positive: ({ event }: Args) => (event.data.n > 0 ? null : `n is ${event.data.n}, not positive`),
    even: ({ event }: Args) => (event.data.n % 2 === 0 ? null : `n is ${event.data.n}, not even`),
    small: ({ event }: Args) => (Math.abs(event.data.n) < 100 ? null : [`n is ${event.data.n}, not small`]),
  },
  selectors: { kindIs: ({ event }: Args, params: { kind: string }) => event.data.kind === params.kind },
});
const kind = (k: string) => ({ type: 'kindIs', params: { kind: k } });

const machine = setup({
  types: { events: {} as SetEvent },
  guards: guards,
}).createMachine({
  id: 'gated',
  initial: 'open',
  states: {
    open: {
      on: {
        Set: [
          { guard: and([kind('a'), 'positive', 'even']), target: 'a' },
          { guard: and([kind('b'), 'positive', 'small']), target: 'b' },
          { guard: and([kind('c'), 'positive']), target: 'c' },
          // Two transitions that both apply to kind d and share a rule.
          { guard: and([kind('d'), 'positive']), target: 'a' },
          { guard: and([kind('d'), 'positive', 'even']), target: 'b' },
        ],
      },
    },
    a: {},
    b: {},
    c: { type: 'final' },
  },
} as never) as unknown as AnyStateMachine;

const gated = defineWorkflow({
  name: 'gated',
  version: 1,
  machine,
  guards: spec,
  catalogue: { Set: { schema: z.strictObject({ kind: z.string(), n: z.number().int() }), version: 1 } },
  policy: { roles: ['clerk', 'visitor'], rules: { Set: { roles: ['clerk'] } } },
});

async function refusalOf(proposal: unknown, workflow: Workflow = gated): Promise<Refusal> {
  const engine: Engine = createEngine({ workflows: workflow, store: createMemoryEventStore() });
  const error = await engine.record('g', proposal).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RefusedError);
  return (error as RefusedError).refusal;
}
const set = (k: string, n: number) => toy('Set', { kind: k, n });

describe('explaining a refusal', () => {
  it('names the reasons of only the transition the selector picks, in the order of its guards', async () => {
    const refusal = await refusalOf(set('a', -301));
    expect(refusal.kind).toBe('guards');
    expect(refusal.reasons).toEqual([
      { guard: 'positive', reason: 'n is -301, not positive' },
      { guard: 'even', reason: 'n is -301, not even' },
    ]);
    expect(refusal.message).toBe('Set refused in open: n is -301, not positive; n is -301, not even');
  });

  it('names a reason that two applicable transitions share once', async () => {
    const refusal = await refusalOf(set('d', -3));
    expect(refusal.reasons).toEqual([
      { guard: 'positive', reason: 'n is -3, not positive' },
      { guard: 'even', reason: 'n is -3, not even' },
    ]);
  });

  it('calls an event that no transition picks not allowed, without reasons', async () => {
    const refusal = await refusalOf(set('z', 7));
    expect(refusal).toMatchObject({ kind: 'not_allowed', reasons: [], state: 'open', event: 'Set' });
  });

  it('names the actor and role the policy refuses', async () => {
    const refusal = await refusalOf({ ...set('a', 2), actor: { id: 'bob', role: 'visitor' } });
    expect(refusal.kind).toBe('forbidden');
    expect(refusal.message).toMatch(/^bob \(visitor\) may not record Set: /);
    expect(refusal.reasons.every((r) => r.guard === 'policy')).toBe(true);
  });

  it('names the stream and the final state it ended in', async () => {
    const engine: Engine = createEngine({ workflows: gated, store: createMemoryEventStore() });
    await engine.record('g', set('c', 3));
    const error = (await engine.record('g', set('a', 2)).catch((e: unknown) => e)) as RefusedError;
    expect(error.refusal).toMatchObject({ kind: 'final', state: 'c', reasons: [] });
    expect(error.message).toBe('Set refused: "g" has ended in c, and a final state accepts nothing');
  });
});

describe('explaining a refusal through a guard that gives no reason (or, not, stateIn)', () => {
  const either = defineWorkflow({
    name: 'either',
    version: 1,
    machine: setup({ types: { events: {} as SetEvent }, guards: guards }).createMachine({
      id: 'either',
      initial: 'open',
      states: { open: { on: { Set: { guard: and([or(['even', 'small']), 'positive']), target: 'done' } } }, done: {} },
    } as never) as unknown as AnyStateMachine,
    guards: spec,
    catalogue: gated.catalogue,
    policy: gated.policy,
    warningsAs: 'nothing',
  });

  it('is warned about when the workflow is defined', () => {
    expect(either.warnings.join('\n')).toContain('uses or(...): a refusal through it cannot say why');
  });

  it('says that it held when it did, beside the reason of the guard that did not', async () => {
    const refusal = await refusalOf(set('e', -4), either);
    expect(refusal.reasons).toEqual([
      { guard: 'or(even, small)', reason: 'or(even, small) held, but another condition did not' },
      { guard: 'positive', reason: 'n is -4, not positive' },
    ]);
  });

  it('says that it did not hold when it did not', async () => {
    const refusal = await refusalOf(set('e', -301), either);
    expect(refusal.reasons).toEqual([
      { guard: 'or(even, small)', reason: 'or(even, small) did not hold' },
      { guard: 'positive', reason: 'n is -301, not positive' },
    ]);
  });
});

describe('explaining a refusal through a guard the compiled fold does not mirror', () => {
  // 40 nested not()s around 'even' hold when n is even; the compiled fold stops at 32 levels, so this workflow replays
  // through XState, and its refusals must still be explained, not thrown.
  let deep: unknown = 'even';
  for (let i = 0; i < 40; i++) deep = not(deep as never);
  const nested = defineWorkflow({
    name: 'nested',
    version: 1,
    machine: setup({ types: { events: {} as SetEvent }, guards: guards }).createMachine({
      id: 'nested',
      initial: 'open',
      states: { open: { on: { Set: { guard: and([deep as never, 'positive']), target: 'done' } } }, done: {} },
    } as never) as unknown as AnyStateMachine,
    guards: spec,
    catalogue: gated.catalogue,
    policy: gated.policy,
    warningsAs: 'nothing',
  });

  it('says only what is known of that guard, beside the reason of the guard that did not hold', async () => {
    const refusal = await refusalOf(set('e', -4), nested);
    expect(refusal.reasons).toHaveLength(2);
    expect(refusal.reasons[0]!.reason).toMatch(/^not\(.* or another condition of the transition did not hold$/);
    expect(refusal.reasons[1]).toEqual({ guard: 'positive', reason: 'n is -4, not positive' });
  });
});

describe('deciding a migration', () => {
  const migrate = (to: string) => toy('WorkflowMigrated', { from: 'toy@1', to, reason: 'new counting rules' });
  const candidateOf = (proposal: ReturnType<typeof toy>, seq: number) =>
    ({
      ...proposal,
      id: `m-${seq}`,
      stream: 'm',
      seq,
      schema: 1,
      workflow: 'toy@1',
      recordedAt: '2020-01-02T00:00:00.000Z',
      prev: '0'.repeat(64),
    }) as never;

  it('gives the reasons the registered versions give', async () => {
    const workflows = [createToyWorkflow(1), createToyWorkflow(2)];
    const engine: Engine = createEngine({ workflows, store: createMemoryEventStore() });
    await engine.record('m', toy('Counted', { by: 1 }), { workflow: 'toy@1' });
    const error = (await engine.record('m', migrate('toy@9')).catch((e: unknown) => e)) as RefusedError;
    expect(error.refusal).toMatchObject({
      kind: 'guards',
      reasons: [{ guard: 'migration', reason: 'toy@9 is not registered here' }],
    });
    expect(error.message).toBe('WorkflowMigrated refused in open: toy@9 is not registered here');
  });

  it('accepts a migration the registered versions allow, with no actions, naming the version it moves to', () => {
    const [toy1, toy2] = [createToyWorkflow(1), createToyWorkflow(2)];
    const registry = createWorkflowRegistry([toy1, toy2]);
    const counted = decide(toy1, initialSnapshot(toy1), candidateOf(toy('Counted', { by: 2 }), 1));
    expect(counted).toMatchObject({ outcome: 'accepted', snapshot: { context: { count: 2 } } });
    if (counted.outcome !== 'accepted') throw new Error('expected acceptance');
    const decision = decide(toy1, counted.snapshot, candidateOf(migrate('toy@2'), 2), registry);
    expect(decision).toMatchObject({ outcome: 'accepted', actions: [], workflow: { ref: 'toy@2' } });
  });

  it('refuses to decide a migration without the registered versions', () => {
    const toy1 = createToyWorkflow(1);
    const candidate = {
      ...migrate('toy@2'),
      id: 'm-2',
      stream: 'm',
      seq: 2,
      schema: 1,
      workflow: 'toy@1',
      recordedAt: '2020-01-02T00:00:00.000Z',
      prev: '0'.repeat(64),
    };
    const decision = decide(toy1, initialSnapshot(toy1), candidate);
    expect(decision).toMatchObject({
      outcome: 'refused',
      refusal: {
        kind: 'guards',
        reasons: [
          { guard: 'migration', reason: 'a migration is decided by an engine that knows the registered versions' },
        ],
      },
    });
  });
});

describe('explaining an event not allowed in the current state', () => {
  const types = ['Go', 'Flip', 'Stop', 'Reset', 'Hold'];
  const duoGuards = explainedGuards({ rules: { never: () => 'it never holds' } });
  const bare = { schema: z.strictObject({}), version: 1 };
  // A workflow per test: the states that take each event are cached per workflow, so a test that reads them from
  // a workflow of its own exercises the lookup itself.
  const duoWorkflow = () =>
    defineWorkflow({
      name: 'duo',
      version: 1,
      machine: setup({
        types: { events: {} as { type: 'Go' | 'Flip' | 'Stop' | 'Reset' | 'Hold'; data: object } },
        guards: duoGuards.guards as never,
      }).createMachine({
        id: 'duo',
        type: 'parallel',
        on: { Reset: { target: ['.left.idle', '.right.off'] } },
        states: {
          left: {
            initial: 'idle',
            states: { idle: { on: { Go: { target: 'busy' } } }, busy: { on: { Stop: { target: 'idle' } } } },
          },
          right: {
            initial: 'off',
            states: {
              off: { on: { Flip: { target: 'on' }, Hold: {} } },
              // A transition list that does something if its guard holds, and nothing otherwise.
              on: { on: { Flip: { target: 'off' }, Hold: [{ guard: 'never' as never, target: 'off' }, {}] } },
            },
          },
        },
      }),
      guards: duoGuards.spec,
      catalogue: { Go: bare, Flip: bare, Stop: bare, Reset: bare, Hold: bare },
      policy: { roles: ['clerk'], rules: Object.fromEntries(types.map((type) => [type, { roles: ['clerk'] }])) },
    });
  const duo = duoWorkflow();

  it('names every region of a parallel state and the states where the event can be recorded', async () => {
    const refusal = await refusalOf(toy('Stop'), duo);
    expect(refusal).toMatchObject({ kind: 'not_allowed', state: ['left.idle', 'right.off'], reasons: [] });
    expect(refusal.message).toBe('Stop is not allowed in left.idle + right.off; it can be recorded in left.busy');
  });

  it('lists the states that take an event in document order, a hidden wrapper as the states inside it', () => {
    const duo = duoWorkflow();
    expect(statesAccepting(duo, 'Flip')).toEqual(['right.off', 'right.on']);
    expect(statesAccepting(duo, 'Nothing')).toEqual([]);
    // Taken by the machine itself, not by a state of it.
    expect(statesAccepting(duo, 'Reset')).toEqual(['(any state)']);
    // A transition that does nothing forbids the event; one of several that does something is enough.
    expect(statesAccepting(duo, 'Hold')).toEqual(['right.on']);
    // A transition with actions and no target does something.
    expect(statesAccepting(createToyWorkflow(), 'Pinged')).toEqual(['open']);
    const gates = ['feasibility.gate', 'development.gate', 'implementation.gate'];
    expect(statesAccepting(programme, 'GateDecisionRecorded')).toEqual(gates);
    // `running` is hidden: a suspension is taken by the wrapper, so it is listed as the phases inside it.
    const phases = ['feasibility', 'development', 'implementation', 'finalisation'];
    expect(statesAccepting(programme, 'ProgrammeSuspended')).toEqual(phases);
    expect(statesAccepting(programme, 'ProgrammeResumed')).toEqual(['suspended']);
  });

  it('says where a gate decision recorded too early can be recorded', async () => {
    const early = seed.find((p) => p.type === 'GateDecisionRecorded')!;
    const before = seed.slice(
      0,
      seed.findIndex((p) => p.type === 'GateReviewScheduled'),
    );
    const refusal = await WorkflowSpecification.for<Workflow>(programme).given(before).when(early).thenRefused();
    expect(refusal.message).toBe(
      'GateDecisionRecorded is not allowed in feasibility.active; ' +
        'it can be recorded in feasibility.gate, development.gate, implementation.gate',
    );
  });
});
