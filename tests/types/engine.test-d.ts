// The engine is typed by the machine and catalogue of its workflows (issue 10 §1). vitest checks this file with tsc
// (typecheck in vitest.config.ts): each expectTypeOf must hold, and each @ts-expect-error line must be an error.
import { describe, expectTypeOf, it } from 'vitest';
import { setup } from 'xstate';
import { z } from 'zod';
import {
  createEngine,
  type AppendOutcome,
  type Decision,
  createMemoryEventStore,
  defineWorkflow,
  type Engine,
  type ProposalOf,
  type RecordedEvent,
  type StatePathOf,
  type StreamState,
  type UnhashedEvent,
  type Workflow,
  type WorkflowProposal,
} from '../../src/index.ts';
import { WorkflowSpecification, type Outcome } from '../../src/testing/index.ts';
import { programme, programmeVersions, type ProgrammeContext } from '../../machines/index.ts';
import { createToyWorkflow, toyCatalogue } from '../fixtures/toyWorkflow.ts';

const actor = { id: 'ann', role: 'clerk' };
const toyEngine = createEngine({ workflows: createToyWorkflow(), store: createMemoryEventStore() });

describe('an engine over a typed workflow', () => {
  it('takes the proposals of its catalogue, with payloads as the schemas take them', () => {
    expectTypeOf(toyEngine.record).toBeCallableWith('t', { type: 'Counted', occurredAt: '2020-01-01', actor, data: { by: 2 } });
    expectTypeOf(toyEngine.record).toBeCallableWith('t', { type: 'Finished', occurredAt: '2020-01-01', actor, data: {} });
    // The engine's own migration event is known to every workflow.
    expectTypeOf(toyEngine.record).toBeCallableWith('t', {
      type: 'WorkflowMigrated',
      occurredAt: '2020-01-01',
      actor,
      data: { from: 'toy@1', to: 'toy@2', reason: 'r' },
    });
    expectTypeOf<WorkflowProposal<ReturnType<typeof createToyWorkflow>>['type']>().toEqualTypeOf<
      'Counted' | 'Finished' | 'Pinged' | 'WorkflowMigrated'
    >();
  });

  it('refuses to compile an unknown event type, a wrong field or a missing one', async () => {
    // @ts-expect-error an event type the catalogue does not have
    await toyEngine.record('t', { type: 'Countd', occurredAt: '2020-01-01', actor, data: { by: 2 } }).catch(() => {});
    // @ts-expect-error a payload field the schema does not have
    await toyEngine.record('t', { type: 'Counted', occurredAt: '2020-01-01', actor, data: { byy: 2 } }).catch(() => {});
    // @ts-expect-error a payload field of the wrong type
    await toyEngine.record('t', { type: 'Counted', occurredAt: '2020-01-01', actor, data: { by: '2' } }).catch(() => {});
    // @ts-expect-error the envelope without occurredAt
    await toyEngine.record('t', { type: 'Counted', actor, data: { by: 2 } }).catch(() => {});
    // @ts-expect-error a batch with one unknown type
    await toyEngine.recordBatch('t', [{ type: 'Pinged', occurredAt: '2020-01-01', actor, data: {} }, { type: 'Pingd' }]).catch(() => {});
  });

  it('returns the machine context and state value, not unknown', async () => {
    const state = await toyEngine.state('t');
    expectTypeOf(state.context).toEqualTypeOf<{ readonly count: number }>();
    expectTypeOf(state.value).toEqualTypeOf<'open' | 'done'>();
    expectTypeOf(state.state).toEqualTypeOf<'open' | 'done' | readonly ('open' | 'done')[]>();
    expectTypeOf(state.context.count).toBeNumber();
    // @ts-expect-error the context has no such field
    void state.context.total;
    const { state: after } = await toyEngine.record('t', { type: 'Counted', occurredAt: '2020-01-01', actor, data: { by: 1 } });
    expectTypeOf(after.context).toEqualTypeOf<{ readonly count: number }>();
  });

  it('is typed by the reference programme, one version or all of them', async () => {
    const one = createEngine({ workflows: programme, store: createMemoryEventStore() });
    const all = createEngine({ workflows: programmeVersions, store: createMemoryEventStore() });
    expectTypeOf((await one.state('p')).context).toEqualTypeOf<ProgrammeContext>();
    expectTypeOf((await all.state('p')).context).toEqualTypeOf<ProgrammeContext>();
    expectTypeOf<Parameters<typeof one.record>[1]['type']>().toEqualTypeOf<
      Parameters<typeof all.record>[1]['type']
    >();
    // @ts-expect-error not an event type of the programme
    await one.record('p', { type: 'ProgrammeRegisterd', occurredAt: '2011-05-01', actor, data: {} }).catch(() => {});
    await one
      // @ts-expect-error GateDecisionRecorded's decision is one of five words
      .record('p', { type: 'GateDecisionRecorded', occurredAt: '2011-05-01', actor, data: { gateId: 'G1', decision: 'maybe' } })
      .catch(() => {});
  });

  it('names the state paths of a workflow, leaving out its hidden wrapper states', () => {
    expectTypeOf<StatePathOf<ReturnType<typeof createToyWorkflow>>>().toEqualTypeOf<'open' | 'done'>();
    type Phase = 'feasibility' | 'development' | 'implementation';
    expectTypeOf<StatePathOf<typeof programme>>().toEqualTypeOf<
      'unregistered' | 'suspended' | 'cancelled' | 'closed' | 'finalisation' | Phase | `${Phase}.${'active' | 'gate'}`
    >();
    expectTypeOf<StatePathOf<(typeof programmeVersions)[number]>>().toEqualTypeOf<StatePathOf<typeof programme>>();
    // An untyped workflow (read from a registry or a configuration) names its states with any string.
    expectTypeOf<StatePathOf<Workflow>>().toBeString();
  });

  it('widens to the untyped Engine (proposals read from a file) without a cast', () => {
    const untyped: Engine = toyEngine;
    expectTypeOf(untyped.record).parameter(1).toBeUnknown();
    expectTypeOf<StreamState['context']>().toBeAny();
  });

  it('exports the proposal union of a catalogue as one helper type', () => {
    type ToyProposal = ProposalOf<typeof toyCatalogue>;
    expectTypeOf<ToyProposal['type']>().toEqualTypeOf<'Counted' | 'Finished' | 'Pinged'>();
    expectTypeOf<Extract<ToyProposal, { type: 'Counted' }>['data']>().toEqualTypeOf<{ by: number }>();
    expectTypeOf<Extract<ToyProposal, { type: 'Counted' }>['occurredAt']>().toBeString();
    expectTypeOf(toyEngine.record).returns.resolves.toHaveProperty('event').toEqualTypeOf<RecordedEvent>();
  });
});

