import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import { getNextTransitions } from 'xstate';
import type { Refusal, RefusalReason } from '../errors.ts';
import type { RecordedEvent, UnhashedEvent } from '../envelope/envelope.ts';
import type { Workflow } from './defineWorkflow.ts';
import { guardParts, type NamedGuard } from './guardParts.ts';
import { reasonsOf } from './guards.ts';
import { checkMigration, isEngineMigration } from './migration.ts';
import { authorize } from './policy.ts';
import type { WorkflowRegistry } from './registry.ts';
import { compileGuard, Unsupported } from './fold/compileParts.ts';
import { stepWorkflow } from './fold/foldPlan.ts';
import { leafPaths, stateLabel, stateText } from './statePath.ts';

/** A candidate event: the envelope the engine would store, before its hash. Guards may read every field. */
export type Candidate = UnhashedEvent | RecordedEvent;

/**
 * The outcome of {@link decide}: the next snapshot and the actions to run once stored, or why not. `workflow` is set
 * when the event moved the stream to another version (a `WorkflowMigrated`).
 */
export type Decision =
  | {
      readonly outcome: 'accepted';
      readonly snapshot: AnyMachineSnapshot;
      readonly actions: readonly unknown[];
      readonly workflow?: Workflow;
    }
  | { readonly outcome: 'refused'; readonly refusal: Refusal };

/**
 * Decides whether the workflow accepts a candidate event in `snapshot`: first the role policy, then the machine.
 * Pure. A refusal names the state, the event and every failed guard with its reason; an event type with no
 * transition in this state is said to be not allowed here, with the states where it is. The engine's own
 * `WorkflowMigrated` is decided against `registry` (the versions it may move to) instead of the machine.
 */
export function decide(
  workflow: Workflow,
  snapshot: AnyMachineSnapshot,
  candidate: Candidate,
  registry?: WorkflowRegistry,
): Decision {
  return authorizeCandidate(workflow, snapshot, candidate) ?? decideTransition(workflow, snapshot, candidate, registry);
}

/** Returns the refusal the role policy gives a candidate in `snapshot`, or null when it may be recorded. Pure. */
export function authorizeCandidate(
  workflow: Workflow,
  snapshot: AnyMachineSnapshot,
  candidate: Candidate,
): Decision | null {
  const paths = leafPaths(snapshot.value, workflow.hiddenStates);
  const forbidden = authorize(workflow.policy, paths, { context: snapshot.context, event: candidate });
  if (forbidden.length === 0) return null;
  return refuse(
    workflow,
    snapshot,
    candidate,
    'forbidden',
    forbidden.map((reason) => ({ guard: 'policy', reason })),
  );
}

/**
 * Decides a candidate as {@link decide} does once the role policy has let it through: a final state accepts
 * nothing, a `WorkflowMigrated` is checked against `registry`, anything else is up to the machine. Pure. The replay
 * audit uses it to judge the machine's part of an event whose recording role was not allowed as well.
 */
export function decideTransition(
  workflow: Workflow,
  snapshot: AnyMachineSnapshot,
  candidate: Candidate,
  registry?: WorkflowRegistry,
): Decision {
  if (snapshot.status !== 'active') return refuse(workflow, snapshot, candidate, 'final', []);
  if (isEngineMigration(workflow, candidate.type)) {
    if (registry === undefined) {
      return refuse(workflow, snapshot, candidate, 'guards', [
        { guard: 'migration', reason: 'a migration is decided by an engine that knows the registered versions' },
      ]);
    }
    const migration = checkMigration(registry, workflow, snapshot, candidate);
    // checkMigration returns `to` and `snapshot` together or neither; both are tested so that both are typed.
    // Stryker disable next-line LogicalOperator,ConditionalExpression: equivalent (see above)
    if (migration.to === undefined || migration.snapshot === undefined) {
      return refuse(workflow, snapshot, candidate, 'guards', migration.reasons);
    }
    return { outcome: 'accepted', snapshot: migration.snapshot, actions: [], workflow: migration.to };
  }
  const { next, accepted, actions } = stepWorkflow(workflow, snapshot, candidate);
  if (accepted) return { outcome: 'accepted', snapshot: next, actions };
  return explain(workflow, snapshot, candidate);
}

