/**
 * The compiled fold calls the rules of explainedGuards itself when an `and` names only rules (with static params or
 * none): every kind of verdict, a rule that throws, and `and`s it cannot shorten (a selector among the rules, params
 * computed from the event, a nested `and`) are folded both ways and must give XState's decisions and errors.
 */
import { and, assign, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineWorkflow, explainedGuards, initialSnapshot, type Workflow } from '../../src/index.ts';
import { stepWorkflow } from '../../src/workflow/fold/foldPlan.ts';
import { step as xstateStep } from '../../src/workflow/scope.ts';
import { foldRandomLogs } from '../fixtures/foldDifferential.ts';
import { fcSeed } from '../fcSeed.ts';

type Ctx = { n: number };
type Ev = { type: string; k: number };
type Args = { readonly context: Ctx; readonly event: Ev };

const { guards, spec } = explainedGuards({
  rules: {
    atLeast: ({ context }: Args, params: { min: number }) =>
      context.n >= params.min ? null : `n is below ${params.min}`,
    // Every form of verdict: an empty list holds, so do null and undefined; a list of reasons or a string does not.
    listed: ({ event }: Args) => (event.k % 3 === 0 ? [] : event.k % 3 === 1 ? ['k is 1 mod 3', 'and odd'] : null),
    quiet: ({ event }: Args) => (event.k === 4 ? 'k is 4' : undefined),
    fussy: ({ event }: Args) => {
      if (event.k === 12) throw new Error(`k must not be 12 (${event.type})`);
      return null;
    },
  },
  selectors: { kIs: ({ event }: Args, params: { k: number }) => event.k === params.k },
});

const machine = setup({
  types: { context: {} as Ctx, events: {} as Ev },
  guards,
  actions: { bump: assign(({ context, event }) => ({ n: context.n + event.k })) },
}).createMachine({
  id: 'rules',
  context: { n: 0 },
  initial: 'a',
  states: {
    a: {
      on: {
        // Only rules, by name and by { type, params }: called by the compiled fold as one loop.
        go: [
          { target: 'b', guard: and([{ type: 'atLeast', params: { min: 3 } }, 'listed', 'quiet']), actions: 'bump' },
          { guard: and(['fussy', 'listed']), actions: 'bump' },
        ],
        // A selector among the rules, and params computed from the event: each part compiled on its own.
        pick: { guard: and([{ type: 'kIs', params: { k: 2 } }, 'quiet']), actions: 'bump' },
        dyn: {
          target: 'b',
          // XState takes params computed from the event; its types want them static.
          guard: and([{ type: 'atLeast', params: (({ event }: Args) => ({ min: event.k })) as never }, 'listed']),
          actions: 'bump',
        },
        nested: { guard: and(['quiet', and(['listed', 'fussy'])]), actions: 'bump' },
      },
    },
    b: { on: { back: { target: 'a', guard: and(['fussy']) }, go: { guard: 'listed', actions: 'bump' } } },
  },
}) as AnyStateMachine;

const types = ['go', 'pick', 'dyn', 'nested', 'back'];
const workflow: Workflow = defineWorkflow({
  name: 'rules',
  version: 1,
  machine,
  catalogue: Object.fromEntries(types.map((type) => [type, { schema: z.strictObject({}), version: 1 }])),
  policy: { roles: [], rules: {} },
  guards: spec,
});

describe(`the compiled fold on explained rules (seed ${fcSeed})`, () => {
  it('folds random logs as XState does, whatever the rules return', () => {
    expect(workflow.fold).toEqual({ engine: 'compiled' });
    const { accepted, refused } = foldRandomLogs(workflow, types, 11);
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });

  it('a rule that throws fails the step with the error XState gives', () => {
    const start = initialSnapshot(workflow);
    for (const type of ['go', 'nested']) {
      const event = { type, k: 12 };
      const theirs = (() => {
        try {
          xstateStep(machine, start, event);
        } catch (error) {
          return error as Error;
        }
      })();
      expect(theirs?.message).toMatch(/^Unable to evaluate guard in transition for event '(go|nested)'/);
      expect(theirs?.message).toContain('k must not be 12');
      expect(() => stepWorkflow(workflow, start, event)).toThrow(theirs!.message);
    }
  });
});
