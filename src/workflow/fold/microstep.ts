// The structural half of an XState v5 microstep (which states are exited and entered, what history remembers, which
// actions run in which order), ported from xstate 5's SCXML algorithm so that it can be computed once per
// (configuration, transitions, history) and memoised. The context half (running the actions) is in compiledMachine.ts.
// The differential test (tests/workflow/compiledFold.property.test.ts) holds it to xstate's own results.
import type { AnyStateNode } from 'xstate';
import type { HistoryValue } from './configurations.ts';

/** A transition definition as XState keeps it on a state node. */
export type TransitionDef = {
  readonly source: AnyStateNode;
  readonly target?: readonly AnyStateNode[] | undefined;
  readonly reenter: boolean;
  readonly actions: readonly unknown[];
  readonly guard?: unknown;
  readonly eventType: string;
};

/** What taking some transitions in a configuration does, apart from the context. */
export type Structure = {
  /** The actions to run, in XState's order: exit actions, transition actions, entry (and initial) actions. */
  readonly actions: readonly unknown[];
  /** The active nodes afterwards, in XState's order. */
  readonly nodes: readonly AnyStateNode[];
  readonly history: HistoryValue;
  /** False when neither the active nodes nor the history changed (XState then keeps the snapshot's structure). */
  readonly changed: boolean;
  /** A top-level final state was entered: the snapshot is `done`. */
  readonly done: boolean;
};

/** Returns the structural effect of taking `transitions` from the active `nodes` with `history`. Pure. */
export function structureOf(
  transitions: readonly TransitionDef[],
  nodes: readonly AnyStateNode[],
  history: HistoryValue,
): Structure {
  const active = new Set(nodes);
  const filtered = removeConflictingTransitions(transitions, active, history);
  const actions: unknown[] = [];
  const exiting = computeExitSet(filtered, active, history).sort((a, b) => b.order - a.order);
  let changedHistory: Record<string, AnyStateNode[]> | undefined;
  for (const exited of exiting) {
    for (const historyNode of Object.values(exited.states).filter(isHistory)) {
      const remembered =
        historyNode.history === 'deep'
          ? (sn: AnyStateNode) => isAtomic(sn) && isDescendant(sn, exited)
          : (sn: AnyStateNode) => sn.parent === exited;
      changedHistory ??= { ...(history as Record<string, AnyStateNode[]>) };
      changedHistory[historyNode.id] = Array.from(active).filter(remembered);
    }
  }
  for (const exited of exiting) {
    actions.push(...exited.exit);
    active.delete(exited);
  }
  const nextHistory: HistoryValue = changedHistory ?? history;
  for (const t of filtered) actions.push(...t.actions);
  const entering = new Set<AnyStateNode>();
  const defaultEntry = new Set<AnyStateNode>();
  computeEntrySet(filtered, nextHistory, defaultEntry, entering);
  let done = false;
  for (const entered of [...entering].sort((a, b) => a.order - b.order)) {
    active.add(entered);
    actions.push(...entered.entry);
    if (defaultEntry.has(entered)) actions.push(...entered.initial.actions);
    // Only finals directly under a compound root are compiled (compileMachine.ts): they end the machine.
    if (entered.type === 'final') done = true;
  }
  const nextNodes = [...active];
  if (done) actions.push(...nextNodes.sort((a, b) => b.order - a.order).flatMap((node) => node.exit));
  const changed = nextHistory !== history || !sameNodes(nodes, active);
  return { actions, nodes: nextNodes, history: nextHistory, changed, done };
}

function isHistory(node: AnyStateNode): boolean {
  return node.type === 'history';
}

function isAtomic(node: AnyStateNode): boolean {
  return node.type === 'atomic' || node.type === 'final';
}

function childrenOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states).filter((child) => child.type !== 'history');
}

function properAncestors(node: AnyStateNode, to: AnyStateNode | undefined): AnyStateNode[] {
  const ancestors: AnyStateNode[] = [];
  if (to === node) return ancestors;
  for (let m = node.parent; m && m !== to; m = m.parent) ancestors.push(m);
  return ancestors;
}

function isDescendant(child: AnyStateNode, parent: AnyStateNode | undefined): boolean {
  let marker = child;
  while (marker.parent && marker.parent !== parent) marker = marker.parent;
  return marker.parent === parent;
}

function sameNodes(previous: readonly AnyStateNode[], next: ReadonlySet<AnyStateNode>): boolean {
  if (previous.length !== next.size) return false;
  for (const node of previous) if (!next.has(node)) return false;
  return true;
}

function intersects(a: readonly AnyStateNode[], b: readonly AnyStateNode[]): boolean {
  const set = new Set(b);
  return a.some((node) => set.has(node));
}

function removeConflictingTransitions(
  enabled: readonly TransitionDef[],
  active: ReadonlySet<AnyStateNode>,
  history: HistoryValue,
): TransitionDef[] {
  if (enabled.length <= 1) return [...enabled];
  const filtered = new Set<TransitionDef>();
  for (const t1 of enabled) {
    let preempted = false;
    const toRemove = new Set<TransitionDef>();
    for (const t2 of filtered) {
      if (intersects(computeExitSet([t1], active, history), computeExitSet([t2], active, history))) {
        if (isDescendant(t1.source, t2.source)) toRemove.add(t2);
        else {
          preempted = true;
          break;
        }
      }
    }
    if (!preempted) {
      for (const t3 of toRemove) filtered.delete(t3);
      filtered.add(t1);
    }
  }
  return [...filtered];
}

