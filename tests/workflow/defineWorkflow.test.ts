import { and, not, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import {
  createEngine,
  createMemoryEventStore,
  defineWorkflow,
  explainedGuards,
  UnknownWorkflowError,
  UsageError,
  WorkflowDefinitionError,
  type WorkflowDefinition,
} from '../../src/index.ts';
import { programmeV1, programmeV2 } from '../../machines/index.ts';
import { refusalsWorkflow } from '../../src/workflow/refusalsWorkflow.ts';
import { createToyWorkflow, toy } from '../fixtures/toyWorkflow.ts';
import type { Engine } from '../../src/index.ts';

type GrantEvent = { type: 'Submitted'; data: { amount: number } } | { type: 'Approved'; data: object };

const { guards, spec } = explainedGuards({
  rules: {
    modest: ({ event }: { event: GrantEvent }) =>
      event.type === 'Submitted' && event.data.amount > 100 ? 'at most 100' : null,
  },
});

const catalogue = {
  Submitted: { schema: z.strictObject({ amount: z.number() }), version: 1 },
  Approved: { schema: z.strictObject({}), version: 1 },
};
const policy = { roles: ['clerk'], rules: { Submitted: { roles: ['clerk'] }, Approved: { roles: ['clerk'] } } };

/** A small definition whose machine the cases replace. */
function definition(machine: AnyStateMachine, overrides: object = {}): WorkflowDefinition<AnyStateMachine> {
  return { name: 'grant', version: 1, machine, catalogue, policy, guards: spec, ...overrides };
}

const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect(error).toBeInstanceOf(UsageError);
    return (error as WorkflowDefinitionError).problems;
  }
  throw new Error('expected defineWorkflow to throw');
};

// The guards are loosely typed here: these machines are only checked, never run.
const base = setup({
  types: { events: {} as GrantEvent },
  guards: { ...(guards as Record<'modest', () => boolean>), big: () => true },
});

