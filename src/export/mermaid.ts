import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import {
  activeLeafIds,
  guardNote,
  terminalStateIds,
  toStatechart,
  transitionLabel,
  type ChartState,
  type ChartTransition,
  type Statechart,
} from './statechart.ts';

/** Options of {@link toMermaid}. */
export type MermaidOptions = {
  /** Light the leaf state(s) this snapshot is in (not their ancestors), with the class `lit`. */
  readonly snapshot?: AnyMachineSnapshot;
  /**
   * Labels: `short` shows each arrow's event and the guards that tell its arrows apart, and lists every other guard
   * in a note beside the source state; `full` writes every guard on the arrow. @defaultValue 'short'
   */
  readonly guards?: 'full' | 'short';
};

/**
 * Returns the machine as a Mermaid `stateDiagram-v2`: composite states, `--` between parallel regions, `[*]` for
 * initial states, history states as `H` / `H*` nodes that arrows really end at, terminal states marked and ending in
 * `[*]`. Every transition is one arrow from its real source state to its real target (Mermaid draws an arrow between
 * states of different composites when it is written at the top level, as these are). Targetless transitions are
 * listed in a facts box of their state (class `facts`). Pure.
 */
export function toMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const chart = toStatechart(machine);
  const style = options.guards ?? 'short';
  const terminal = terminalStateIds(chart);
  const lines = ['stateDiagram-v2'];
  lines.push('  classDef facts fill:#eef2f6,stroke:#8a99a8,color:#37474f,font-style:italic');
  lines.push('  classDef terminal stroke:#333333,stroke-width:3px');
  drawScope(chart, chart.root, lines, '  ', style, terminal);
  for (const t of chart.transitions) {
    for (const target of t.targets) {
      lines.push(`  ${nodeId(t.source)} --> ${nodeId(target)} : ${labelText(transitionLabel(chart, t, style))}`);
    }
  }
  if (style === 'short') lines.push(...guardNotes(chart));
  const boxes = [...chart.states.values()]
    .filter(
      (s) =>
        s.children.length > 0 &&
        s.parent !== undefined &&
        chart.transitions.some((t) => t.source === s.id && t.targets.length === 0),
    )
    .map((s) => `${nodeId(s.id)}__facts`);
  if (boxes.length > 0) lines.push(`  class ${boxes.join(',')} facts`);
  if (terminal.size > 0) lines.push(`  class ${[...terminal].map(nodeId).join(',')} terminal`);
  if (options.snapshot) {
    const lit = activeLeafIds(chart, options.snapshot);
    lines.push('  classDef lit fill:#ffd54f,stroke:#b8860b,stroke-width:2px');
    if (lit.length > 0) lines.push(`  class ${lit.map(nodeId).join(',')} lit`);
  }
  return `${lines.join('\n')}\n`;
}

/** Notes beside each source state listing the guards its arrows' short labels leave out. */
function guardNotes(chart: Statechart): string[] {
  const bySource = new Map<string, ChartTransition[]>();
  for (const t of chart.transitions) {
    if (t.targets.length === 0 || guardNote(chart, t) === '') continue;
    bySource.set(t.source, [...(bySource.get(t.source) ?? []), t]);
  }
  const lines: string[] = [];
  for (const [source, transitions] of bySource) {
    lines.push(`  note right of ${nodeId(source)}`);
    for (const t of transitions)
      lines.push(`    ${labelText(`${transitionLabel(chart, t, 'short')} also checks ${guardNote(chart, t)}`)}`);
    lines.push('  end note');
  }
  if (chart.commonGuards.length > 0 && chart.root.initial !== undefined) {
    lines.push(`  note left of ${nodeId(chart.root.initial)}`);
    lines.push(`    ${labelText(`Every guarded arrow also checks ${chart.commonGuards.join(', ')}`)}`);
    lines.push('  end note');
  }
  return lines;
}

function drawScope(
  chart: Statechart,
  scope: ChartState,
  lines: string[],
  indent: string,
  style: 'full' | 'short',
  terminal: ReadonlySet<string>,
): void {
  if (scope.initial !== undefined) lines.push(`${indent}[*] --> ${nodeId(scope.initial)}`);
  const regions = scope.type === 'parallel' ? scope.children : [];
  scope.children.forEach((child, index) => {
    if (index > 0 && regions.length > 0) lines.push(`${indent}--`);
    drawState(chart, child, lines, indent, style, terminal);
  });
  const facts = chart.transitions.filter((t) => t.source === scope.id && t.targets.length === 0);
  if (facts.length > 0 && scope.id !== chart.root.id && scope.type !== 'atomic') {
    const box = `${nodeId(scope.id)}__facts`;
    lines.push(`${indent}state "${labelText(`${scope.key} records, staying here`)}" as ${box}`);
    for (const t of facts) lines.push(`${indent}${box} : ${labelText(transitionLabel(chart, t, style))}`);
  }
}

function drawState(
  chart: Statechart,
  state: ChartState,
  lines: string[],
  indent: string,
  style: 'full' | 'short',
  terminal: ReadonlySet<string>,
): void {
  const id = nodeId(state.id);
  if (state.type === 'history') {
    lines.push(`${indent}state "${state.history === 'deep' ? 'H*' : 'H'}" as ${id}`);
    return;
  }
  if (state.type === 'compound' || state.type === 'parallel') {
    lines.push(`${indent}state "${labelText(state.key)}" as ${id}`);
    lines.push(`${indent}state ${id} {`);
    drawScope(chart, state, lines, `${indent}  `, style, terminal);
    lines.push(`${indent}}`);
    return;
  }
  const isTerminal = terminal.has(state.id);
  lines.push(`${indent}state "${labelText(isTerminal ? `${state.key} (end)` : state.key)}" as ${id}`);
  for (const t of chart.transitions.filter((x) => x.source === state.id && x.targets.length === 0)) {
    lines.push(`${indent}${id} : ${labelText(transitionLabel(chart, t, style))}`);
  }
  if (isTerminal) lines.push(`${indent}${id} --> [*]`);
}

/** Returns a Mermaid-safe node id for a state id. */
export function nodeId(stateId: string): string {
  return stateId.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Mermaid labels end at a newline and treat `:`, `;`, `#`, `{`, `}` and quotes specially: replace them. */
function labelText(text: string): string {
  return text
    .replace(/[\n\r]+/g, ' ')
    .replace(/[:;#{}"]/g, (c) => ({ ':': '∶', ';': ',', '#': '№', '{': '(', '}': ')', '"': "'" })[c]!);
}
