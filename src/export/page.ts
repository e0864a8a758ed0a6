import type { RecordedEvent } from '../envelope/envelope.ts';
import { emptyPosition, foldEvent, type FoldPosition } from '../engine/streamFold.ts';
import type { GateReport, Workflow } from '../workflow/defineWorkflow.ts';
import type { PresentedEvent, PresentedFact } from '../workflow/presentation.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { stateLabel, stateText } from '../workflow/statePath.ts';
import { toDot } from './dot.ts';
import { pageHtml } from './pageHtml.ts';
import { activeStateIds } from './statechart.ts';
import { renderSvg } from './svg.ts';

/**
 * One position of the page's slider, stored as what changed: `[words, state, lit, gates, changes?]` where `words` and
 * `state` index {@link PageModel.strings} (the state in words, and as a dotted path), `lit` indexes
 * {@link PageModel.lits}, `gates` indexes {@link PageModel.gateSets}, and `changes` lists the key facts that changed
 * since the frame before: `[label, value, attention]` (indexes into `factLabels` and `strings`; value -1: gone).
 */
export type PageFrame = readonly [
  words: number,
  state: number,
  lit: number,
  gates: number,
  changes?: ReadonlyArray<readonly [number, number, 0 | 1]>,
];

/** One row of the page's timeline: `[seq, date, line, summary, by]`, the last four indexing {@link PageModel.strings}. */
export type PageEvent = readonly [seq: number, date: number, line: number, summary: number, by: number];

/**
 * What the programme page shows, before it is turned into HTML: every string once (`strings`), the timeline rows, and
 * one frame per slider position (0: before the first event) holding only what changed, so the page grows by a few
 * dozen bytes an event, not by the whole view.
 */
export type PageModel = {
  readonly stream: string;
  readonly title: string;
  readonly workflow: string;
  readonly strings: readonly string[];
  readonly events: readonly PageEvent[];
  readonly frames: readonly PageFrame[];
  /** Distinct lit configurations: state ids, root first. */
  readonly lits: ReadonlyArray<readonly string[]>;
  /** Distinct gate reports. */
  readonly gateSets: ReadonlyArray<readonly GateReport[]>;
  /** Key-fact labels, in display order. */
  readonly factLabels: readonly string[];
  /** The order to show the key facts in (indexes into `factLabels`): each new label after the one it first followed. */
  readonly factOrder: readonly number[];
};

/** Interns values: the index of a value already seen, or a new one. */
class Table<T> {
  readonly values: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly key: (value: T) => string) {}
  add(value: T): number {
    const k = this.key(value);
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.values.push(value) - 1;
      this.index.set(k, i);
    }
    return i;
  }
}

/**
 * Returns the page model of a stream: its events in words and, for every prefix of it, what changed in the state, the
 * lit configuration, the key facts and the gates ahead, each under the workflow version the stream was under then
 * (the one its first event names, switched only by a `WorkflowMigrated` event). Speaks through the workflow's
 * `presentation` when it has one (else its `describe` and the bare event types). Throws `IntegrityError` for a stream
 * that does not replay.
 */
