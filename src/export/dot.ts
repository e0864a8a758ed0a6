import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { activeStateIds, toStatechart, transitionLabel, type ChartState, type ChartTransition, type Statechart } from './statechart.ts';

/** Options of {@link toDot}. */
export type DotOptions = {
  /** Light the states this snapshot is in (its whole configuration). */
  readonly snapshot?: AnyMachineSnapshot;
  /** Guard labels: `short` leaves out the guards every transition shares (named once in a legend). @defaultValue 'short' */
  readonly guards?: 'full' | 'short';
  /** A title drawn above the chart. */
  readonly title?: string;
};

/** The colours of the lit configuration (also used by the programme page's CSS). */
export const litColours = { leaf: '#ffd54f', compound: '#fff4cc', border: '#b8860b' } as const;

/**
 * Returns the machine as Graphviz DOT: compound states as clusters (dashed for parallel ones), history states as `H`
 * / `H*` circles, targetless transitions listed in their state, and the snapshot's configuration lit. Every state is
 * drawn with the SVG id `state:<state id>` and the class `state` (plus `lit` when lit), so a page can re-light it.
 * Pure.
 */
export function toDot(machine: AnyStateMachine, options: DotOptions = {}): string {
  const chart = toStatechart(machine);
  const lit = new Set(options.snapshot ? activeStateIds(options.snapshot) : []);
  const style = options.guards ?? 'short';
  const lines: string[] = [
    `digraph ${quote(chart.id)} {`,
    '  compound=true; rankdir=LR; nodesep=0.3; ranksep=0.45;',
    '  fontname="Helvetica"; fontsize=11;',
    '  node [fontname="Helvetica", fontsize=10, shape=box, style="rounded,filled", fillcolor="#ffffff", color="#555555"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555", arrowsize=0.7];',
  ];
  const legend = style === 'short' && chart.commonGuards.length > 0 ? `guarded transitions also check: ${chart.commonGuards.join(', ')}` : '';
  const title = [options.title, legend].filter(Boolean).join('\n');
  if (title) lines.push(`  labelloc=t; label=${quote(title)};`);
  const internal = internalByState(chart);
  drawChildren(chart, chart.root, lines, '  ', lit, style, internal);
  // Transitions between the same two states share one edge, one label line each.
  const edges = new Map<string, { source: string; target: string; labels: string[] }>();
  for (const t of chart.transitions) {
    for (const target of t.targets) {
      const key = `${t.source}\u0000${target}`;
      const entry = edges.get(key) ?? { source: t.source, target, labels: [] };
      entry.labels.push(transitionLabel(chart, t, style));
      edges.set(key, entry);
    }
  }
  for (const { source, target, labels } of edges.values()) lines.push(`  ${edge(chart, source, target, labels.join('\n'))}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function internalByState(chart: Statechart): Map<string, ChartTransition[]> {
  const map = new Map<string, ChartTransition[]>();
  for (const t of chart.transitions) {
    if (t.targets.length > 0) continue;
    map.set(t.source, [...(map.get(t.source) ?? []), t]);
  }
  return map;
}

function drawChildren(
  chart: Statechart,
  parent: ChartState,
  lines: string[],
  indent: string,
  lit: ReadonlySet<string>,
  style: 'full' | 'short',
  internal: ReadonlyMap<string, ChartTransition[]>,
): void {
  const own = internal.get(parent.id) ?? [];
  if (own.length > 0) {
    const rows = own.map((t) => escapeDotLabel(transitionLabel(chart, t, style))).join('\\l');
    lines.push(`${indent}${quote(`${parent.id}#facts`)} [shape=note, style=filled, fillcolor="#f7f7f7", fontsize=8, label="${rows}\\l", class="facts"];`);
  }
  if (parent.initial !== undefined) {
    lines.push(`${indent}${quote(`${parent.id}#init`)} [shape=point, width=0.12, fillcolor="#333333", label=""];`);
    lines.push(`${indent}${edge(chart, `${parent.id}#init`, parent.initial, '')}`);
  }
  for (const state of parent.children) {
    const isLit = lit.has(state.id);
    if (state.type === 'compound' || state.type === 'parallel') {
      lines.push(`${indent}subgraph ${quote(`cluster_${state.id}`)} {`);
      const border = state.type === 'parallel' ? 'dashed,rounded' : 'rounded';
      lines.push(
        `${indent}  id=${quote(`state:${state.id}`)}; class=${quote(isLit ? 'state lit' : 'state')}; label=${quote(state.key)}; ` +
          `style="${border},filled"; fillcolor=${quote(isLit ? litColours.compound : '#fbfbfb')}; ` +
          `color=${quote(isLit ? litColours.border : '#888888')}; penwidth=${isLit ? 2 : 1};`,
      );
      drawChildren(chart, state, lines, `${indent}  `, lit, style, internal);
      lines.push(`${indent}}`);
      continue;
    }
    const attrs = [
      `id=${quote(`state:${state.id}`)}`,
      `class=${quote(isLit ? 'state lit' : 'state')}`,
      ...(isLit ? [`fillcolor=${quote(litColours.leaf)}`, `color=${quote(litColours.border)}`, 'penwidth=2'] : []),
    ];
    if (state.type === 'history') {
      attrs.push('shape=circle', 'width=0.3', 'fixedsize=true', `label=${quote(state.history === 'deep' ? 'H*' : 'H')}`);
    } else {
      const facts = internal.get(state.id) ?? [];
      const label = facts.length === 0
        ? quote(state.key)
        : `"${escapeDotLabel(state.key)}\\n${facts.map((t) => escapeDotLabel(transitionLabel(chart, t, style))).join('\\l')}\\l"`;
      attrs.push(`label=${label}`);
      if (state.type === 'final') attrs.push('peripheries=2');
    }
    lines.push(`${indent}${quote(state.id)} [${attrs.join(', ')}];`);
  }
}

/** An edge between two states; a compound end is drawn to its cluster through a leaf inside it. */
function edge(chart: Statechart, source: string, target: string, label: string): string {
  const from = anchor(chart, source);
  const to = anchor(chart, target);
  const attrs: string[] = [];
  if (label) attrs.push(`label=${quote(label)}`);
  if (from !== source && !isInside(chart, target, source)) attrs.push(`ltail=${quote(`cluster_${source}`)}`);
  if (to !== target && !isInside(chart, source, target)) attrs.push(`lhead=${quote(`cluster_${target}`)}`);
  return `${quote(from)} -> ${quote(to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`;
}

/** Returns the node that stands for a state in an edge: the state itself, or a leaf inside a compound one. */
function anchor(chart: Statechart, id: string): string {
  const state = chart.states.get(id);
  if (state === undefined) return id; // a pseudo node (`#init`)
  if (state.type !== 'compound' && state.type !== 'parallel') return id;
  const next = state.initial ?? state.children.find((c) => c.type !== 'history')?.id;
  return next === undefined ? id : anchor(chart, next);
}

function isInside(chart: Statechart, id: string, ancestor: string): boolean {
  for (let s = chart.states.get(id.replace(/#.*$/, '')); s !== undefined; s = s.parent ? chart.states.get(s.parent) : undefined) {
    if (s.id === ancestor) return true;
  }
  return false;
}

/** Returns a DOT double-quoted string. */
export function quote(text: string): string {
  return `"${escapeDotLabel(text)}"`;
}

function escapeDotLabel(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
