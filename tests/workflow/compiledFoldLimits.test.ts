/**
 * Where the compiled fold stops and XState takes over: each machine feature the compiler does not handle names itself
 * in the workflow's fold plan, guards nested past the compiler's depth limit, a guard that throws, snapshots and
 * events the table is not for, and event descriptors with wildcards, each stepped both ways.
 */
import { and, assign, fromPromise, not, or, raise, setup, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineWorkflow, initialSnapshot, type Workflow } from '../../src/index.ts';
import { planFold, stepWorkflow } from '../../src/workflow/fold/foldPlan.ts';
import { step as xstateStep } from '../../src/workflow/scope.ts';
import { foldBoth, foldRandomLogs, stepBoth } from '../fixtures/foldDifferential.ts';
import { fcSeed } from '../fcSeed.ts';

const catalogueOf = (names: readonly string[]) =>
  Object.fromEntries(names.map((type) => [type, { schema: z.strictObject({}), version: 1 }]));

const workflowOf = (machine: AnyStateMachine, types: readonly string[] = ['go']): Workflow =>
  defineWorkflow({
    name: 'limits',
    version: 1,
    machine,
    catalogue: catalogueOf(types),
    policy: { roles: [], rules: {} },
    guards: { rules: {}, selectors: (machine.implementations.guards ?? {}) as never },
    warningsAs: 'nothing',
  });

const reasonOf = (machine: AnyStateMachine, types?: readonly string[]) => {
  const plan = workflowOf(machine, types).fold;
  return plan?.engine === 'xstate' ? plan.reason : 'compiled';
};

describe('machine features the compiled fold does not handle fold with XState, saying which', () => {
  const plain = { id: 'm', initial: 'a' } as const;

  it('invoked actors and delayed transitions (which defineWorkflow refuses before it plans a fold)', () => {
    const invoking = setup({ actors: { load: fromPromise(async () => 1) } }).createMachine({
      ...plain,
      states: { a: { invoke: { src: 'load' }, on: { go: 'b' } }, b: {} },
    }) as AnyStateMachine;
    const delayed = setup({}).createMachine({
      ...plain,
      states: { a: { after: { 1000: 'b' }, on: { go: 'b' } }, b: {} },
    }) as AnyStateMachine;
    for (const machine of [invoking, delayed]) {
      expect(() => workflowOf(machine)).toThrow(/replay must be pure/);
      expect(planFold(machine)).toEqual({
        engine: 'xstate',
        reason: 'machine "m" uses invoke or after in state "m.a", which the compiled fold does not handle',
      });
    }
  });

  it('a final state that is not a child of a compound root', () => {
    const nested = setup({}).createMachine({
      ...plain,
      states: { a: { initial: 'x', states: { x: { on: { go: 'f' } }, f: { type: 'final' } } } },
    });
    expect(reasonOf(nested as AnyStateMachine)).toContain('a final state inside another state (state "m.a.f")');
    const parallelRoot = setup({}).createMachine({
      id: 'm',
      type: 'parallel',
      states: { r: { initial: 'x', states: { x: { on: { go: 'y' } }, y: {} } }, f: { type: 'final' } },
    });
    expect(reasonOf(parallelRoot as AnyStateMachine)).toContain('a final state inside another state (state "m.f")');
    const topLevel = setup({}).createMachine({ ...plain, states: { a: { on: { go: 'f' } }, f: { type: 'final' } } });
    expect(reasonOf(topLevel as AnyStateMachine)).toBe('compiled');
  });

  it('output, of the machine or of a state', () => {
    const machineOutput = setup({}).createMachine({
      ...plain,
      output: { ok: true },
      states: { a: { on: { go: 'f' } }, f: { type: 'final' } },
    });
    expect(reasonOf(machineOutput as AnyStateMachine)).toContain('uses machine output,');
    const stateOutput = setup({}).createMachine({
      ...plain,
      states: { a: { on: { go: 'f' } }, f: { type: 'final', output: { ok: true } } },
    });
    expect(reasonOf(stateOutput as AnyStateMachine)).toContain('uses output in state "m.f"');
  });

  it('a history state with a default target', () => {
    const machine = setup({}).createMachine({
      ...plain,
      states: {
        a: { on: { go: 'p.h' } },
        p: { initial: 'x', states: { h: { type: 'history', target: 'y' }, x: {}, y: {} } },
      },
    });
    expect(reasonOf(machine as AnyStateMachine)).toContain('a history state with a default target (state "m.p.h")');
  });

  it('built-in actions other than assign, wherever they run', () => {
    const onEntry = setup({}).createMachine({
      ...plain,
      states: { a: { on: { go: 'b' } }, b: { entry: raise({ type: 'go' }) } },
    });
    expect(reasonOf(onEntry as AnyStateMachine)).toContain('the built-in action xstate.raise');
    const onExit = setup({}).createMachine({
      ...plain,
      states: { a: { exit: raise({ type: 'go' }), on: { go: 'b' } }, b: {} },
    });
    expect(reasonOf(onExit as AnyStateMachine)).toContain('the built-in action xstate.raise');
  });

  it('a machine whose transition is customised', () => {
    const make = () =>
      setup({}).createMachine({ ...plain, states: { a: { on: { go: 'b' } }, b: {} } }) as AnyStateMachine;
    expect(reasonOf(make())).toBe('compiled');
    const replaced = make();
    (replaced as { transition: unknown }).transition = (snapshot: unknown) => snapshot;
    const withData = make();
    (withData as { getTransitionData: unknown }).getTransitionData = () => [];
    const withMicrostep = make();
    (withMicrostep as { microstep: unknown }).microstep = () => [];
    const derived = make();
    Object.setPrototypeOf(derived, Object.create(Object.getPrototypeOf(derived) as object));
    for (const machine of [replaced, withData, withMicrostep, derived]) {
      expect(reasonOf(machine)).toContain('uses a customised machine.transition,');
    }
  });
});