describe('the testing helper over a typed workflow', () => {
  it('takes typed proposals and hands out the typed outcome', async () => {
    const spec = WorkflowSpecification.for(createToyWorkflow());
    const when = spec.given([{ type: 'Counted', occurredAt: '2020-01-01', actor, data: { by: 1 } }]);
    // @ts-expect-error not a toy event type
    when.when({ type: 'Nope', occurredAt: '2020-01-01', actor, data: {} });
    await when.when({ type: 'Pinged', occurredAt: '2020-01-01', actor, data: {} }).then((outcome) => {
      expectTypeOf(outcome).toEqualTypeOf<Outcome<ReturnType<typeof createToyWorkflow>>>();
      if (outcome.outcome === 'accepted') expectTypeOf(outcome.state.context.count).toBeNumber();
    });
  });

  it('takes only the state paths the machine has', () => {
    const then = WorkflowSpecification.for(programme).given([]).when({
      type: 'DocumentLinked',
      occurredAt: '2011-05-01',
      actor,
      data: { docId: 'd', title: 't', category: 'A07', url: 'https://example.org/d.pdf', date: '2011-05-01', language: 'en' },
    });
    expectTypeOf(then.thenState).toBeCallableWith('development.active');
    expectTypeOf(then.thenState).toBeCallableWith('suspended');
    // @ts-expect-error a state the programme does not have
    void then.thenState('no-such-state');
    // @ts-expect-error the hidden wrapper is not part of a state path
    void then.thenState('running.development.active');
    // @ts-expect-error a typo in a leaf
    void then.thenState('development.activ');
    expectTypeOf(WorkflowSpecification.for(createToyWorkflow()).given([]).when({ type: 'Pinged', occurredAt: '2020-01-01', actor, data: {} }).thenState)
      .parameter(0)
      .toEqualTypeOf<'open' | 'done' | readonly ('open' | 'done')[]>();
  });
});

describe('defineWorkflow', () => {
  const machine = setup({
    types: { context: {} as { n: number }, events: {} as UnhashedEvent<'Opened', { at: string }> | UnhashedEvent<'Closed', Record<string, never>> },
  }).createMachine({ id: 'door', context: { n: 0 }, initial: 'open', states: { open: { on: { Closed: 'shut' } }, shut: {} } });
  const base = { name: 'door', version: 1, machine, policy: { roles: [], rules: {} }, guards: { rules: {}, selectors: {} } };

  it('accepts a catalogue with an entry for every event type the machine takes', () => {
    const door = defineWorkflow({
      ...base,
      catalogue: { Opened: { schema: z.strictObject({ at: z.string() }), version: 1 }, Closed: { schema: z.strictObject({}), version: 1 } },
    });
    expectTypeOf(door.machine).toEqualTypeOf(machine);
  });

  it('does not compile when the catalogue lacks an event type of the machine', () => {
    defineWorkflow({
      ...base,
      // @ts-expect-error Property 'Closed' is missing
      catalogue: { Opened: { schema: z.strictObject({ at: z.string() }), version: 1 } },
    });
  });
});

describe('result types (README, "Results say what happened in `outcome`")', () => {
  it('tell their variants apart by outcome, a string naming what happened', () => {
    expectTypeOf<Decision['outcome']>().toEqualTypeOf<'accepted' | 'refused'>();
    expectTypeOf<AppendOutcome['outcome']>().toEqualTypeOf<'appended' | 'already_appended'>();
    expectTypeOf<Outcome['outcome']>().toEqualTypeOf<'accepted' | 'refused' | 'invalid'>();
    expectTypeOf<Extract<Decision, { outcome: 'refused' }>>().toHaveProperty('refusal');
    expectTypeOf<Extract<Outcome, { outcome: 'invalid' }>>().not.toHaveProperty('state');
  });
});
