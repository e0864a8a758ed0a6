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

const separator = '\u0000';

/** Returns an empty interning table for a machine's configurations and history values. */
export function createConfigurations(machine: AnyStateMachine): Configurations {
  const byKey = new Map<string, Configuration>();
  const byNodes = new WeakMap<readonly AnyStateNode[], Configuration>();
  const historyByKey = new Map<string, InternedHistory>();
  const historyByValue = new WeakMap<HistoryValue, InternedHistory>();
  // A fold mostly steps from the snapshot it built last, which shares its node list: one comparison, no WeakMap.
  let lastNodes: readonly AnyStateNode[] | null = null;
  let lastConfig: Configuration | undefined;
  return {
    of(nodes) {
      // Stryker disable next-line ConditionalExpression: equivalent when false; a cache, looked up again it is the same
      if (nodes === lastNodes) return lastConfig!;
      let config = byNodes.get(nodes);
      // Stryker disable next-line BlockStatement: equivalent; without it the configuration is found again by its key
      if (config !== undefined) {
        lastNodes = nodes;
        lastConfig = config;
        return config;
      }
      const key = nodes.map((node) => node.id).join(separator);
      config = byKey.get(key);
      if (config === undefined) {
        const atomic = nodes.filter((node) => node.type === 'atomic' || node.type === 'final');
        const chain: AnyStateNode[] | null =
          atomic.length === 1 && !nodes.some((n) => n.type === 'parallel') ? [] : null;
        for (let node: AnyStateNode | undefined = chain ? atomic[0] : undefined; node; node = node.parent)
          chain!.push(node);
        config = {
          id: byKey.size + 1,
          nodes,
          value: stateValueOf(machine.root, nodes),
          tags: new Set(nodes.flatMap((node) => node.tags)),
          chain,
        };
        byKey.set(key, config);
      }
      byNodes.set(nodes, config);
      lastNodes = nodes;
      lastConfig = config;
      return config;
    },
    history(value) {
      let interned = historyByValue.get(value);
      if (interned !== undefined) return interned;
      const key = Object.entries(value)
        .map(
          ([id, remembered]) =>
            `${id}${separator}${Array.isArray(remembered) ? remembered.map((n) => n.id).join(',') : '?'}`,
        )
        .join(separator + separator);
      interned = historyByKey.get(key);
      if (interned === undefined) {
        interned = { id: historyByKey.size + 1, value };
        historyByKey.set(key, interned);
      }
      historyByValue.set(value, interned);
      return interned;
    },
  };
}

/** Returns the state value of a complete set of active nodes, as XState's `getStateValue` computes it. */
function stateValueOf(root: AnyStateNode, nodes: readonly AnyStateNode[]): StateValue {
  const children = new Map<AnyStateNode, AnyStateNode[]>();
  for (const node of nodes) {
    if (!children.has(node)) children.set(node, []);
    if (node.parent) {
      if (!children.has(node.parent)) children.set(node.parent, []);
      children.get(node.parent)!.push(node);
    }
  }
  const valueOf = (base: AnyStateNode): StateValue => {
    const below = children.get(base);
    if (!below) return {};
    if (base.type === 'compound') {
      const child = below[0];
      if (!child) return {};
      if (child.type === 'atomic' || child.type === 'final') return child.key;
    }
    const value: Record<string, StateValue> = {};
    for (const child of below) value[child.key] = valueOf(child);
    return value;
  };
  return valueOf(root);
}