describe('guards nested deeper than the compiler follows', () => {
  type Guard = Parameters<typeof not>[0] | string;
  const nested = (depth: number, wrap: (inner: Guard) => Guard): AnyStateMachine => {
    let guard: Guard = 'even';
    for (let i = 0; i < depth; i++) guard = wrap(guard);
    return setup({ guards: { even: ({ context }: { context: { n: number } }) => context.n % 2 === 0 } }).createMachine({
      id: 'm',
      context: { n: 0 },
      initial: 'a',
      states: {
        a: {
          on: {
            go: { target: 'b', guard: guard as never },
            bump: { actions: assign({ n: ({ context }) => context.n + 1 }) },
          },
        },
        b: { on: { go: 'a' } },
      },
    }) as AnyStateMachine;
  };
  const wrappers: Record<string, (inner: Guard) => Guard> = {
    not: (inner) => not(inner as never),
    and: (inner) => and([inner as never]),
    or: (inner) => or([inner as never]),
  };

  for (const [kind, wrap] of Object.entries(wrappers)) {
    it(`${kind}(...) 32 deep is compiled and folds as XState does; 33 deep folds with XState`, () => {
      const workflow = workflowOf(nested(32, wrap), ['go', 'bump']);
      expect(workflow.fold).toEqual({ engine: 'compiled' });
      const events = ['go', 'go', 'bump', 'go', 'bump', 'go', 'go'].map((type) => ({ type }));
      const { accepted, refused } = foldBoth(workflow, initialSnapshot(workflow), events);
      expect(accepted).toBeGreaterThan(0);
      if (kind !== 'not') expect(refused).toBeGreaterThan(0);
      expect(reasonOf(nested(33, wrap), ['go', 'bump'])).toContain('guards nested more than 32 deep');
    });
  }
});