export async function buildPageModel(
  registry: WorkflowRegistry,
  stream: string,
  events: AsyncIterable<RecordedEvent>,
): Promise<PageModel & { readonly head: FoldPosition }> {
  const strings = new Table<string>((s) => s);
  const lits = new Table<readonly string[]>((ids) => ids.join('\n'));
  const gateSets = new Table<readonly GateReport[]>((g) => JSON.stringify(g));
  const labels = new Table<string>((s) => s);
  const frames: PageFrame[] = [];
  const rows: PageEvent[] = [];
  const order: number[] = [];
  let facts = new Map<number, readonly [number, 0 | 1]>();
  let position = emptyPosition(registry.latest());
  let model: unknown;
  const factsMemos = new Map<
    string,
    { model: unknown; context: unknown; day: string; workflow: Workflow; facts: readonly PresentedFact[] }
  >();
  let title: string | null = null;

  const frame = (p: FoldPosition, asOf: string): PageFrame => {
    const presentation = p.workflow.presentation;
    const label = stateLabel(p.snapshot.value, p.workflow.hiddenStates);
    const state = stateText(label);
    const day = asOf.slice(0, 10);
    const factsMemo = factsMemos.get(state);
    const sameFacts =
      factsMemo !== undefined &&
      factsMemo.model === model &&
      shallowSame(factsMemo.context, p.snapshot.context) &&
      factsMemo.day === day &&
      factsMemo.workflow === p.workflow;
    const now = sameFacts ? factsMemo.facts : factsOf(p.workflow, model, p, asOf);
    factsMemos.set(state, { model, context: p.snapshot.context, day, workflow: p.workflow, facts: now });
    const next = new Map<number, readonly [number, 0 | 1]>();
    let previous = -1;
    for (const f of now) {
      const k = labels.add(f.label);
      if (!order.includes(k)) order.splice(previous < 0 ? 0 : order.indexOf(previous) + 1, 0, k);
      previous = k;
      next.set(k, [strings.add(f.value), f.attention === true ? 1 : 0]);
    }
    const changes: Array<readonly [number, number, 0 | 1]> = [];
    for (const [k, [value, attention]] of next) {
      const before = facts.get(k);
      if (before === undefined || before[0] !== value || before[1] !== attention) changes.push([k, value, attention]);
    }
    for (const k of facts.keys()) if (!next.has(k)) changes.push([k, -1, 0]);
    facts = next;
    const words = presentation ? presentation.state(p.snapshot) : state;
    // Most events leave the context as it was (meetings, routine money): the gates ahead are then the same.
    // (One memo per state: a stream that goes back and forth, suspended and resumed, finds both.)
    const memo = gatesMemo.get(state);
    const same = memo !== undefined && shallowSame(memo.context, p.snapshot.context) && memo.workflow === p.workflow;
    const gates = same ? memo.gates : gateSets.add(p.workflow.gates ? p.workflow.gates(p.snapshot) : []);
    gatesMemo.set(state, { context: p.snapshot.context, workflow: p.workflow, gates });
    const base = [strings.add(words), strings.add(state), lits.add(activeStateIds(p.snapshot)), gates] as const;
    return changes.length > 0 ? [...base, changes] : base;
  };

  const gatesMemo = new Map<string, { context: unknown; workflow: Workflow; gates: number }>();
  let first = true;
  for await (const event of events) {
    const before = position;
    position = foldEvent(registry, position, event);
    if (first) {
      // Before any event the stream is under the version its first event names, not the newest registered.
      model = position.workflow.presentation?.initial();
      frames.push(frame(emptyPosition(position.workflow), event.occurredAt));
      first = false;
    }
    const presentation = (before.seq === 0 ? position.workflow : before.workflow).presentation;
    if (presentation) model = presentation.apply(model, event);
    title = presentation?.title(model) ?? title;
    const said: PresentedEvent = presentation
      ? presentation.event(model, event)
      : { summary: event.type, line: event.type, by: `${event.actor.id} (${event.actor.role})` };
    rows.push([
      event.seq,
      strings.add(event.occurredAt.slice(0, 10)),
      strings.add(said.line),
      strings.add(said.summary),
      strings.add(said.by),
    ]);
    frames.push(frame(position, event.occurredAt));
  }
  if (first) frames.push(frame(position, ''));
  return {
    stream,
    title: title ?? stream,
    workflow: position.workflow.ref,
    strings: strings.values,
    events: rows,
    frames,
    lits: lits.values,
    gateSets: gateSets.values,
    factLabels: labels.values,
    factOrder: order,
    head: position,
  };
}

/** True when two values are the same, or objects whose own properties are the same values (an unchanged context). */
function shallowSame(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

function factsOf(workflow: Workflow, model: unknown, p: FoldPosition, asOf: string): readonly PresentedFact[] {
  if (workflow.presentation && model !== undefined) return workflow.presentation.facts(model, p.snapshot, asOf);
  const described = workflow.describe ? workflow.describe(p.snapshot) : {};
  return Object.entries(described).map(([label, value]) => ({ label, value }));
}

/**
 * Returns the programme page of a stream: one self-contained HTML file (no script, style or font from elsewhere; a
 * Content-Security-Policy that forbids any request) that reflows from a 360 px phone to a 2560 px screen: the
 * statechart as SVG with the current state lit (pan and zoom, centred on the lit state), a slider over the events
 * that re-lights the chart and shows the key facts and the gates ahead as they were, and the timeline in words.
 * Renders the chart offline with Graphviz-in-WASM.
 */
export async function renderProgrammePage(
  registry: WorkflowRegistry,
  stream: string,
  events: AsyncIterable<RecordedEvent>,
): Promise<string> {
  const model = await buildPageModel(registry, stream, events);
  const { workflow, snapshot } = model.head;
  // No caption: the page itself says which event the slider shows.
  const svg = await renderSvg(toDot(workflow.machine, { snapshot, title: workflow.ref }));
  const { head: _head, ...data } = model;
  return pageHtml(data, svg);
}
