import { and, not, or, stateIn } from 'xstate';
/**
 * XState's guards as a transition holds them, read in one place: a name (`'known'`), a named guard with parameters
 * (`{ type, params }`), a combinator (`and`, `or`, `not`, which xstate keeps as a function with `guards`), `stateIn`,
 * or an inline function. The refusal explainer and the chart exports both read guards through here.
 */

/** A named guard with its parameters (undefined when it takes none) and the guard reference it was read from. */
export type NamedGuard = { readonly type: string; readonly params: unknown; readonly guard: unknown };

type Combined = { readonly name?: string; readonly guards?: readonly unknown[]; readonly stateValue?: unknown };

/** XState's built-in higher-order guards. */
export type BuiltinGuard = 'and' | 'or' | 'not' | 'stateIn';

// Told apart by their `check` (shared by every guard of a kind, as the compiled fold does), not by the function's
// name: a bundler or minifier renames functions (esbuild's browser bundle makes `and` `and2`). The name is the
// fallback for guards made by another copy of xstate.
const checkOf = (guard: unknown): unknown => (guard as { readonly check?: unknown }).check;
const builtins = new Map<unknown, BuiltinGuard>([
  [checkOf(and([])), 'and'],
  [checkOf(or([])), 'or'],
  [checkOf(not('x')), 'not'],
  [checkOf(stateIn('x')), 'stateIn'],
]);
const builtinNames: ReadonlySet<string> = new Set(builtins.values());

/** Returns which of XState's built-in guards `guard` is (`and`, `or`, `not`, `stateIn`), or undefined. */
export function builtinGuardOf(guard: unknown): BuiltinGuard | undefined {
  if (typeof guard !== 'function') return undefined;
  const byCheck = builtins.get(checkOf(guard));
  if (byCheck !== undefined) return byCheck;
  const { name } = guard as Combined;
  return name !== undefined && builtinNames.has(name) ? (name as BuiltinGuard) : undefined;
}

/** Returns the guards of a combinator (`and`, `or`, `not`) and its name, or null for any other guard. */
function combinatorOf(guard: unknown): { readonly name: string; readonly guards: readonly unknown[] } | null {
  const name = builtinGuardOf(guard);
  const { guards } = (guard ?? {}) as Combined;
  return name !== undefined && name !== 'stateIn' && Array.isArray(guards) ? { name, guards } : null;
}

/**
 * Returns the guards that must all hold for `guard` to hold: `and([...])` is flattened (nested too), anything else is
 * one part; a combinator other than `and`, `stateIn` or an inline function is a part named by its text.
 */
export function guardParts(guard: unknown): NamedGuard[] {
  if (guard === undefined || guard === null) return [];
  const combined = combinatorOf(guard);
  if (combined?.name === 'and') return combined.guards.flatMap(guardParts);
  if (typeof guard === 'string') return [{ type: guard, params: undefined, guard }];
  if (typeof guard === 'object') {
    const { type, params } = guard as { type: string; params?: unknown };
    return [{ type, params, guard }];
  }
  return [{ type: guardText(guard), params: undefined, guard }];
}

/** Returns a guard as text with its names kept: `knownOrgs`, `decisionIs(go)`, `and(a, not(b))`, `(inline)`. */
export function guardText(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  const combined = combinatorOf(guard);
  if (combined !== null) return `${combined.name}(${combined.guards.map(guardText).join(', ')})`;
  if (typeof guard === 'function') {
    const { name, stateValue } = guard as Combined;
    if (builtinGuardOf(guard) === 'stateIn') return `stateIn(${JSON.stringify(stateValue)})`;
    return name || '(inline)';
  }
  if (guard && typeof guard === 'object') {
    const { type, params } = guard as { type: string; params?: unknown };
    return params === undefined ? type : `${type}(${paramsText(params)})`;
  }
  return String(guard);
}

/** Returns the named guards a guard is made of, in order, as text: `decisionIs(go)`, `knownOrgs`. */
export function guardNames(guard: unknown): string[] {
  if (guard === undefined || guard === null) return [];
  const combined = combinatorOf(guard);
  if (combined !== null) return combined.guards.flatMap(guardNames);
  return [guardText(guard)];
}

function paramsText(params: unknown): string {
  if (params && typeof params === 'object' && !Array.isArray(params)) {
    return Object.values(params)
      .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
      .join(', ');
  }
  return typeof params === 'function' ? '(dynamic)' : JSON.stringify(params);
}
