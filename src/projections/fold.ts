import type { RecordedEvent } from '../envelope/envelope.ts';
import { liftEvent } from '../workflow/replay.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { startOf } from '../workflow/dates.ts';
import type { ReadModel, ReadModelRow } from './readModel.ts';
import type { ReadModelCommit } from './readModelStore.ts';

/**
 * Returns the event with its payload lifted to the newest schema of the workflow it names, or as stored when the
 * registry does not know it or it cannot be lifted (read models show facts; judging them is replay's job).
 */
export function liftForReading(registry: WorkflowRegistry | undefined, event: RecordedEvent): RecordedEvent {
  if (registry === undefined) return event;
  try {
    const lifted = liftEvent(registry.get(event.workflow), event);
    return lifted.outcome === 'lifted' ? lifted.event : event;
  } catch {
    return event;
  }
}

/**
 * Folds events into rows of one read model, batch by batch: keeps the rows it touched, skips an event at or below a
 * row's seq (never counted twice), and collects what a commit stores (each changed row once, and one history entry
 * per (stream, asOf) reached). Not pure (it keeps rows), but reads no clock and does no I/O.
 */
export class RowFolder {
  readonly #model: ReadModel;
  readonly #registry: WorkflowRegistry | undefined;
  readonly #limit: number;
  readonly #rows = new Map<string, ReadModelRow>();
  readonly #ended = new Set<string>();
  #changed = new Set<string>();
  #history: Array<ReadModelCommit['history'][number]> = [];

  /** `asOfLimit` (ms): a stream stops at its first event that occurred after it (the longest prefix by then). */
  constructor(model: ReadModel, registry?: WorkflowRegistry, asOfLimit: number = Number.POSITIVE_INFINITY) {
    this.#model = model;
    this.#registry = registry;
    this.#limit = asOfLimit;
  }

  /** Returns true when the folder has a row for `stream` (loaded or folded). */
  has(stream: string): boolean {
    return this.#rows.has(stream);
  }

  /** Gives the folder a stored row to fold on from. */
  load(row: ReadModelRow): void {
    this.#rows.set(row.stream, row);
  }

  /** How many rows it keeps. */
  get size(): number {
    return this.#rows.size;
  }

  /** Forgets every row that has no pending change (a cache bound between commits). */
  forgetClean(): void {
    for (const stream of [...this.#rows.keys()]) if (!this.#changed.has(stream)) this.#rows.delete(stream);
  }

  /** Folds one event in; returns true when it changed a row. */
  apply(event: RecordedEvent): boolean {
    if (!this.#model.follows(event) || this.#ended.has(event.stream)) return false;
    const row = this.#rows.get(event.stream);
    if (row !== undefined && event.seq <= row.seq) return false;
    const start = startOf(event.occurredAt);
    const asOf = Math.max(
      row?.asOf ?? Number.NEGATIVE_INFINITY,
      Number.isNaN(start) ? Number.NEGATIVE_INFINITY : start,
    );
    if (asOf > this.#limit) {
      this.#ended.add(event.stream);
      return false;
    }
    if (row !== undefined && asOf !== row.asOf && this.#changed.has(event.stream)) {
      // the stream's state "as of" row.asOf is final now: keep it for --as-of
      this.#history.push({
        stream: row.stream,
        seq: row.seq,
        asOf: row.asOf,
        summary: this.#model.summarize(row.model),
      });
    }
    const model = this.#model.apply(row?.model ?? this.#model.initial(), liftForReading(this.#registry, event));
    this.#rows.set(event.stream, { stream: event.stream, seq: event.seq, asOf, model, summary: null });
    this.#changed.add(event.stream);
    return true;
  }

  /** Returns the changed rows (with their summaries) and their history since the last call, and starts afresh. */
  take(): Pick<ReadModelCommit, 'rows' | 'history'> {
    const rows: ReadModelRow[] = [];
    for (const stream of this.#changed) {
      const row = this.#rows.get(stream)!;
      const done = { ...row, summary: this.#model.summarize(row.model) };
      this.#rows.set(stream, done);
      rows.push(done);
      this.#history.push({ stream, seq: done.seq, asOf: done.asOf, summary: done.summary });
    }
    const history = this.#history;
    this.#changed = new Set();
    this.#history = [];
    return { rows, history };
  }

  /** Returns every row it keeps, summaries brought up to date. */
  all(): ReadModelRow[] {
    this.take();
    return [...this.#rows.values()];
  }
}
