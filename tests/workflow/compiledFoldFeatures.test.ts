/**
 * The compiled fold beyond the programme machine: parallel regions, shallow and deep history (also before it remembers
 * anything), entry and exit actions, re-entering transitions (also from the root), transitions to a state's own child
 * or to itself, one event taken by two regions at once, wildcards, `or`/`not`/`stateIn` guards, params, custom actions
 * and a top-level final state, each folded both ways over random logs; and machines it does not handle fall back to
 * XState, saying why.
 */
import fc from 'fast-check';
import { and, assign, not, or, raise, setup, stateIn, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  defineWorkflow,
  initialSnapshot,
  replay,
  UsageError,
  type RecordedEvent,
  type Workflow,
} from '../../src/index.ts';
import { foldBoth } from '../fixtures/foldDifferential.ts';
import { fcSeed } from '../fcSeed.ts';

type Ctx = { n: number; log: string[] };

const featureMachine = setup({
  types: { context: {} as Ctx, events: {} as { type: string; k?: number } },
  guards: {
    even: ({ context }) => context.n % 2 === 0,
    atLeast: ({ context }, params: { min: number }) => context.n >= params.min,
    small: ({ event }) => (event.k ?? 0) < 3,
  },
  actions: {
    bump: assign(({ context }, params: { by: number } | undefined) => ({ n: context.n + (params?.by ?? 1) })),
    note: assign({ log: ({ context, event }) => [...context.log.slice(-4), event.type] }),
    notify: () => {},
  },
}).createMachine({
  id: 'features',
  context: { n: 0, log: [] },
  initial: 'idle',
  // A root transition that re-enters: entry actions of every state on the way run again.
  on: { restart: { target: '.idle', reenter: true, actions: 'note' } },
  states: {
    idle: {
      entry: 'note',
      exit: ['notify', { type: 'bump', params: { by: 10 } }],
      on: {
        start: 'work',
        // A history state entered before it remembers anything: its parent's initial state.
        jumpLeft: '#features.work.left.hist',
        'ping.*': { actions: 'bump' },
        noop: {},
        tell: { actions: 'notify' },
      },
    },
    work: {
      type: 'parallel',
      entry: 'bump',
      exit: 'note',
      on: {
        stop: { target: 'idle', guard: or(['even', { type: 'atLeast', params: { min: 5 } }]) },
        finish: { target: 'done', guard: and([not('small'), stateIn('#features.work.left.b')]) },
        redo: {
          target: 'work',
          reenter: true,
          actions: { type: 'bump', params: ({ context }: { context: Ctx }) => ({ by: context.n % 3 }) },
        },
        pause: 'paused',
        // A transition into a region of the parallel state itself (its domain is the parallel state).
        resetLeft: '.left.a',
      },
      states: {
        left: {
          initial: 'a',
          states: {
            hist: { type: 'history' },
            // escape is taken by both regions at once: the first region's transition wins, as in XState.
            a: {
              on: {
                flip: { target: 'b', actions: 'note' },
                both: { actions: 'bump' },
                escape: '#features.idle',
                self: '#features.work.left.a',
              },
            },
            b: { entry: 'notify', on: { flip: 'a', both: { target: 'a', guard: 'small' } } },
          },
        },
        right: {
          initial: 'x',
          states: {
            deep: { type: 'history', history: 'deep' },
            shallow: { type: 'history' },
            x: { on: { turn: 'y', both: 'y', escape: '#features.paused' } },
            y: {
              initial: 'y1',
              on: { self: '.y1' },
              states: { y1: { on: { turn: 'y2' } }, y2: { exit: 'bump', on: { turn: '#features.work.right.x' } } },
            },
          },
        },
      },
    },
    paused: {
      on: {
        resumeLeft: '#features.work.left.hist',
        resumeRight: '#features.work.right.deep',
        resumeShallow: '#features.work.right.shallow',
        '*': { actions: 'note', guard: 'small' },
      },
    },
    done: { type: 'final', exit: 'note' },
  },
});

const types = [
  'start',
  'ping.a',
  'ping.b.c',
  'noop',
  'tell',
  'stop',
  'finish',
  'redo',
  'pause',
  'flip',
  'both',
  'turn',
  'resumeLeft',
  'resumeRight',
  'resumeShallow',
  'restart',
  'jumpLeft',
  'resetLeft',
  'escape',
  'self',
  'other',
];

/** A catalogue with an empty payload for each type: defineWorkflow wants one entry per event type the machine uses. */
const catalogueOf = (names: readonly string[]) =>
  Object.fromEntries(names.map((type) => [type, { schema: z.strictObject({}), version: 1 }]));

const featureWorkflow = defineWorkflow({
  name: 'features',
  version: 1,
  machine: featureMachine,
  catalogue: catalogueOf(types),
  policy: { roles: [], rules: {} },
  // The guards only pick between transitions here: selectors, with no reasons to give.
  guards: { rules: {}, selectors: featureMachine.implementations.guards as never },
  // or/not/stateIn guards are what this machine tests; their refusals cannot give reasons, which is only a warning.
  warningsAs: 'nothing',
});

