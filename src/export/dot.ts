import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import {
  activeStateIds,
  terminalStateIds,
  toStatechart,
  transitionLabel,
  type ChartState,
  type ChartTransition,
  type Statechart,
} from './statechart.ts';

/** Options of {@link toDot}. */
export type DotOptions = {
  /** Light the states this snapshot is in (its whole configuration). */
  readonly snapshot?: AnyMachineSnapshot;
  /**
   * Labels: `short` shows each arrow's event and the guards that tell its candidates apart; the full guard is the
   * arrow's tooltip (shown on hover, and on focus in the programme page). @defaultValue 'short'
   */
  readonly guards?: 'full' | 'short';
  /** A title drawn above the chart. */
  readonly title?: string;
  /** A line under the title saying what is lit, e.g. `lcz-shenzhen after event 39 of 39`. */
  readonly caption?: string;
  /** Rank direction: `TB` reads top to bottom (see the README's figures for why it is the default). @defaultValue 'TB' */
  readonly rankdir?: 'TB' | 'LR';
  /** Leave out the legend lines under the title. @defaultValue false */
  readonly noLegend?: boolean;
  /** States (ids) and arrows (`source->target`) to mark as changed, in blue (what `chart --diff` draws). */
  readonly changed?: { readonly states?: ReadonlySet<string>; readonly edges?: ReadonlySet<string> };
};

/** The colour of what changed between two versions. */
const changedColour = { fill: '#cfe3ff', line: '#1a5fb4' } as const;

/** The colours of the lit configuration (also used by the programme page's CSS). */
export const litColours = { leaf: '#ffd54f', compound: '#fff4cc', border: '#b8860b' } as const;

/**
 * Returns the machine as Graphviz DOT: compound states as clusters (dashed for parallel ones), history states as `H`
 * / `H*` circles, targetless transitions listed in a facts note of their state, terminal states with a double border,
 * a legend, and the snapshot's configuration lit. Every state is drawn with the SVG id `state:<state id>` and the
 * class `state` (plus `lit` when lit, `terminal` for a terminal state); every arrow with the id
 * `edge:<source id>-><target id>`, the class `transition` and its full guards as tooltip. Each arrow leaves its real
 * source state and ends at its real target (a cluster's border for a compound state). Pure.
 */