/** Returns the refusal for an event the machine did not accept in `snapshot`. Pure. */
export function explain(workflow: Workflow, snapshot: AnyMachineSnapshot, candidate: Candidate): Decision {
  const candidates = getNextTransitions(snapshot).filter((t) => t.eventType === candidate.type);
  const reasons: RefusalReason[] = [];
  const args = { context: snapshot.context, event: candidate };
  for (const transition of candidates) {
    const guards = guardParts(transition.guard);
    const applies = guards.every(({ type, params }) => {
      const selector = workflow.guards.selectors[type];
      return selector === undefined || selector(args, params);
    });
    if (!applies) continue;
    for (const part of guards) {
      const { type, params } = part;
      const rule = workflow.guards.rules[type];
      if (rule === undefined) {
        if (workflow.guards.selectors[type] === undefined) reasons.push(opaque(workflow, snapshot, candidate, part));
        continue;
      }
      for (const reason of reasonsOf(rule(args, params))) {
        if (!reasons.some((r) => r.reason === reason)) reasons.push({ guard: type, reason });
      }
    }
  }
  if (reasons.length === 0) return refuse(workflow, snapshot, candidate, 'not_allowed', []);
  return refuse(workflow, snapshot, candidate, 'guards', reasons);
}

/**
 * The reason of a guard that gives none (an `or`, `not` or `stateIn`, which defineWorkflow warns about): whether it
 * held, evaluated as the compiled fold evaluates it, so that a refusal never says it did not hold when it did.
 */
function opaque(
  workflow: Workflow,
  snapshot: AnyMachineSnapshot,
  candidate: Candidate,
  part: NamedGuard,
): RefusalReason {
  let held: boolean;
  try {
    held = compileGuard(workflow.machine, part.guard)(snapshot, snapshot.context, candidate);
  } catch (error) {
    // A guard the compiled fold does not mirror (the workflow then replays through XState): say only what is known.
    if (!(error instanceof Unsupported)) throw error;
    return { guard: part.type, reason: `${part.type} or another condition of the transition did not hold` };
  }
  return {
    guard: part.type,
    reason: held ? `${part.type} held, but another condition did not` : `${part.type} did not hold`,
  };
}

function refuse(
  workflow: Workflow,
  snapshot: AnyMachineSnapshot,
  candidate: Candidate,
  kind: Refusal['kind'],
  reasons: RefusalReason[],
): Decision {
  const state = stateLabel(snapshot.value, workflow.hiddenStates);
  const where = stateText(state);
  const { type } = candidate;
  let message: string;
  switch (kind) {
    case 'forbidden':
      message = `${candidate.actor.id} (${candidate.actor.role}) may not record ${type}: ${joinReasons(reasons)}`;
      break;
    case 'final':
      message = `${type} refused: "${candidate.stream}" has ended in ${where}, and a final state accepts nothing`;
      break;
    case 'not_allowed': {
      const elsewhere = statesAccepting(workflow, type);
      message =
        `${type} is not allowed in ${where}` +
        (elsewhere.length > 0 ? `; it can be recorded in ${elsewhere.join(', ')}` : '');
      break;
    }
    case 'guards':
      message = `${type} refused in ${where}: ${joinReasons(reasons)}`;
      break;
  }
  return {
    outcome: 'refused',
    refusal: { kind, stream: candidate.stream, state, event: type, actor: candidate.actor, reasons, message },
  };
}

function joinReasons(reasons: readonly RefusalReason[]): string {
  return reasons.map((r) => r.reason).join('; ');
}

const accepting = new WeakMap<Workflow, Map<string, string[]>>();

/**
 * Returns the states (dotted, hidden wrappers left out) that have a transition for `type` that does something (a
 * target or actions), in document order. A transition that does nothing forbids the event there, as in XState, and
 * is not listed. A hidden wrapper is shown as the visible states inside it.
 */
export function statesAccepting(workflow: Workflow, type: string): string[] {
  let byType = accepting.get(workflow);
  // Stryker disable next-line ConditionalExpression: equivalent; a cache, computed again it gives the same lists
  if (byType === undefined) {
    byType = new Map();
    const hidden = workflow.hiddenStates;
    const shown = (node: AnyStateNode): string[] => {
      if (!hidden.includes(node.key))
        return [node.path.filter((key) => !hidden.includes(key)).join('.') || '(any state)'];
      return Object.values(node.states)
        .filter((child) => child.type !== 'history')
        .flatMap(shown);
    };
    const visit = (node: AnyStateNode): void => {
      for (const [eventType, transitions] of node.transitions) {
        if (!transitions.some((t) => (t.target?.length ?? 0) > 0 || t.actions.length > 0)) continue;
        byType!.set(eventType, [...(byType!.get(eventType) ?? []), ...shown(node)]);
      }
      for (const child of Object.values(node.states)) visit(child);
    };
    visit(workflow.machine.root);
    accepting.set(workflow, byType);
  }
  return byType.get(type) ?? [];
}