describe(`the compiled fold on other machine features (seed ${fcSeed})`, () => {
  it('compiles the feature machine', () => {
    expect(featureWorkflow.fold).toEqual({ engine: 'compiled' });
  });

  it('folds random logs as XState does, snapshot, decision and actions alike at every step', () => {
    let accepted = 0;
    let refused = 0;
    let finished = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(types.length - 1), fc.nat(5)), { maxLength: 80, size: 'max' }), (picks) => {
        const events = picks.map(([t, k]) => ({ type: types[t]!, k }));
        const folded = foldBoth(featureWorkflow, initialSnapshot(featureWorkflow), events);
        accepted += folded.accepted;
        refused += folded.refused;
        if (folded.reference.status === 'done') finished++;
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(2000);
    expect(refused).toBeGreaterThan(2000);
    expect(finished).toBeGreaterThan(10);
  });
});

describe('a parallel state whose first region is an atomic state', () => {
  // XState gives an atomic region the value {} and a compound one its active child's key.
  const machine = setup({}).createMachine({
    id: 'regions',
    initial: 'p',
    states: {
      p: {
        type: 'parallel',
        on: { leave: 'q' },
        states: { flag: {}, mode: { initial: 'x', states: { x: { on: { go: 'y' } }, y: { on: { go: 'x' } } } } },
      },
      q: { on: { back: 'p' } },
    },
  }) as unknown as AnyStateMachine;
  const workflow = defineWorkflow({
    name: 'regions',
    version: 1,
    machine,
    catalogue: catalogueOf(['go', 'leave', 'back']),
    policy: { roles: [], rules: {} },
    guards: { rules: {}, selectors: {} },
    warningsAs: 'nothing',
  });

  it('folds to the same state values as XState', () => {
    expect(workflow.fold).toEqual({ engine: 'compiled' });
    const events = ['go', 'go', 'go', 'leave', 'go', 'back'].map((type) => ({ type }));
    const { compiled, accepted } = foldBoth(workflow, initialSnapshot(workflow), events);
    expect(accepted).toBe(5);
    expect(compiled.value).toEqual({ p: { flag: {}, mode: 'x' } });
  });
});

describe('machines the compiler does not handle', () => {
  const base = {
    version: 1,
    catalogue: catalogueOf(['go', 'back']),
    policy: { roles: [], rules: {} },
    guards: { rules: {}, selectors: {} },
    warningsAs: 'nothing' as const,
  };
  const eventless = setup({ types: { context: {} as { n: number } } }).createMachine({
    id: 'eventless',
    context: { n: 0 },
    initial: 'a',
    states: {
      a: { on: { go: { target: 'b', actions: assign({ n: ({ context }) => context.n + 1 }) } } },
      b: { always: 'a' },
    },
  }) as unknown as AnyStateMachine;
  const raising = setup({}).createMachine({
    id: 'raising',
    initial: 'a',
    states: { a: { on: { go: { target: 'b', actions: raise({ type: 'back' }) } } }, b: { on: { back: 'a' } } },
  }) as unknown as AnyStateMachine;

  it('fold with XState and say why at defineWorkflow time', () => {
    const a = defineWorkflow({ ...base, name: 'eventless', machine: eventless });
    expect(a.fold).toEqual({
      engine: 'xstate',
      reason: expect.stringContaining('eventless (always) transitions in state "eventless.b"'),
    });
    const b = defineWorkflow({ ...base, name: 'raising', machine: raising });
    expect(b.fold).toEqual({ engine: 'xstate', reason: expect.stringContaining('built-in action xstate.raise') });
  });

  it('is an error when the workflow insists on the compiled fold', () => {
    expect(() => defineWorkflow({ ...base, name: 'eventless', machine: eventless, foldWith: 'compiled' })).toThrow(
      UsageError,
    );
    expect(() => defineWorkflow({ ...base, name: 'eventless', machine: eventless, foldWith: 'compiled' })).toThrow(
      /eventless@1: machine "eventless" uses eventless \(always\) transitions/,
    );
  });

  it('replays through XState with the same results', () => {
    const workflow: Workflow = defineWorkflow({
      ...base,
      name: 'eventless',
      machine: eventless,
      catalogue: catalogueOf(['go']),
    });
    const events = [1, 2, 3].map(
      (seq) => ({ type: 'go', schema: 1, seq, stream: 's', id: `e${seq}` }) as unknown as RecordedEvent,
    );
    const snapshot = replay(workflow, events);
    expect(snapshot.value).toBe('a');
    expect(snapshot.context).toEqual({ n: 3 });
  });

  it('can be told to fold with XState even when it could compile', () => {
    const workflow = defineWorkflow({
      ...base,
      name: 'features',
      machine: featureMachine,
      foldWith: 'xstate',
      catalogue: catalogueOf(types),
      guards: featureWorkflow.guards,
    });
    expect(workflow.fold).toEqual({ engine: 'xstate', reason: 'the workflow asked for XState (fold: "xstate")' });
  });
});