export function toDot(machine: AnyStateMachine, options: DotOptions = {}): string {
  const chart = toStatechart(machine);
  const lit = new Set(options.snapshot ? activeStateIds(options.snapshot) : []);
  const style = options.guards ?? 'short';
  const lines: string[] = [
    `digraph ${quote(chart.id)} {`,
    `  compound=true; rankdir=${options.rankdir ?? 'TB'}; nodesep=0.35; ranksep=0.4; newrank=true;`,
    '  fontname="Helvetica"; fontsize=12;',
    '  node [fontname="Helvetica", fontsize=12, shape=box, style="rounded,filled", fillcolor="#ffffff", color="#555555"];',
    '  edge [fontname="Helvetica", fontsize=11, color="#555555", arrowsize=0.7];',
  ];
  const legend = options.noLegend === true ? [] : legendLines(chart, style);
  const title = [options.title, options.caption, ...legend].filter(Boolean).join('\n');
  if (title) lines.push(`  labelloc=t; labeljust=l; label=${quote(title)};`);
  const internal = internalByState(chart);
  drawChildren(chart, chart.root, lines, '  ', {
    lit,
    style,
    internal,
    terminal: terminalStateIds(chart),
    changed: options.changed?.states ?? new Set(),
  });
  // Transitions between the same two states share one arrow, one label line each.
  const edges = new Map<string, { source: string; target: string; labels: string[]; full: string[] }>();
  for (const t of chart.transitions) {
    for (const target of t.targets) {
      const key = `${t.source}\u0000${target}`;
      const entry = edges.get(key) ?? { source: t.source, target, labels: [], full: [] };
      entry.labels.push(arrowLabel(chart, t, style, entry.labels));
      entry.full.push(transitionLabel(chart, t, 'full'));
      edges.set(key, entry);
    }
  }
  for (const { source, target, labels, full } of edges.values()) {
    const marked = options.changed?.edges?.has(`${source}->${target}`) === true;
    lines.push(`  ${edge(chart, source, target, { label: labels.join('\n'), tooltip: full.join('\n'), marked })}`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** One arrow's label line(s) for a transition: the event, then its telling guards on a line of their own. */
function arrowLabel(chart: Statechart, t: ChartTransition, style: 'full' | 'short', before: readonly string[]): string {
  const text = transitionLabel(chart, t, style);
  const bracket = text.indexOf(' [');
  if (bracket < 0) return text;
  const guards = text.slice(bracket + 1);
  return before.some((line) => line.startsWith(`${t.event}\n`)) ? guards : `${t.event}\n${guards}`;
}

/**
 * Returns a state's label: its name and, when it records facts without moving (targetless transitions), those facts
 * in a shaded box of their own (an HTML-like label), one per line.
 */
function stateLabel(
  chart: Statechart,
  name: string,
  facts: readonly ChartTransition[],
  style: 'full' | 'short',
): string {
  if (facts.length === 0) return quote(name);
  const rows = facts.map((t) => `${html(transitionLabel(chart, t, style))}<br align="left"/>`).join('');
  return (
    `<<table border="0" cellborder="0" cellspacing="0" cellpadding="2"><tr><td align="left"><b>${html(name)}</b></td></tr>` +
    `<tr><td align="left" bgcolor="#eef2f6" border="1" color="#8a99a8" cellpadding="4" class="facts">` +
    `<font point-size="10" color="#37474f"><i>records, staying here:</i><br align="left"/>${rows}</font></td></tr></table>>`
  );
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The legend under the title: what the marks mean. */
function legendLines(chart: Statechart, style: 'full' | 'short'): string[] {
  const lines = [
    'Yellow: the current state. Double border: a terminal state (no way out). Shaded boxes: facts a state records without moving.',
  ];
  if (style === 'short') {
    lines.push(
      'Labels show the event and the guards that tell its arrows apart; hover (or focus) an arrow for its full guards.',
    );
  }
  if (chart.commonGuards.length > 0) lines.push(`Every guarded arrow also checks ${chart.commonGuards.join(', ')}.`);
  return lines;
}

function internalByState(chart: Statechart): Map<string, ChartTransition[]> {
  const map = new Map<string, ChartTransition[]>();
  for (const t of chart.transitions) {
    if (t.targets.length > 0) continue;
    map.set(t.source, [...(map.get(t.source) ?? []), t]);
  }
  return map;
}

type DrawContext = {
  readonly lit: ReadonlySet<string>;
  readonly style: 'full' | 'short';
  readonly internal: ReadonlyMap<string, ChartTransition[]>;
  readonly terminal: ReadonlySet<string>;
  readonly changed: ReadonlySet<string>;
};

function drawChildren(chart: Statechart, parent: ChartState, lines: string[], indent: string, draw: DrawContext): void {
  const { lit, style, internal, terminal } = draw;
  if (parent.initial !== undefined) {
    lines.push(`${indent}${quote(`${parent.id}#init`)} [shape=point, width=0.12, fillcolor="#333333", label=""];`);
    lines.push(`${indent}${edge(chart, `${parent.id}#init`, parent.initial, {})}`);
  }
  for (const state of parent.children) {
    const isLit = lit.has(state.id);
    if (state.type === 'compound' || state.type === 'parallel') {
      lines.push(`${indent}subgraph ${quote(`cluster_${state.id}`)} {`);
      const border = state.type === 'parallel' ? 'dashed,rounded' : 'rounded';
      const label = stateLabel(chart, state.key, internal.get(state.id) ?? [], style);
      lines.push(
        `${indent}  id=${quote(`state:${state.id}`)}; class=${quote(isLit ? 'state lit' : 'state')}; label=${label}; labeljust=l; ` +
          `style="${border},filled"; fillcolor=${quote(isLit ? litColours.compound : '#fbfbfb')}; ` +
          `color=${quote(isLit ? litColours.border : '#888888')}; penwidth=${isLit ? 2 : 1};`,
      );
      drawChildren(chart, state, lines, `${indent}  `, draw);
      lines.push(`${indent}}`);
      continue;
    }
    const isTerminal = terminal.has(state.id);
    const isChanged = draw.changed.has(state.id);
    const classes = [
      'state',
      ...(isLit ? ['lit'] : []),
      ...(isTerminal ? ['terminal'] : []),
      ...(isChanged ? ['changed'] : []),
    ].join(' ');
    const attrs = [
      `id=${quote(`state:${state.id}`)}`,
      `class=${quote(classes)}`,
      ...(isLit ? [`fillcolor=${quote(litColours.leaf)}`, `color=${quote(litColours.border)}`, 'penwidth=2'] : []),
      ...(isChanged
        ? [`fillcolor=${quote(changedColour.fill)}`, `color=${quote(changedColour.line)}`, 'penwidth=2']
        : []),
    ];
    if (state.type === 'history') {
      attrs.push(
        'shape=circle',
        'width=0.4',
        'fixedsize=true',
        `label=${quote(state.history === 'deep' ? 'H*' : 'H')}`,
      );
      attrs.push(
        `tooltip=${quote(`${state.history === 'deep' ? 'deep' : 'shallow'} history of ${parent.key}: back to where it was`)}`,
      );
    } else {
      const facts = internal.get(state.id) ?? [];
      attrs.push(`label=${stateLabel(chart, isTerminal ? `${state.key} (end)` : state.key, facts, style)}`);
      if (facts.length > 0)
        attrs.push(`tooltip=${quote(facts.map((t) => transitionLabel(chart, t, 'full')).join('\n'))}`);
      if (isTerminal) attrs.push('peripheries=2');
    }
    lines.push(`${indent}${quote(state.id)} [${attrs.join(', ')}];`);
  }
}

/**
 * An arrow between two states, drawn from the source (a compound source: from its cluster's border, through a leaf
 * inside it) to the target (a compound target: to its cluster's border). The id names the real states.
 */
function edge(
  chart: Statechart,
  source: string,
  target: string,
  text: { label?: string; tooltip?: string; marked?: boolean },
): string {
  const from = anchor(chart, source);
  const to = anchor(chart, target);
  const attrs: string[] = [];
  const ltail = from !== source && !isInside(chart, target, source);
  const lhead = to !== target && !isInside(chart, source, target);
  // An arrow cut at a cluster's border would leave a plain label floating where the uncut arrow ran: an external
  // label is placed beside the arrow as drawn.
  if (text.label) attrs.push(`${ltail || lhead ? 'xlabel' : 'label'}=${quote(text.label)}`);
  if (text.tooltip !== undefined) {
    attrs.push(
      `id=${quote(`edge:${source}->${target}`)}`,
      `class="transition${text.marked ? ' changed' : ''}"`,
      `tooltip=${quote(text.tooltip)}`,
    );
  }
  if (text.marked)
    attrs.push(`color=${quote(changedColour.line)}`, 'penwidth=2.5', `fontcolor=${quote(changedColour.line)}`);
  if (ltail) attrs.push(`ltail=${quote(`cluster_${source}`)}`);
  if (lhead) attrs.push(`lhead=${quote(`cluster_${target}`)}`);
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
  for (
    let s = chart.states.get(id.replace(/#.*$/, ''));
    s !== undefined;
    s = s.parent ? chart.states.get(s.parent) : undefined
  ) {
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
