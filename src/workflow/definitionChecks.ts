import type { AnyStateMachine, AnyStateNode } from 'xstate';
import type { EventCatalogue } from './defineWorkflow.ts';
import { builtinGuardOf } from './guardParts.ts';
import type { GuardSpec } from './guards.ts';
import { engineEventTypes } from './migration.ts';
import type { RolePolicy } from './policy.ts';

/** What a definition check found: problems that make the definition unusable, and warnings a user may accept. */
export type DefinitionFindings = { readonly errors: string[]; readonly warnings: string[] };

/** The parts of a workflow definition the checks read. */
export type CheckedDefinition = {
  readonly machine: AnyStateMachine;
  readonly catalogue: EventCatalogue;
  readonly policy: RolePolicy;
  readonly guards: GuardSpec;
  readonly hiddenStates?: readonly string[];
};

/** The rule a workflow name follows, as the error message and the README state it. */
export const workflowNameRule: string =
  'a workflow name starts with a lowercase letter and has at most 64 lowercase letters, digits and dashes ' +
  '(e.g. "grant" or "grant-application"); the version is given apart, as `version: 2`, not in the name';

/** True when `name` follows {@link workflowNameRule}. */
export function isWorkflowName(name: unknown): name is string {
  return typeof name === 'string' && /^[a-z][a-z0-9-]{0,63}$/.test(name);
}

/**
 * Returns what is wrong with a definition's parts taken together: a guard the machine uses that the explained spec
 * (or `setup({ guards })`) lacks, an inline guard, an event type of the machine with no catalogue entry, a policy
 * rule for an unknown event type, role or state, a malformed catalogue entry (errors); a catalogue entry no
 * transition uses, and `or`/`not`/`stateIn` guards, whose refusals cannot give reasons (warnings). Pure.
 */
export function checkDefinition(definition: CheckedDefinition): DefinitionFindings {
  const errors: string[] = [];
  const warnings: string[] = [];
  const { machine, catalogue, policy, guards } = definition;
  const hidden = definition.hiddenStates ?? [];
  const implemented = (machine.implementations.guards ?? {}) as Record<string, unknown>;
  const explained = (name: string) => Object.hasOwn(guards.rules, name) || Object.hasOwn(guards.selectors, name);
  const usedTypes = new Set<string>();
  const wildcards: string[] = [];
  const states: string[] = [];
  const seen = new Set<string>();
  const once = (list: string[], message: string): void => {
    if (seen.has(message)) return;
    seen.add(message);
    list.push(message);
  };

  const checkGuard = (guard: unknown, where: string): void => {
    if (guard === undefined || guard === null) return;
    if (typeof guard === 'function') {
      const combined = guard as { name?: string; guards?: unknown[]; stateValue?: unknown };
      const builtin = builtinGuardOf(guard);
      if (builtin === 'and' && Array.isArray(combined.guards)) {
        for (const part of combined.guards) checkGuard(part, where);
        return;
      }
      if ((builtin === 'or' || builtin === 'not') && Array.isArray(combined.guards)) {
        once(
          warnings,
          `${where} uses ${builtin}(...): a refusal through it cannot say why; a rule that returns its reason can`,
        );
        for (const part of combined.guards) checkGuard(part, where);
        return;
      }
      if (builtin === 'stateIn' && 'stateValue' in combined) {
        once(
          warnings,
          `${where} uses stateIn(...): a refusal through it cannot say why; a rule that returns its reason can`,
        );
        return;
      }
      once(
        errors,
        `${where} has an inline guard${combined.name ? ` (${combined.name})` : ''}: name it in setup({ guards }) and ` +
          `explain it with explainedGuards, so a refusal can say why it did not hold`,
      );
      return;
    }
    const name = typeof guard === 'string' ? guard : (guard as { type?: unknown }).type;
    if (typeof name !== 'string') return once(errors, `${where} has a guard phasegate cannot read`);
    if (!Object.hasOwn(implemented, name)) {
      once(
        errors,
        `guard "${name}" (${where}) is not implemented: pass the guards from explainedGuards to setup({ guards })`,
      );
    }
    if (!explained(name)) {
      once(
        errors,
        `guard "${name}" (${where}) is not in the explained spec: add it to explainedGuards({ rules }) (or selectors) ` +
          `and pass the spec as \`guards\`, so a refusal can say why it did not hold`,
      );
    }
  };

  const visit = (node: AnyStateNode): void => {
    const path = node.path.filter((key) => !hidden.includes(key)).join('.');
    if (path !== '' && !hidden.includes(node.key) && node.type !== 'history') states.push(path);
    const label = path === '' ? 'the machine root' : `state "${path}"`;
    for (const [type, transitions] of node.transitions) {
      if (type.startsWith('xstate.')) continue;
      if (type === '*' || type.endsWith('.*')) wildcards.push(type.slice(0, -1));
      else usedTypes.add(type);
      for (const transition of transitions) checkGuard(transition.guard, `the ${type} transition of ${label}`);
    }
    for (const transition of node.always ?? []) checkGuard(transition.guard, `an always transition of ${label}`);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);

  const known = (type: string) => Object.hasOwn(catalogue, type);
  const engineType = (type: string) => Object.hasOwn(engineEventTypes, type) && !known(type);
  for (const type of usedTypes) {
    if (engineType(type)) {
      errors.push(
        `the machine has a transition for ${type}, the engine's own event: the engine decides it, so remove it`,
      );
    } else if (!known(type)) {
      errors.push(
        `the machine's event type "${type}" has no catalogue entry, so it can never be recorded: ` +
          `add it to the catalogue or fix the name (catalogue: ${Object.keys(catalogue).join(', ') || 'empty'})`,
      );
    }
  }
  for (const [type, entry] of Object.entries(catalogue)) {
    errors.push(...catalogueEntryProblems(type, entry));
    if (!usedTypes.has(type) && !wildcards.some((prefix) => type.startsWith(prefix))) {
      warnings.push(`catalogue entry ${type} is used by no transition of the machine, so every ${type} is refused`);
    }
  }
  errors.push(...policyProblems(policy, (type) => known(type) || engineType(type), states));
  return { errors, warnings };
}

