import type { StateValue } from 'xstate';

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

function join(prefix: string, key: string, hidden: readonly string[]): string {
  if (hidden.includes(key)) return prefix;
  return prefix === '' ? key : `${prefix}.${key}`;
}
