import type { GuardArgs } from './guards.ts';

/** Who may record one event type: the roles, optionally only in some states, and an extra rule on the actor. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped by default, so rules of any workflow fit one list
export type PolicyRule<TContext = any, TEvent = any> = {
  readonly roles: readonly string[];
  /** Dotted state paths (prefixes count: `development` covers `development.gate`); absent means any state. */
  readonly states?: readonly string[];
  /** A further condition on the actor, e.g. "must be one of the open review's gatekeepers"; returns the reason. */
  readonly check?: (args: GuardArgs<TContext, TEvent>) => string | null | undefined;
};

/** A workflow's role policy: deny by default, so an event type without a rule can be recorded by nobody. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped by default, as PolicyRule
export type RolePolicy<TContext = any, TEvent = any> = {
  /** Every role the workflow knows, so that a misspelt role is named as such. */
  readonly roles: readonly string[];
  readonly rules: { readonly [eventType: string]: PolicyRule<TContext, TEvent> };
};

/**
 * Returns why the actor may not record the event, or an empty list when it may.
 * Pure: reads the policy, the state path, the context and the event only.
 */
export function authorize(
  policy: RolePolicy,
  statePaths: readonly string[],
  args: GuardArgs<unknown, { readonly type: string; readonly actor: { readonly id: string; readonly role: string } }>,
): string[] {
  const { event } = args;
  const role = event.actor.role;
  if (!policy.roles.includes(role)) {
    return [`"${role}" is not a role of this workflow; the roles are ${policy.roles.join(', ')}`];
  }
  const rule = policy.rules[event.type];
  if (rule === undefined || rule.roles.length === 0) return [`no role may record ${event.type}`];
  if (!rule.roles.includes(role)) {
    return [`${event.type} is recorded by ${listOr(rule.roles)}, not by ${role}`];
  }
  if (rule.states !== undefined && !statePaths.some((path) => rule.states!.some((s) => isWithin(path, s)))) {
    return [`${role} may record ${event.type} only in ${listOr(rule.states)}`];
  }
  const extra = rule.check?.(args);
  return extra ? [extra] : [];
}

function isWithin(path: string, state: string): boolean {
  return path === state || path.startsWith(`${state}.`);
}

function listOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
