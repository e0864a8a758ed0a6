import { getStateNodes, type AnyMachineSnapshot, type AnyStateNode, type StateValue } from 'xstate';

/**
 * Returns the active leaf states of a state value as dotted paths, one per parallel region, leaving out the
 * `hidden` wrapper keys. `{ running: { development: 'active' } }` with `running` hidden gives `['development.active']`.
 */
export function leafPaths(value: StateValue, hidden: readonly string[] = []): string[] {
  const out: string[] = [];
  const visit = (node: StateValue, prefix: string): void => {
    if (typeof node === 'string') {
      out.push(join(prefix, node, hidden));
      return;
    }
    const keys = Object.keys(node);
    if (keys.length === 0) {
      out.push(prefix);
      return;
    }
    for (const key of keys) visit(node[key] as StateValue, join(prefix, key, hidden));
  };
  visit(value, '');
  return out;
}

/** Returns the state as the CLI and API show it: one dotted path, or an array of them where regions run in parallel. */
export function stateLabel(value: StateValue, hidden: readonly string[] = []): string | string[] {
  const paths = leafPaths(value, hidden);
  return paths.length === 1 ? paths[0]! : paths;
}

/**
 * Returns the text of a state label: the path itself, or the parallel regions' paths joined with ` + `
 * (`development.active + finance.open`). The one way a state is written for people: CLI, page, dossier, refusals.
 */
export function stateText(label: string | readonly string[]): string {
  return typeof label === 'string' ? label : label.join(' + ');
}

/**
 * Returns the state nodes a snapshot is in (its whole configuration: the root, compound states and leaves), through
 * xstate's public `getStateNodes`.
 */
export function activeStateNodes(snapshot: AnyMachineSnapshot): AnyStateNode[] {
  const nodes = new Set(getStateNodes(snapshot.machine.root, snapshot.value));
  return [...nodes].sort((a, b) => a.order - b.order);
}

function join(prefix: string, key: string, hidden: readonly string[]): string {
  if (hidden.includes(key)) return prefix;
  return prefix === '' ? key : `${prefix}.${key}`;
}