describe('steps the compiled table is not for go to XState', () => {
  type Ctx = { n: number; seen: string[] };
  const machine = setup({
    types: { context: {} as Ctx, events: {} as { type: string; k?: number } },
    guards: {
      small: ({ event }) => (event.k ?? 0) < 3,
      even: ({ context }) => context.n % 2 === 0,
      fussy: ({ event }) => {
        if (event.k === 13) throw new Error(`k must not be 13 (${event.type})`);
        return true;
      },
    },
    actions: {
      bump: assign({ n: ({ context }) => context.n + 1 }),
      zero: assign({ n: 0 }),
      note: assign({ seen: ({ context, event }) => [...context.seen.slice(-3), event.type] }),
    },
  }).createMachine({
    id: 'w',
    context: { n: 0, seen: [] },
    initial: 'a',
    on: { reset: '.a' },
    states: {
      a: {
        on: {
          ping: { target: 'b', guard: 'small' },
          'ping.*': { actions: 'bump', guard: 'even' },
          'ping.a.*': { target: 'b', guard: 'small', actions: 'note' },
          '*': { actions: 'note', guard: 'small' },
          end: { target: 'done', guard: 'fussy' },
        },
      },
      b: {
        on: {
          'ping.*': 'a',
          // Inline actions: XState records a named function by its name, an anonymous one as (anonymous).
          back: { target: 'a', actions: [function greet() {}, () => {}] },
          pong: { actions: 'zero' },
          end: 'done',
        },
      },
      done: { type: 'final' },
    },
  }) as AnyStateMachine;
  const types = ['ping', 'pingx', 'ping.a', 'ping.a.b', 'ping.b', 'pong', 'back', 'end', 'reset'];
  const workflow = workflowOf(machine, types);

  it(`wildcard descriptors are matched and ordered as XState does (seed ${fcSeed})`, () => {
    expect(workflow.fold).toEqual({ engine: 'compiled' });
    const { accepted, refused } = foldRandomLogs(workflow, types, 4);
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(100);
  });

  it('a guard that throws fails the step with the error XState gives', () => {
    const event = { type: 'end', k: 13 };
    const start = initialSnapshot(workflow);
    const theirs = (() => {
      try {
        xstateStep(machine, start, event);
      } catch (error) {
        return error as Error;
      }
    })();
    expect(theirs?.message).toBe(
      "Unable to evaluate guard 'fussy' in transition for event 'end' in state node 'w.a':\nk must not be 13 (end)",
    );
    expect(() => stepWorkflow(workflow, start, event)).toThrow(theirs!.message);
  });

  it('a finished machine, an xstate.* event and a snapshot of another machine', () => {
    const start = initialSnapshot(workflow);
    const finished = stepBoth(workflow, start, { type: 'end' }).compiled;
    expect(finished.status).toBe('done');
    // reset is a root transition; from a finished machine the step is XState's, whatever it decides.
    expect(stepBoth(workflow, finished, { type: 'reset' }).compiled.status).toBe('done');
    expect(stepBoth(workflow, start, { type: 'xstate.stop' }).compiled.status).toBe('stopped');
    const other = workflowOf(machine.provide({ guards: { small: () => false } }), types);
    // XState evaluates guards through the snapshot's own machine, where small holds; other's table would refuse.
    const ping = { type: 'ping', k: 1 };
    expect(stepBoth(other, start, ping).accepted).toBe(true);
  });
});

describe('what a compiled step refuses to do as XState would', () => {
  it('a named guard whose parts name a guard with no implementation leaves the fold to XState', () => {
    const machine = setup({ guards: { wrapped: not('missing' as never) } }).createMachine({
      id: 'm',
      initial: 'a',
      states: { a: { on: { go: { target: 'b', guard: 'wrapped' } } }, b: {} },
    }) as AnyStateMachine;
    expect(reasonOf(machine)).toContain('guard "missing" has no implementation');
  });

  it('assigning to a snapshot without context fails as in XState', () => {
    const machine = setup({}).createMachine({
      id: 'm',
      initial: 'a',
      states: { a: { on: { go: { target: 'b', actions: assign({ n: 1 }) as never } } }, b: {} },
    }) as AnyStateMachine;
    const workflow = workflowOf(machine);
    expect(workflow.fold).toEqual({ engine: 'compiled' });
    // XState gives every machine a context object; a snapshot put together by hand may lack one.
    const start = { ...initialSnapshot(workflow), context: undefined } as unknown as AnyMachineSnapshot;
    const message = 'Cannot assign to undefined `context`. Ensure that `context` is defined in the machine config.';
    expect(() => xstateStep(machine, start, { type: 'go' })).toThrow(message);
    expect(() => stepWorkflow(workflow, start, { type: 'go' })).toThrow(message);
  });

  it('spawning an actor inside an assign is an error: replay must be pure', () => {
    const machine = setup({ types: { context: {} as { child: unknown } } }).createMachine({
      id: 'm',
      context: { child: null },
      initial: 'a',
      states: {
        a: {
          on: { go: { target: 'b', actions: assign({ child: ({ spawn }) => spawn(fromPromise(async () => 1)) }) } },
        },
        b: {},
      },
    }) as AnyStateMachine;
    const workflow = workflowOf(machine);
    expect(() => stepWorkflow(workflow, initialSnapshot(workflow), { type: 'go' })).toThrow(
      'spawn() in an assign: a workflow machine must not spawn actors, replay must be pure',
    );
  });
});