describe('defineWorkflow: what it checks', () => {
  it('accepts a clean definition without warnings (the reference programme and the refusals workflow too)', () => {
    const machine = base.createMachine({
      id: 'grant',
      initial: 'draft',
      states: {
        draft: { on: { Submitted: { guard: 'modest', target: 'submitted' } } },
        submitted: { on: { Approved: 'approved' } },
        approved: {},
      },
    });
    expect(defineWorkflow(definition(machine)).warnings).toEqual([]);
    expect(programmeV1.warnings).toEqual([]);
    expect(programmeV2.warnings).toEqual([]);
    expect(refusalsWorkflow.warnings).toEqual([]);
  });

  it('refuses a named guard the explained spec lacks, naming it and where it is used (refusals would only say "big did not hold")', () => {
    const machine = base.createMachine({
      id: 'grant',
      initial: 'draft',
      states: {
        draft: { on: { Submitted: { guard: and(['modest', 'big']), target: 'done' }, Approved: 'done' } },
        done: {},
      },
    });
    expect(problemsOf(() => defineWorkflow(definition(machine)))).toEqual([
      expect.stringMatching(
        /^guard "big" \(the Submitted transition of state "draft"\) is not in the explained spec: add it to explainedGuards/,
      ),
    ]);
  });

  it('refuses an inline guard', () => {
    const machine = base.createMachine({
      id: 'grant',
      initial: 'draft',
      states: {
        draft: { on: { Submitted: { guard: ({ event }) => event.data.amount > 1, target: 'done' }, Approved: 'done' } },
        done: {},
      },
    });
    expect(problemsOf(() => defineWorkflow(definition(machine)))).toEqual([
      expect.stringMatching(
        /^the Submitted transition of state "draft" has an inline guard.*name it in setup\(\{ guards \}\)/,
      ),
    ]);
  });

  it('refuses a guard that setup() does not implement, even when the spec explains it', () => {
    const machine = setup({ types: { events: {} as GrantEvent } }).createMachine({
      id: 'grant',
      initial: 'draft',
      states: {
        draft: { on: { Submitted: { guard: 'modest' as never, target: 'done' }, Approved: 'done' } },
        done: {},
      },
    });
    expect(problemsOf(() => defineWorkflow(definition(machine)))).toEqual([
      expect.stringContaining('guard "modest" (the Submitted transition of state "draft") is not implemented'),
    ]);
  });

  it('refuses a machine event type with no catalogue entry, naming it and the catalogue', () => {
    const machine = setup({ types: { events: {} as GrantEvent | { type: 'Submited' } } }).createMachine({
      id: 'grant',
      initial: 'draft',
      states: { draft: { on: { Submited: 'done', Submitted: 'done', Approved: 'done' } }, done: {} },
    });
    expect(problemsOf(() => defineWorkflow(definition(machine)))).toEqual([
      'the machine\'s event type "Submited" has no catalogue entry, so it can never be recorded: add it to the catalogue or fix the name (catalogue: Submitted, Approved)',
    ]);
  });

  it('refuses policy rules for an unknown event type, role or state', () => {
    const machine = base.createMachine({
      id: 'grant',
      initial: 'draft',
      states: { draft: { on: { Submitted: 'done', Approved: 'done' } }, done: {} },
    });
    const badPolicy = {
      roles: ['clerk'],
      rules: {
        Submitted: { roles: ['clerck'] },
        Approved: { roles: ['clerk'], states: ['dne'] },
        Rejected: { roles: ['clerk'] },
      },
    };
    expect(problemsOf(() => defineWorkflow(definition(machine, { policy: badPolicy })))).toEqual([
      'the policy rule for Submitted names role "clerck", which is not in policy.roles (clerk)',
      'the policy rule for Approved names state "dne", which the machine does not have (draft, done)',
      'the policy has a rule for Rejected, which is not in the catalogue',
    ]);
  });

  it('names every problem at once, the name rule included', () => {
    const machine = base.createMachine({
      id: 'grant',
      initial: 'draft',
      states: { draft: { on: { Submitted: { guard: 'big', target: 'done' }, Nope: 'done' } as never }, done: {} },
    });
    const error = (() => {
      try {
        defineWorkflow(definition(machine, { name: 'Grant', version: 0 }));
      } catch (caught) {
        return caught as WorkflowDefinitionError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.message).toMatch(
      /^Workflow Grant@0 is not defined, 4 problems:\n {2}- the name "Grant" is not valid: a workflow name starts with a lowercase letter/,
    );
    expect(error.problems).toHaveLength(4);
    expect(error.message).toContain('the version must be a positive integer');
    expect(error.message).toContain('guard "big"');
    expect(error.message).toContain('"Nope" has no catalogue entry');
  });

  it('warns about a catalogue entry no transition uses; warningsAs makes it an error or keeps it quiet', () => {
    const machine = base.createMachine({
      id: 'grant',
      initial: 'draft',
      states: { draft: { on: { Submitted: 'done' } }, done: {} },
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const workflow = defineWorkflow(definition(machine));
      const expected = 'catalogue entry Approved is used by no transition of the machine, so every Approved is refused';
      expect(workflow.warnings).toEqual([expected]);
      expect(warn).toHaveBeenCalledWith(`phasegate: workflow grant@1: ${expected}`);
      warn.mockClear();
      expect(defineWorkflow(definition(machine, { warningsAs: 'nothing' })).warnings).toEqual([expected]);
      expect(warn).not.toHaveBeenCalled();
      expect(problemsOf(() => defineWorkflow(definition(machine, { warningsAs: 'errors' })))).toEqual([expected]);
    } finally {
      warn.mockRestore();
    }
  });

  it('warns that a refusal through not() cannot give a reason', () => {
    const machine = base.createMachine({
      id: 'grant',
      initial: 'draft',
      states: { draft: { on: { Submitted: { guard: not('modest'), target: 'done' }, Approved: 'done' } }, done: {} },
    });
    expect(defineWorkflow(definition(machine, { warningsAs: 'nothing' })).warnings).toEqual([
      'the Submitted transition of state "draft" uses not(...): a refusal through it cannot say why; a rule that returns its reason can',
    ]);
  });
});

describe('the workflow a caller names', () => {
  it('a bare name means its newest version; name@version that version; an unknown one lists what is registered', async () => {
    const engine: Engine = createEngine({
      workflows: [createToyWorkflow(1), createToyWorkflow(2)],
      store: createMemoryEventStore(),
    });
    expect((await engine.record('a', toy('Counted', { by: 1 }), { workflow: 'toy' })).event.workflow).toBe('toy@2');
    expect((await engine.record('b', toy('Counted', { by: 1 }), { workflow: 'toy@1' })).event.workflow).toBe('toy@1');
    const unknown = await engine
      .record('c', toy('Counted', { by: 1 }), { workflow: 'programme' })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(UnknownWorkflowError);
    expect(unknown).toMatchObject({
      workflow: 'programme',
      message: 'No workflow named "programme" is registered (registered: toy)',
    });
    expect(engine.registry.resolve('toy@1').ref).toBe('toy@1');
    expect(() => engine.registry.resolve('toy@3')).toThrow(
      'Workflow toy@3 is not registered (registered: toy@1, toy@2)',
    );
  });
});