function historyDefault(node: AnyStateNode): { readonly target: readonly AnyStateNode[] } {
  const target = (node.config as { target?: unknown }).target;
  if (target === undefined) {
    return node.parent!.type === 'parallel' ? { target: [node.parent!] } : node.parent!.initial;
  }
  // compileMachine.ts only compiles history nodes without an explicit default target.
  throw new Error(`history node ${node.id} has an explicit target, which the compiled fold does not handle`);
}

function effectiveTargets(
  t: { readonly target?: readonly AnyStateNode[] | undefined },
  history: HistoryValue,
): AnyStateNode[] {
  if (!t.target) return [];
  const targets = new Set<AnyStateNode>();
  for (const target of t.target) {
    if (isHistory(target)) {
      const remembered = history[target.id];
      for (const node of remembered ?? effectiveTargets(historyDefault(target), history)) targets.add(node);
    } else targets.add(target);
  }
  return [...targets];
}

function leastCommonAncestor(nodes: readonly AnyStateNode[]): AnyStateNode | undefined {
  const [head, ...tail] = nodes;
  for (const ancestor of properAncestors(head!, undefined)) {
    if (tail.every((node) => isDescendant(node, ancestor))) return ancestor;
  }
  return undefined;
}

function transitionDomain(t: TransitionDef, history: HistoryValue): AnyStateNode | undefined {
  const targets = effectiveTargets(t, history);
  if (!t.reenter && targets.every((target) => target === t.source || isDescendant(target, t.source))) return t.source;
  const lca = leastCommonAncestor(targets.concat(t.source));
  if (lca) return lca;
  if (t.reenter) return undefined;
  return t.source.machine.root;
}

function computeExitSet(
  transitions: readonly TransitionDef[],
  active: ReadonlySet<AnyStateNode>,
  history: HistoryValue,
): AnyStateNode[] {
  const exiting = new Set<AnyStateNode>();
  for (const t of transitions) {
    if (!t.target?.length) continue;
    const domain = transitionDomain(t, history);
    if (t.reenter && t.source === domain) exiting.add(domain);
    for (const node of active) if (isDescendant(node, domain)) exiting.add(node);
  }
  return [...exiting];
}

function computeEntrySet(
  transitions: readonly TransitionDef[],
  history: HistoryValue,
  defaultEntry: Set<AnyStateNode>,
  entering: Set<AnyStateNode>,
): void {
  for (const t of transitions) {
    const domain = transitionDomain(t, history);
    for (const s of t.target ?? []) {
      if (!isHistory(s) && (t.source !== s || t.source !== domain || t.reenter)) {
        entering.add(s);
        defaultEntry.add(s);
      }
      addDescendants(s, history, defaultEntry, entering);
    }
    for (const s of effectiveTargets(t, history)) {
      const ancestors = properAncestors(s, domain);
      if (domain?.type === 'parallel') ancestors.push(domain);
      addAncestors(entering, history, defaultEntry, ancestors, !t.source.parent && t.reenter ? undefined : domain);
    }
  }
}

function addDescendants(
  node: AnyStateNode,
  history: HistoryValue,
  defaultEntry: Set<AnyStateNode>,
  entering: Set<AnyStateNode>,
): void {
  if (isHistory(node)) {
    const remembered = history[node.id];
    if (remembered) {
      for (const s of remembered) {
        entering.add(s);
        addDescendants(s, history, defaultEntry, entering);
      }
      for (const s of remembered) addAncestors(entering, history, defaultEntry, properAncestors(s, node.parent));
    } else {
      const fallback = historyDefault(node);
      for (const s of fallback.target) {
        entering.add(s);
        if (fallback === node.parent?.initial) defaultEntry.add(node.parent);
        addDescendants(s, history, defaultEntry, entering);
      }
      for (const s of fallback.target) addAncestors(entering, history, defaultEntry, properAncestors(s, node.parent));
    }
  } else if (node.type === 'compound') {
    const [initial] = node.initial.target as AnyStateNode[];
    if (!isHistory(initial!)) {
      entering.add(initial!);
      defaultEntry.add(initial!);
    }
    addDescendants(initial!, history, defaultEntry, entering);
    addAncestors(entering, history, defaultEntry, properAncestors(initial!, node));
  } else if (node.type === 'parallel') {
    for (const child of childrenOf(node)) {
      if (![...entering].some((s) => isDescendant(s, child))) {
        entering.add(child);
        defaultEntry.add(child);
        addDescendants(child, history, defaultEntry, entering);
      }
    }
  }
}

function addAncestors(
  entering: Set<AnyStateNode>,
  history: HistoryValue,
  defaultEntry: Set<AnyStateNode>,
  ancestors: readonly AnyStateNode[],
  reentrancyDomain?: AnyStateNode,
): void {
  for (const ancestor of ancestors) {
    if (!reentrancyDomain || isDescendant(ancestor, reentrancyDomain)) entering.add(ancestor);
    if (ancestor.type === 'parallel') {
      for (const child of childrenOf(ancestor)) {
        if (![...entering].some((s) => isDescendant(s, child))) {
          entering.add(child);
          addDescendants(child, history, defaultEntry, entering);
        }
      }
    }
  }
}