function catalogueEntryProblems(type: string, entry: EventCatalogue[string]): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(type)) {
    problems.push(
      `catalogue entry "${type}": an event type is 1 to 64 letters, digits, _ . or -, starting with a letter`,
    );
  }
  if (typeof (entry?.schema as { safeParse?: unknown } | undefined)?.safeParse !== 'function') {
    problems.push(`catalogue entry ${type} has no zod schema (\`schema: z.strictObject({ ... })\`)`);
  }
  if (!Number.isInteger(entry?.version) || entry.version < 1) {
    problems.push(`catalogue entry ${type} needs a positive integer schema version, got ${String(entry?.version)}`);
  }
  for (const key of Object.keys(entry?.upcasters ?? {})) {
    const from = Number(key);
    if (!Number.isInteger(from) || from < 1 || from >= entry.version) {
      problems.push(
        `catalogue entry ${type} has an upcaster from version ${key}; it lifts versions 1 to ${entry.version - 1}`,
      );
    }
  }
  return problems;
}

function policyProblems(policy: RolePolicy, knownType: (type: string) => boolean, states: readonly string[]): string[] {
  const problems: string[] = [];
  if (!Array.isArray(policy?.roles) || typeof policy.rules !== 'object' || policy.rules === null) {
    return ['the policy needs `roles` (every role the workflow knows) and `rules` (who may record each event type)'];
  }
  for (const [type, rule] of Object.entries(policy.rules)) {
    if (!knownType(type)) problems.push(`the policy has a rule for ${type}, which is not in the catalogue`);
    for (const role of rule.roles) {
      if (!policy.roles.includes(role)) {
        problems.push(
          `the policy rule for ${type} names role "${role}", which is not in policy.roles (${policy.roles.join(', ')})`,
        );
      }
    }
    for (const state of rule.states ?? []) {
      if (!states.includes(state)) {
        problems.push(
          `the policy rule for ${type} names state "${state}", which the machine does not have (${states.join(', ')})`,
        );
      }
    }
  }
  return problems;
}
