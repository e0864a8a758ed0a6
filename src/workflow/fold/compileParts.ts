// Guards and actions of a machine, resolved once into plain functions that call the machine's implementations with
// exactly the arguments xstate 5 gives them (evaluateGuard, resolveAndExecuteActionsWithContext, resolveAssign).
import { and, not, or, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { explainedRuleOf, holds, type Verdict } from '../guards.ts';
import { mergeContext } from './mergeContext.ts';

/** Why a machine cannot be compiled: thrown while compiling, caught by compileMachine. */
export class Unsupported extends Error {}

/** A guard resolved to a function of the snapshot the transition is taken from, its context and the event. */
export type CompiledGuard = (snapshot: AnyMachineSnapshot, context: unknown, event: unknown) => boolean;

/** An action resolved: an `assign`, or one to hand to the scope's executor (custom and unimplemented ones). */
export type CompiledAction =
  | {
      readonly kind: 'assign';
      readonly assignment: unknown;
      readonly params: (context: unknown, event: unknown) => unknown;
    }
  | {
      readonly kind: 'custom';
      readonly type: string;
      readonly exec: unknown;
      readonly params: (context: unknown, event: unknown) => unknown;
    };

type Implementation = ((...args: never[]) => unknown) & {
  readonly check?: (...args: never[]) => boolean;
  readonly guards?: readonly unknown[];
  readonly resolve?: unknown;
  readonly type?: string;
  readonly assignment?: unknown;
};

const noParams = () => undefined;

// The higher-order guards the compiler unfolds, told apart by their `check` (shared by every guard of a kind).
const checkOf = (guard: unknown) => (guard as { check: unknown }).check;
// Stryker disable next-line ArrayDeclaration,StringLiteral: equivalent; a kind's check is the same whatever its parts
const checks = { and: checkOf(and([])), or: checkOf(or([])), not: checkOf(not('x')) };

/** Returns the params resolver XState uses for a named guard or action reference (`params` static or a function). */
function paramsOf(reference: unknown): (context: unknown, event: unknown) => unknown {
  // A reference is a name (a string has no `params`) or an object whose `params` may be absent.
  const params = (reference as { readonly params?: unknown }).params;
  if (typeof params === 'function') return (context, event) => (params as (a: unknown) => unknown)({ context, event });
  return params === undefined ? noParams : () => params;
}

/** Returns a guard reference compiled; throws {@link Unsupported} for what XState would fail on or we cannot mirror. */
export function compileGuard(machine: AnyStateMachine, guard: unknown): CompiledGuard {
  const compiled = compileArgsGuard(machine, guard);
  return (snapshot, context, event) => compiled(snapshot, { context, event });
}

/** The `{ context, event }` XState hands a guard. */
export type GuardArgs = { readonly context: unknown; readonly event: unknown };

/**
 * A guard compiled to take XState's guard arguments. XState builds them afresh for each guard of an `and`; here the
 * parts of one evaluation share them (guards are pure), which spares replay an object per guard per event.
 */
export type ArgsGuard = (snapshot: AnyMachineSnapshot, args: GuardArgs) => boolean;

/** Returns a guard reference compiled to take XState's guard arguments, as {@link compileGuard} does. */
export function compileArgsGuard(machine: AnyStateMachine, guard: unknown): ArgsGuard {
  return compileWithArgs(machine, guard, 0);
}

function compileWithArgs(machine: AnyStateMachine, guard: unknown, depth: number): ArgsGuard {
  if (depth > 32) throw new Unsupported('guards nested more than 32 deep');
  const inline = typeof guard === 'function';
  const name = typeof guard === 'string' ? guard : inline ? undefined : (guard as { type?: unknown }).type;
  const resolved = (inline ? guard : (machine.implementations.guards as Record<string, unknown>)[String(name)]) as
    Implementation | string | object | undefined;
  if (!inline && !resolved) throw new Unsupported(`guard "${String(name)}" has no implementation`);
  if (typeof resolved !== 'function') return compileWithArgs(machine, resolved, depth + 1);
  if (!('check' in resolved)) {
    const params = inline ? noParams : paramsOf(guard);
    // A guard from explainedGuards is `holds(rule(args, params))`: its rule is called here, one call less per guard.
    const rule = explainedRuleOf(resolved);
    if (rule !== undefined) {
      // Stryker disable next-line ConditionalExpression: equivalent; noParams returns undefined
      if (params === noParams) return (_snapshot, args) => holds(rule(args, undefined));
      return (_snapshot, args) => holds(rule(args, params(args.context, args.event)));
    }
    const implementation = resolved as (args: unknown, params: unknown) => boolean;
    // Replay evaluates several guards per event, most of them without params: no call to learn that they are undefined.
    // Stryker disable next-line ConditionalExpression: equivalent; noParams returns undefined
    if (params === noParams) return (_snapshot, args) => implementation(args, undefined);
    return (_snapshot, args) => implementation(args, params(args.context, args.event));
  }
  // and/or/not always carry their parts in `guards` (xstate builds them so); `not` negates its first, as XState does.
  const children = resolved.guards ?? [];
  if (resolved.check === checks.and) {
    const rules = children.map((child) => explainedPart(machine, child));
    if (rules.every((part) => part !== undefined)) return allHold(rules);
    const parts = children.map((child) => compileWithArgs(machine, child, depth + 1));
    return (snapshot, args) => {
      for (let i = 0; i < parts.length; i++) if (!parts[i]!(snapshot, args)) return false;
      return true;
    };
  }
  if (resolved.check === checks.or) {
    const parts = children.map((child) => compileWithArgs(machine, child, depth + 1));
    return (snapshot, args) => {
      for (const part of parts) if (part(snapshot, args)) return true;
      return false;
    };
  }
  if (resolved.check === checks.not) {
    const part = compileWithArgs(machine, children[0], depth + 1);
    return (snapshot, args) => !part(snapshot, args);
  }
  // Any other guard with a `check` (stateIn, or one built the same way) is called as XState calls it.
  const check = resolved.check as (snapshot: unknown, args: unknown, guard: unknown) => boolean;
  return (snapshot, args) => check(snapshot, args, resolved);
}

/** A guard of an `and` that is a rule from explainedGuards, named with static params (or none). */
type ExplainedPart = { readonly rule: (args: unknown, params: unknown) => unknown; readonly params: unknown };

/** Returns `guard` as an {@link ExplainedPart}, or undefined when it is anything else (inline, dynamic params, ...). */
function explainedPart(machine: AnyStateMachine, guard: unknown): ExplainedPart | undefined {
  const name = typeof guard === 'string' ? guard : (guard as { type?: unknown } | null)?.type;
  if (typeof name !== 'string') return undefined;
  const rule = explainedRuleOf((machine.implementations.guards as Record<string, unknown>)[name]);
  const params = (guard as { readonly params?: unknown }).params;
  return rule === undefined || typeof params === 'function' ? undefined : { rule, params };
}

/**
 * An `and` of rules from explainedGuards, as one loop over the rules: what XState's `and` gives (the first rule that
 * does not hold decides, the rest are not called), without a closure and a boolean wrapper per rule. Replay evaluates
 * three to five of them per event.
 */
function allHold(parts: readonly ExplainedPart[]): ArgsGuard {
  const rules = parts.map((part) => part.rule);
  const params = parts.map((part) => part.params);
  return (_snapshot, args) => {
    for (let i = 0; i < rules.length; i++) if (!holds(rules[i]!(args, params[i]) as Verdict)) return false;
    return true;
  };
}

/** Returns an action reference compiled; throws {@link Unsupported} for built-in actions other than `assign`. */
export function compileAction(machine: AnyStateMachine, action: unknown): CompiledAction {
  const inline = typeof action === 'function';
  const type = typeof action === 'string' ? action : inline ? undefined : (action as { type?: unknown }).type;
  const resolved = (inline ? action : (machine.implementations.actions as Record<string, unknown>)[String(type)]) as
    Implementation | undefined;
  const params = inline ? noParams : paramsOf(action);
  if (!resolved || !('resolve' in resolved)) {
    const label =
      typeof action === 'string' ? action : inline ? (action as Implementation).name || '(anonymous)' : String(type);
    return { kind: 'custom', type: label, exec: resolved, params };
  }
  if (resolved.type === 'xstate.assign') return { kind: 'assign', assignment: resolved.assignment, params };
  throw new Unsupported(`the built-in action ${resolved.type}`);
}

/** Runs compiled actions over a context as XState does; returns the context, whether it was assigned, and records. */
export function runActions(
  actions: readonly CompiledAction[],
  context: unknown,
  event: unknown,
  scope: AnyActorScope,
): { readonly context: unknown; readonly assigned: boolean; readonly executed: unknown[] | null } {
  let assigned = false;
  let executed: unknown[] | null = null;
  for (const action of actions) {
    const params = action.params(context, event);
    if (action.kind === 'custom') {
      const info = { context, event, self: scope.self, system: scope.system };
      (executed ??= []).push({ type: action.type, info, params, exec: action.exec });
      continue;
    }
    if (!context)
      throw new Error('Cannot assign to undefined `context`. Ensure that `context` is defined in the machine config.');
    const args = { context, event, spawn: noSpawn, self: scope.self, system: scope.system };
    let partial: unknown;
    if (typeof action.assignment === 'function') {
      partial = (action.assignment as (a: unknown, p: unknown) => unknown)(args, params);
    } else {
      const assignment = action.assignment as Record<string, unknown>;
      const parts: Record<string, unknown> = {};
      for (const key of Object.keys(assignment)) {
        const part = assignment[key];
        parts[key] = typeof part === 'function' ? (part as (a: unknown, p: unknown) => unknown)(args, params) : part;
      }
      partial = parts;
    }
    context = mergeContext(context, partial);
    assigned = true;
  }
  return { context, assigned, executed };
}

function noSpawn(): never {
  throw new Error('spawn() in an assign: a workflow machine must not spawn actors, replay must be pure');
}
