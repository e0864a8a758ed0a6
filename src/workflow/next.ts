import { getNextTransitions, type AnyMachineSnapshot, type AnyStateNode } from 'xstate';
import { z } from 'zod';
import { InvalidInputError, UsageError } from '../errors.ts';
import { decide } from './decide.ts';
import type { GateReport, Workflow } from './defineWorkflow.ts';
import { activeStateNodes, stateLabel } from './statePath.ts';
import { xstateGraph } from '../platform/xstateGraph.ts';

/** Who asks what may be recorded: an organisation and the roles it holds. */
export type NextActor = { readonly id: string; readonly roles: readonly string[] };

/** An event type that may be recorded now: who records it, and whether the guards were tried on an example. */
export type NextEvent = {
  readonly type: string;
  /** The roles that record it (the role policy's), or, asked `as` someone, the ones that organisation holds. */
  readonly roles: readonly string[];
  /** True when an example of it was accepted; false when the workflow had no example to try the guards on. */
  readonly checked: boolean;
  /** The payload fields it must carry. */
  readonly requiredData: readonly string[];
};

/** An event type the statechart has a transition for, that would be refused now, and why. */
export type NotNowEvent = {
  readonly type: string;
  readonly roles: readonly string[];
  readonly reasons: readonly string[];
};

/** What may happen next in a snapshot. */
export type NextReport = {
  /** The current state, as `state --json` shows it. */
  readonly state: string | readonly string[];
  /** The event types that may be recorded now (those of `events`), in document order. */
  readonly eventTypes: readonly string[];
  /** What may be recorded now, by whom. */
  readonly events: readonly NextEvent[];
  /** What the statechart would take but the roles or the guards refuse now, with the reasons. */
  readonly notNow: readonly NotNowEvent[];
  /** The gates still ahead, their dates and what each is missing (empty when the workflow has no gate reporter). */
  readonly gates: readonly GateReport[];
  /** Who asked, when `as` was given. */
  readonly as?: NextActor;
};

/**
 * Returns what may be recorded in `snapshot`: each event type with a transition from the current configuration is
 * tried, through the role policy and the guards, on the workflow's probe (or sample) events of that type, acting as
 * `options.as` when given (each role it holds that records the type); it is listed when one is accepted, and otherwise
 * under `notNow` with the reasons. A type the workflow offers no example of is listed with `checked: false`. Also
 * returns, through the workflow's gate reporter, each gate ahead with its date and what it still misses. Pure.
 */
export function whatNext(
  workflow: Workflow,
  snapshot: AnyMachineSnapshot,
  options: { readonly as?: NextActor } = {},
): NextReport {
  const types: string[] = [];
  if (snapshot.status === 'active') {
    for (const t of getNextTransitions(snapshot)) {
      if (t.eventType === '' || t.eventType.startsWith('xstate.') || t.eventType === '*') continue;
      if (!types.includes(t.eventType)) types.push(t.eventType);
    }
  }
  const examples = (workflow.probeEvents ?? workflow.sampleEvents)?.(snapshot) ?? [];
  const events: NextEvent[] = [];
  const notNow: NotNowEvent[] = [];
  for (const type of types) {
    const recordedBy = workflow.policy.rules[type]?.roles ?? [];
    const roles = options.as ? recordedBy.filter((r) => options.as!.roles.includes(r)) : recordedBy;
    const requiredData = requiredFields(workflow, type);
    if (recordedBy.length === 0) {
      notNow.push({ type, roles: [], reasons: [`no role may record ${type}`] });
      continue;
    }
    if (options.as && roles.length === 0) {
      const held = options.as.roles.length === 0 ? 'holds no role here' : `holds ${options.as.roles.join(', ')}`;
      notNow.push({
        type,
        roles: recordedBy,
        reasons: [`${type} is recorded by ${recordedBy.join(' or ')}; ${options.as.id} ${held}`],
      });
      continue;
    }
    const tries = examples.filter((e) => e.type === type);
    if (tries.length === 0) {
      events.push({ type, roles, checked: false, requiredData });
      continue;
    }
    const reasons: string[] = [];
    let accepted = false;
    for (const example of tries) {
      const actors = options.as ? roles.map((role) => ({ id: options.as!.id, role })) : [example.actor];
      for (const actor of actors) {
        const decision = decide(workflow, snapshot, { ...example, actor });
        if (decision.outcome === 'accepted') accepted = true;
        else for (const r of decision.refusal.reasons) if (!reasons.includes(r.reason)) reasons.push(r.reason);
      }
      if (accepted) break;
    }
    if (accepted) events.push({ type, roles, checked: true, requiredData });
    else notNow.push({ type, roles, reasons });
  }
  return {
    state: stateLabel(snapshot.value, workflow.hiddenStates),
    eventTypes: events.map((e) => e.type),
    events,
    notNow,
    gates: workflow.gates ? workflow.gates(snapshot) : [],
    ...(options.as ? { as: options.as } : {}),
  };
}

/** Returns the payload fields an event type must carry (its catalogue schema's required keys), in schema order. */
export function requiredFields(workflow: Workflow, type: string): string[] {
  const schema = workflow.catalogue[type]?.schema;
  // zod 4's instanceof checks the schema's traits, so it holds for a schema built with another copy of zod too.
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape)
    .filter(([, field]) => !z.safeParse(field, undefined).success)
    .map(([key]) => key);
}

/** One step of a path: the event sent and the state after it. */
export type PathStep = {
  readonly event: { readonly type: string } & Record<string, unknown>;
  readonly state: string | readonly string[];
};

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
    paths = xstateGraph().getShortestPaths(workflow.machine, {
      fromState: snapshot,
      events: (s: AnyMachineSnapshot) => (s.status === 'active' ? sampleEvents(s) : []),
      serializeState,
      toState: reaches,
      limit: options.limit ?? 50_000,
    });
  } catch (error) {
    if (error instanceof Error && /limit exceeded/i.test(error.message)) {
      throw new UsageError(
        `The search for a path to ${target} gave up after ${options.limit ?? 50_000} states; try a nearer target`,
        { cause: error },
      );
    }
    throw error;
  }
  const best = paths.sort((a, b) => a.steps.length - b.steps.length)[0];
  return {
    target,
    targetId: node.id,
    explored: seen.size,
    steps:
      best === undefined
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
 * same with them, or an XState id. Throws an {@link InvalidInputError} (exit code 2) listing the states when none
 * matches.
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
    const names = all
      .filter((n) => n.path.length > 0 && n.type !== 'history')
      .map(shown)
      .filter((n) => n !== '');
    throw new InvalidInputError(
      `${workflow.ref} has no state "${name}"; its states are ${[...new Set(names)].join(', ')}`,
    );
  }
  return found;
}
