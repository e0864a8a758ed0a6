import { getNextTransitions, type AnyMachineSnapshot, type AnyStateNode } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { UsageError } from '../errors.ts';
import type { GateReport, Workflow } from './defineWorkflow.ts';
import { activeStateNodes, stateLabel } from './statePath.ts';

/** What may happen next in a snapshot. */
export type NextReport = {
  /** The current state, as `state --json` shows it. */
  readonly state: string | readonly string[];
  /** Event types with a transition from the current configuration (guards not evaluated), in document order. */
  readonly eventTypes: readonly string[];
  /** The gates still ahead and what each is missing (empty when the workflow has no gate reporter). */
  readonly gates: readonly GateReport[];
};

/**
 * Returns the event types the workflow has a transition for in `snapshot` and, through the workflow's gate reporter,
 * what each gate ahead still misses. Pure. Whether a guarded transition passes depends on the event's payload, so an
 * event type listed here may still be refused; `decide` explains why.
 */
export function whatNext(workflow: Workflow, snapshot: AnyMachineSnapshot): NextReport {
  const eventTypes: string[] = [];
  if (snapshot.status === 'active') {
    for (const t of getNextTransitions(snapshot)) {
      if (t.eventType === '' || t.eventType.startsWith('xstate.') || t.eventType === '*') continue;
      if (!eventTypes.includes(t.eventType)) eventTypes.push(t.eventType);
    }
  }
  return {
    state: stateLabel(snapshot.value, workflow.hiddenStates),
    eventTypes,
    gates: workflow.gates ? workflow.gates(snapshot) : [],
  };
}

/** One step of a path: the event sent and the state after it. */
export type PathStep = { readonly event: { readonly type: string } & Record<string, unknown>; readonly state: string | readonly string[] };

/** The outcome of {@link shortestPathTo}. */
export type PathReport = {
  /** The target as given, and the state id it names. */
  readonly target: string;
  readonly targetId: string;
  /** Null when no sequence of the workflow's sample events reaches the target. */
  readonly steps: readonly PathStep[] | null;
  /** How many states (by key) the search visited. */
  readonly explored: number;
};

/** Options of {@link shortestPathTo}. */
export type PathOptions = {
  /** The most states the search may visit before it gives up with a {@link UsageError}. @defaultValue 50_000 */
  readonly limit?: number;
};

/**
 * Returns the shortest sequence of events from `snapshot` to a state (`development.gate`, `closed`, or a state id),
 * searched with `xstate/graph` over the workflow's sample events, states told apart by the workflow's state key.
 * Pure. Throws a {@link UsageError} for an unknown target or a workflow without sample events.
 */
export function shortestPathTo(
  workflow: Workflow,
  snapshot: AnyMachineSnapshot,
  target: string,
  options: PathOptions = {},
): PathReport {
  const node = resolveState(workflow, target);
  const sampleEvents = workflow.sampleEvents;
  if (sampleEvents === undefined) {
    throw new UsageError(`${workflow.ref} offers no sample events, so phasegate cannot search for a path to ${target}`);
  }
  const reaches = (s: AnyMachineSnapshot) => isIn(s, node.id);
  const key = workflow.stateKey ?? ((s: AnyMachineSnapshot) => JSON.stringify({ value: s.value, context: s.context }));
  const seen = new Set<string>();
  const serializeState = (s: AnyMachineSnapshot) => {
    const k = key(s);
    seen.add(k);
    return k;
  };
  let paths;
  try {
    paths = getShortestPaths(workflow.machine, {
      fromState: snapshot,
      events: (s: AnyMachineSnapshot) => (s.status === 'active' ? sampleEvents(s) : []),
      serializeState,
      toState: reaches,
      limit: options.limit ?? 50_000,
    });
  } catch (error) {
    if (error instanceof Error && /limit exceeded/i.test(error.message)) {
      throw new UsageError(`The search for a path to ${target} gave up after ${options.limit ?? 50_000} states; try a nearer target`, { cause: error });
    }
    throw error;
  }
  const best = paths.sort((a, b) => a.steps.length - b.steps.length)[0];
  return {
    target,
    targetId: node.id,
    explored: seen.size,
    steps: best === undefined
      ? null
      : best.steps.slice(1).map((step) => ({
          event: step.event as PathStep['event'],
          state: stateLabel((step.state as AnyMachineSnapshot).value, workflow.hiddenStates),
        })),
  };
}

/** True when the snapshot's configuration includes the state with this id. */
export function isIn(snapshot: AnyMachineSnapshot, stateId: string): boolean {
  return activeStateNodes(snapshot).some((n) => n.id === stateId);
}

/**
 * Returns the state node a name stands for: a dotted path without hidden wrappers (`development.gate`, `closed`), the
 * same with them, or an XState id. Throws a {@link UsageError} listing the states when none matches.
 */
export function resolveState(workflow: Workflow, name: string): AnyStateNode {
  const all: AnyStateNode[] = [];
  const visit = (node: AnyStateNode): void => {
    all.push(node);
    for (const child of Object.values(node.states)) visit(child as AnyStateNode);
  };
  visit(workflow.machine.root);
  const shown = (node: AnyStateNode) => node.path.filter((k: string) => !workflow.hiddenStates.includes(k)).join('.');
  const found =
    all.find((n) => n.type !== 'history' && n.path.length > 0 && shown(n) === name) ??
    all.find((n) => n.path.join('.') === name) ??
    all.find((n) => n.id === name || `#${n.id}` === name);
  if (found === undefined) {
    const names = all.filter((n) => n.path.length > 0 && n.type !== 'history').map(shown).filter((n) => n !== '');
    throw new UsageError(`${workflow.ref} has no state "${name}"; its states are ${[...new Set(names)].join(', ')}`);
  }
  return found;
}
