import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { guardNames, guardText } from '../workflow/guardParts.ts';
import { activeStateNodes } from '../workflow/statePath.ts';

/** One state of a chart: what every exporter draws. */
export type ChartState = {
  /** XState's state node id, e.g. `programme.running.feasibility.active`; the root's is the machine id. */
  readonly id: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** For history states: `shallow` or `deep`. */
  readonly history?: 'shallow' | 'deep';
  /** The id of the initial child of a compound state. */
  readonly initial?: string;
  readonly children: readonly ChartState[];
  readonly parent?: string;
};

/** One transition of a chart. `targets` is empty for a targetless (internal) transition. */
export type ChartTransition = {
  readonly source: string;
  readonly event: string;
  readonly targets: readonly string[];
  /** The guard as text, named guards kept: `and(decisionIs(go), knownOrgs)`; null when unguarded. */
  readonly guard: string | null;
  /** The named guards the guard is made of, in order (`and`, `or`, `not` flattened). */
  readonly guards: readonly string[];
  readonly actions: readonly string[];
};

/** A machine's structure, walked once from `machine.root`: the input of every statechart exporter. */
export type Statechart = {
  readonly id: string;
  readonly root: ChartState;
  readonly states: ReadonlyMap<string, ChartState>;
  /** Every transition, in document order (state by state, then event by event, then candidate by candidate). */
  readonly transitions: readonly ChartTransition[];
  /** The named guards every guarded transition shares (the workflow's base rules); short labels leave them out. */
  readonly commonGuards: readonly string[];
};

const charts = new WeakMap<AnyStateMachine, Statechart>();

/** Returns the structure of a machine: states, transitions and guard labels. Pure; computed once per machine. */
export function toStatechart(machine: AnyStateMachine): Statechart {
  const cached = charts.get(machine);
  if (cached) return cached;
  const states = new Map<string, ChartState>();
  const transitions: ChartTransition[] = [];
  const visit = (node: AnyStateNode, parent?: string): ChartState => {
    const children = Object.values(node.states).map((child) => visit(child as AnyStateNode, node.id));
    const state: ChartState = {
      id: node.id,
      key: node.key,
      type: node.type,
      ...(node.type === 'history' ? { history: node.history === 'deep' ? 'deep' : 'shallow' } : {}),
      ...(node.type === 'compound' && node.initial?.target?.[0] ? { initial: node.initial.target[0].id } : {}),
      children,
      ...(parent === undefined ? {} : { parent }),
    };
    states.set(node.id, state);
    return state;
  };
  const root = visit(machine.root);
  const collect = (node: AnyStateNode): void => {
    for (const [event, candidates] of node.transitions) {
      for (const t of candidates) {
        transitions.push({
          source: node.id,
          event,
          targets: (t.target ?? []).map((target: AnyStateNode) => target.id),
          guard: t.guard === undefined ? null : guardText(t.guard),
          guards: guardNames(t.guard),
          actions: (t.actions ?? []).map(actionName),
        });
      }
    }
    for (const child of Object.values(node.states)) collect(child as AnyStateNode);
  };
  collect(machine.root);
  const guarded = transitions.filter((t) => t.guards.length > 0);
  const commonGuards =
    guarded.length < 2 ? [] : guarded[0]!.guards.filter((g) => guarded.every((t) => t.guards.includes(g)));
  const chart = { id: machine.id, root, states, transitions, commonGuards };
  charts.set(machine, chart);
  return chart;
}

/** Returns the ids of the states a snapshot is in (its whole configuration, compound states included), root first. */
export function activeStateIds(snapshot: AnyMachineSnapshot): string[] {
  return activeStateNodes(snapshot).map((node) => node.id);
}

/**
 * Returns the label of a transition: `EVENT [guard]` with the full guard, or (short) the event with only the guards
 * that tell its candidates apart, those with parameters (`GateDecisionRecorded [decisionIs(go)]`). A short label never
 * hides guards behind a count: the full guard goes in a tooltip or note ({@link guardNote}).
 */
export function transitionLabel(chart: Statechart, t: ChartTransition, style: 'full' | 'short' = 'full'): string {
  if (t.guard === null) return t.event;
  if (style === 'full') return `${t.event} [${t.guard}]`;
  const telling = t.guards.filter((g) => g.includes('(') && !chart.commonGuards.includes(g));
  return telling.length === 0 ? t.event : `${t.event} [${telling.join(', ')}]`;
}

/** Returns the guards of a transition a short label leaves out, as one line (`uniqueVisit, bilateral`); '' when none. */
export function guardNote(chart: Statechart, t: ChartTransition): string {
  return t.guards.filter((g) => !g.includes('(') && !chart.commonGuards.includes(g)).join(', ');
}

/**
 * Returns the ids of the terminal states: states (not history) from which no transition with a target leaves, from
 * the state itself or any ancestor. A final state is terminal; so is a state that only records facts (`closed`).
 */
export function terminalStateIds(chart: Statechart): Set<string> {
  const leaving = new Set(chart.transitions.filter((t) => t.targets.length > 0).map((t) => t.source));
  const terminal = new Set<string>();
  for (const state of chart.states.values()) {
    if (state.type === 'history' || state.parent === undefined) continue;
    if (state.type === 'final') {
      terminal.add(state.id);
      continue;
    }
    if (state.children.length > 0) continue;
    let leaves = false;
    for (let s: ChartState | undefined = state; s?.parent !== undefined; s = chart.states.get(s.parent)) {
      if (leaving.has(s.id)) leaves = true;
    }
    if (!leaves) terminal.add(state.id);
  }
  return terminal;
}

/** Returns the ids of the atomic states (leaves) a snapshot is in: what a chart highlights, not their ancestors. */
export function activeLeafIds(chart: Statechart, snapshot: AnyMachineSnapshot): string[] {
  return activeStateIds(snapshot).filter((id) => (chart.states.get(id)?.children.length ?? 0) === 0);
}

function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') {
    const fn = action as { type?: string; name?: string };
    return fn.type ?? (fn.name || '(inline)');
  }
  if (action && typeof action === 'object' && 'type' in action) return String(action.type);
  return '(inline)';
}
