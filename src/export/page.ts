import type { RecordedEvent } from '../envelope/envelope.ts';
import { emptyPosition, foldEvent, type FoldPosition } from '../engine/streamFold.ts';
import type { GateReport } from '../workflow/defineWorkflow.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { stateLabel, stateText } from '../workflow/statePath.ts';
import { toDot } from './dot.ts';
import { pageHtml } from './pageHtml.ts';
import { activeStateIds } from './statechart.ts';
import { renderSvg } from './svg.ts';

/** One position of the page's slider: the stream as it was after event `seq` (0: before any). */
export type PageFrame = {
  readonly seq: number;
  readonly state: string;
  /** The state ids lit in the chart: the whole configuration. */
  readonly lit: readonly string[];
  readonly facts: Readonly<Record<string, string>>;
  readonly gates: readonly GateReport[];
};

/** One row of the page's timeline. */
export type PageEvent = {
  readonly seq: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly workflow: string;
};

/** What the programme page shows, before it is turned into HTML. */
export type PageModel = {
  readonly stream: string;
  readonly workflow: string;
  readonly events: readonly PageEvent[];
  readonly frames: readonly PageFrame[];
};

/**
 * Returns the page model of a stream: its events and, for every prefix of it, the lit states, key facts and gate
 * criteria, each under the workflow version the stream was under then (the one its first event names, switched only by
 * a `WorkflowMigrated` event). Folds the events in order with the registry's workflows (as replay does); throws
 * `IntegrityError` for a stream that does not replay.
 */
export async function buildPageModel(registry: WorkflowRegistry, stream: string, events: AsyncIterable<RecordedEvent>): Promise<PageModel & { readonly head: FoldPosition }> {
  let position = emptyPosition(registry.latest());
  const frames: PageFrame[] = [frameOf(position)];
  const rows: PageEvent[] = [];
  for await (const event of events) {
    position = foldEvent(registry, position, event);
    // Before any event the stream is under the version its first event names, not the newest registered.
    if (rows.length === 0) frames[0] = frameOf(emptyPosition(position.workflow));
    frames.push(frameOf(position));
    rows.push({
      seq: event.seq,
      type: event.type,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      actor: `${event.actor.id} (${event.actor.role})`,
      workflow: event.workflow,
    });
  }
  return { stream, workflow: position.workflow.ref, events: rows, frames, head: position };
}

function frameOf(position: FoldPosition): PageFrame {
  const { workflow, snapshot } = position;
  const label = stateLabel(snapshot.value, workflow.hiddenStates);
  return {
    seq: position.seq,
    state: stateText(label),
    lit: activeStateIds(snapshot),
    facts: workflow.describe ? workflow.describe(snapshot) : {},
    gates: workflow.gates ? workflow.gates(snapshot) : [],
  };
}

/**
 * Returns the programme page of a stream: one self-contained HTML file (no script, style or font from elsewhere; a
 * Content-Security-Policy that forbids any request) with the statechart as SVG, the current state lit, a timeline of
 * the events, a slider over seq that re-lights the chart and shows the key facts and the open gate's criteria as they
 * were, and the criteria met or not. Renders the chart offline with Graphviz-in-WASM.
 */
export async function renderProgrammePage(
  registry: WorkflowRegistry,
  stream: string,
  events: AsyncIterable<RecordedEvent>,
): Promise<string> {
  const model = await buildPageModel(registry, stream, events);
  const { workflow, snapshot } = model.head;
  const svg = await renderSvg(toDot(workflow.machine, { snapshot, title: `${workflow.ref}` }));
  const { head: _head, ...data } = model;
  return pageHtml(data, svg);
}
