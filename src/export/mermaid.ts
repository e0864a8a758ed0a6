import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { activeStateIds, toStatechart, transitionLabel, type ChartState, type Statechart } from './statechart.ts';

/** Options of {@link toMermaid}. */
export type MermaidOptions = {
  /** Light the states this snapshot is in, with the class `lit`. */
  readonly snapshot?: AnyMachineSnapshot;
  /** Guard labels: `full` keeps every named guard. @defaultValue 'full' */
  readonly guards?: 'full' | 'short';
};

/**
 * Returns the machine as a Mermaid `stateDiagram-v2`: composite states, `--` between parallel regions, `[*]` for
 * initial states, history states as `H` / `H*`, and transitions labelled `EVENT [guard]`. Mermaid cannot draw an
 * edge between states of different composites, so such an edge is drawn between their ancestors that are siblings
 * (the label names the real target); targetless transitions are listed in a "facts" box of their state. Pure.
 */
export function toMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const chart = toStatechart(machine);
  const style = options.guards ?? 'full';
  const lines = ['stateDiagram-v2'];
  const edgesByScope = new Map<string, string[]>();
  for (const t of chart.transitions) {
    for (const target of t.targets) {
      const [from, to, scope] = lift(chart, t.source, target);
      const real = to === target ? '' : ` (to ${pathBelow(chart, to, target)})`;
      const line = `${nodeId(from)} --> ${nodeId(to)} : ${labelText(transitionLabel(chart, t, style))}${labelText(real)}`;
      edgesByScope.set(scope, [...(edgesByScope.get(scope) ?? []), line]);
    }
  }
  drawScope(chart, chart.root, lines, '  ', edgesByScope, style);
  if (options.snapshot) {
    const lit = activeStateIds(options.snapshot).filter((id) => id !== chart.root.id);
    lines.push('  classDef lit fill:#ffd54f,stroke:#b8860b,stroke-width:2px');
    if (lit.length > 0) lines.push(`  class ${lit.map(nodeId).join(',')} lit`);
  }
  return `${lines.join('\n')}\n`;
}

function drawScope(
  chart: Statechart,
  scope: ChartState,
  lines: string[],
  indent: string,
  edgesByScope: ReadonlyMap<string, string[]>,
  style: 'full' | 'short',
): void {
  const facts = chart.transitions.filter((t) => t.source === scope.id && t.targets.length === 0);
  if (scope.initial !== undefined) lines.push(`${indent}[*] --> ${nodeId(scope.initial)}`);
  const regions = scope.type === 'parallel' ? scope.children : [];
  scope.children.forEach((child, index) => {
    if (index > 0 && regions.length > 0) lines.push(`${indent}--`);
    drawState(chart, child, lines, indent, edgesByScope, style);
  });
  if (facts.length > 0 && scope.id !== chart.root.id && scope.type !== 'atomic') {
    const box = `${nodeId(scope.id)}__facts`;
    lines.push(`${indent}state "${scope.key} facts" as ${box}`);
    for (const t of facts) lines.push(`${indent}${box} : ${labelText(transitionLabel(chart, t, style))}`);
    lines.push(`${indent}class ${box} facts`);
  }
  for (const line of edgesByScope.get(scope.id) ?? []) lines.push(`${indent}${line}`);
  if (scope.id === chart.root.id) lines.push(`${indent}classDef facts fill:#f7f7f7,stroke:#aaaaaa,font-size:10px`);
}

function drawState(
  chart: Statechart,
  state: ChartState,
  lines: string[],
  indent: string,
  edgesByScope: ReadonlyMap<string, string[]>,
  style: 'full' | 'short',
): void {
  const id = nodeId(state.id);
  if (state.type === 'history') {
    lines.push(`${indent}state "${historyLabel(state)}" as ${id}`);
    return;
  }
  if (state.type === 'compound' || state.type === 'parallel') {
    lines.push(`${indent}state "${labelText(state.key)}" as ${id}`);
    lines.push(`${indent}state ${id} {`);
    drawScope(chart, state, lines, `${indent}  `, edgesByScope, style);
    lines.push(`${indent}}`);
    return;
  }
  lines.push(`${indent}state "${labelText(state.key)}" as ${id}`);
  for (const t of chart.transitions.filter((x) => x.source === state.id && x.targets.length === 0)) {
    lines.push(`${indent}${id} : ${labelText(transitionLabel(chart, t, style))}`);
  }
  if (state.type === 'final') lines.push(`${indent}${id} --> [*]`);
}

/** Returns the two siblings an edge is drawn between, and the scope (their parent) it is written in. */
function lift(chart: Statechart, source: string, target: string): [from: string, to: string, scope: string] {
  const up = (id: string): string[] => {
    const chain: string[] = [];
    for (let s = chart.states.get(id); s !== undefined; s = s.parent ? chart.states.get(s.parent) : undefined) chain.unshift(s.id);
    return chain;
  };
  const a = up(source);
  const b = up(target);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length || i === b.length) {
    // One contains the other: draw it as a self-transition of the outer one, in its parent's scope.
    const outer = i === a.length ? source : target;
    const parent = chart.states.get(outer)!.parent ?? chart.root.id;
    return [outer, outer, parent];
  }
  return [a[i]!, b[i]!, a[i - 1]!];
}

function pathBelow(chart: Statechart, ancestor: string, id: string): string {
  const keys: string[] = [];
  for (let s = chart.states.get(id); s !== undefined && s.id !== ancestor; s = s.parent ? chart.states.get(s.parent) : undefined) {
    keys.unshift(s.type === 'history' ? historyLabel(s) : s.key);
  }
  return [chart.states.get(ancestor)!.key, ...keys].join('.');
}

function historyLabel(state: ChartState): string {
  return state.history === 'deep' ? 'H*' : 'H';
}

/** Returns a Mermaid-safe node id for a state id. */
export function nodeId(stateId: string): string {
  return stateId.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Mermaid labels end at a newline and treat `:`, `;`, `#`, `{`, `}` and quotes specially: replace them. */
function labelText(text: string): string {
  return text.replace(/[\n\r]+/g, ' ').replace(/[:;#{}"]/g, (c) => ({ ':': '∶', ';': ',', '#': '№', '{': '(', '}': ')', '"': "'" })[c]!);
}
