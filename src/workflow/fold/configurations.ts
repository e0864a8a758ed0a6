import type { AnyStateMachine, AnyStateNode, StateValue } from 'xstate';

/** A snapshot's history: history node id to the state nodes it remembers (XState's `historyValue`). */
export type HistoryValue = Readonly<Record<string, readonly AnyStateNode[]>>;

/**
 * One set of active state nodes of a machine, interned: every snapshot the compiled fold builds for it shares its
 * node list, state value and tags. `nodes` keeps XState's order (it decides the order of remembered history).
 */
export type Configuration = {
  readonly id: number;
  readonly nodes: readonly AnyStateNode[];
  readonly value: StateValue;
  readonly tags: Set<string>;
  /** Leaf to root when exactly one atomic node is active (no parallel region): transitions are looked up along it. */
  readonly chain: readonly AnyStateNode[] | null;
};

/** An interned history value, with a small id so that transition effects can be memoised by it. */
export type InternedHistory = { readonly id: number; readonly value: HistoryValue };

/** Interns the configurations and history values of one machine. */
export type Configurations = {
  /** Returns the configuration of a snapshot's `_nodes` (interned by node ids, in order). */
  of(nodes: readonly AnyStateNode[]): Configuration;
  /** Returns the interned form of a history value (by identity first, then by its content). */
  history(value: HistoryValue): InternedHistory;
};

/** Returns an empty interning table for a machine's configurations and history values. */
export function createConfigurations(machine: AnyStateMachine): Configurations {
  const byKey = new Map<string, Configuration>();
  const byNodes = new WeakMap<readonly AnyStateNode[], Configuration>();
  const historyByKey = new Map<string, InternedHistory>();
  const historyByValue = new WeakMap<HistoryValue, InternedHistory>();
  // A fold mostly steps from the snapshot it built last, which shares its node list: one comparison, no WeakMap.
  let lastNodes: readonly AnyStateNode[] | null = null;
  let lastConfig: Configuration | undefined;
  // Likewise its history value: a step that changes history takes it from a memoised effect, the same object each time.
  let lastHistoryValue: HistoryValue | null = null;
  let lastHistory: InternedHistory | undefined;
  return {
    of(nodes) {
      // Stryker disable next-line ConditionalExpression: equivalent when false; a cache, looked up again it is the same
      if (nodes === lastNodes) return lastConfig!;
      let config = byNodes.get(nodes);
      // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent; else found again by its key
      if (config !== undefined) {
        lastNodes = nodes;
        lastConfig = config;
        return config;
      }
      const key = JSON.stringify(nodes.map((node) => node.id));
      config = byKey.get(key);
      if (config === undefined) {
        config = {
          id: byKey.size,
          nodes,
          value: stateValueOf(machine.root, nodes),
          tags: new Set(nodes.flatMap((node) => node.tags)),
          chain: chainOf(nodes),
        };
        byKey.set(key, config);
      }
      byNodes.set(nodes, config);
      lastNodes = nodes;
      lastConfig = config;
      return config;
    },
    history(value) {
      // Stryker disable next-line ConditionalExpression: equivalent when false; a cache, looked up again it is the same
      if (value === lastHistoryValue) return lastHistory!;
      let interned = historyByValue.get(value);
      // Stryker disable next-line ConditionalExpression: equivalent when true; a cache, else found again by its key
      if (interned === undefined) {
        const key = JSON.stringify(Object.entries(value).map(([id, remembered]) => [id, remembered.map((n) => n.id)]));
        interned = historyByKey.get(key);
        if (interned === undefined) {
          interned = { id: historyByKey.size, value };
          historyByKey.set(key, interned);
        }
        historyByValue.set(value, interned);
      }
      lastHistoryValue = value;
      lastHistory = interned;
      return interned;
    },
  };
}

/**
 * Returns the active nodes from the atomic one to the root, or null when a parallel state is active (a step then
 * selects transitions region by region, as XState does). Without a parallel state exactly one active node is not
 * compound: the atomic (or final) one.
 */
function chainOf(nodes: readonly AnyStateNode[]): AnyStateNode[] | null {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent if always true; regions give the same
  if (nodes.some((node) => node.type === 'parallel')) return null;
  const chain: AnyStateNode[] = [];
  for (let node = nodes.find((n) => n.type !== 'compound'); node; node = node.parent) chain.push(node);
  return chain;
}

/** Returns the state value of a complete set of active nodes, as XState's `getStateValue` computes it. */
function stateValueOf(root: AnyStateNode, nodes: readonly AnyStateNode[]): StateValue {
  const valueOf = (base: AnyStateNode): StateValue => {
    const below = nodes.filter((node) => node.parent === base);
    // A compound state of a complete configuration has exactly one active child.
    if (base.type === 'compound' && (below[0]!.type === 'atomic' || below[0]!.type === 'final')) return below[0]!.key;
    const value: Record<string, StateValue> = {};
    for (const child of below) value[child.key] = valueOf(child);
    return value;
  };
  return valueOf(root);
}
