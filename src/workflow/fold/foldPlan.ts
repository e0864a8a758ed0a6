import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { UsageError } from '../../errors.ts';
import { step as xstateStep } from '../scope.ts';
import { compileMachine, type CompiledMachine, type StepResult } from './compiledMachine.ts';

/** How a workflow folds events: `auto` compiles when it can, else XState; `compiled` insists; `xstate` never compiles. */
export type FoldMode = 'auto' | 'compiled' | 'xstate';

/**
 * How a workflow folds events, decided by `defineWorkflow`: with its machine compiled into a transition table, or
 * with XState's own `machine.transition`, and then why.
 */
export type FoldPlan = { readonly engine: 'compiled' } | { readonly engine: 'xstate'; readonly reason: string };

const compiledByPlan = new WeakMap<FoldPlan, CompiledMachine>();
let lastPlan: FoldPlan | undefined;
let lastCompiled: CompiledMachine | undefined;

/**
 * Returns the fold plan of a machine: compiled when `mode` allows and the machine uses only what the compiler
 * handles. Throws a {@link UsageError} when `mode` is `compiled` and the machine cannot be compiled.
 */
export function planFold(machine: AnyStateMachine, mode: FoldMode = 'auto', label: string = machine.id): FoldPlan {
  if (mode === 'xstate') return { engine: 'xstate', reason: 'the workflow asked for XState (fold: "xstate")' };
  const compiled = compileMachine(machine);
  if ('unsupported' in compiled) {
    const reason = `machine "${machine.id}" uses ${compiled.unsupported}, which the compiled fold does not handle`;
    if (mode === 'compiled') throw new UsageError(`Workflow ${label}: ${reason}; use fold: "auto" or "xstate"`);
    return { engine: 'xstate', reason };
  }
  const plan: FoldPlan = { engine: 'compiled' };
  compiledByPlan.set(plan, compiled);
  return plan;
}

/** What {@link stepWorkflow} needs of a workflow. */
export type Foldable = { readonly machine: AnyStateMachine; readonly fold?: FoldPlan };

/**
 * Returns the next snapshot, whether the event was accepted and the actions it asked for: what XState's
 * `machine.transition` in an inert scope gives, from the compiled table when the workflow has one (and the snapshot
 * belongs to that machine), else from XState. Pure.
 */
export function stepWorkflow(
  workflow: Foldable,
  snapshot: AnyMachineSnapshot,
  event: { readonly type: string },
): StepResult {
  // A fold steps one workflow many times over: its compiled table is remembered without a WeakMap lookup each time.
  let compiled: CompiledMachine | undefined;
  // Stryker disable next-line ConditionalExpression: equivalent when false; a cache, looked up again it is the same
  if (workflow.fold === lastPlan) compiled = lastCompiled;
  else if (workflow.fold !== undefined) {
    compiled = compiledByPlan.get(workflow.fold);
    lastPlan = workflow.fold;
    lastCompiled = compiled;
  }
  if (compiled !== undefined && compiled.machine === workflow.machine) return compiled.step(snapshot, event);
  return xstateStep(workflow.machine, snapshot, event);
}
