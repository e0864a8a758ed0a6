import type { RecordedEvent } from '../envelope/envelope.ts';
import type { IatiActivity, IatiProblem } from '../iati/activity.ts';
import type { ReportCell } from '../workflow/report.ts';

/** When a read model is asked: the day that counts as today (overdue flags), fixed by the caller, never the clock. */
export type ReadModelClock = { readonly today: string };

/**
 * A read model kept beside the log (README, "Read models"): a pure fold of the streams it follows into one model per
 * stream, a compact summary of each model for the portfolio, and how to show both. Models and summaries are plain
 * JSON (they are stored as JSON in SQLite and PostgreSQL tables and folded again for JSONL), so a model read back
 * from a table folds on exactly as the one in memory did.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the default lets a list hold read models of different models
export type ReadModel<TModel = any, TSummary = any> = {
  /** The key of its rows and checkpoint in the store's tables, e.g. `programme`. */
  readonly name: string;
  /** Raise it when the model or summary changes shape: tables of another version are rebuilt, never read. */
  readonly version: number;
  /** True for the events of the streams this read model follows (a workflow family; never `<stream>.refusals`). */
  follows(event: RecordedEvent): boolean;
  /** Returns the model of a stream before its first event. */
  readonly initial: () => TModel;
  /** Returns the model after one more event of its stream, lifted to the newest payload schema. Pure (immer). */
  readonly apply: (model: TModel, event: RecordedEvent) => TModel;
  /** Returns the part of a model the portfolio reads: small, plain JSON. */
  summarize(model: TModel): TSummary;
  /** The portfolio's column names, in order. */
  readonly columns: readonly string[];
  /** Returns one portfolio row for a stream's summary, as of `clock.today` (overdue flags). */
  row(summary: TSummary, clock: ReadModelClock): readonly ReportCell[];
  /** Returns the key facts `state` prints for a stream's model, in display order. */
  describe?(model: TModel, clock: ReadModelClock): Record<string, string>;
  /**
   * Returns a stream's IATI 2.03 activity as of `generatedAt`, or null with the problems that keep it from being
   * one: each mandatory element the log cannot supply, named with the fact to record (never an invented value).
   */
  iati?(
    model: TModel,
    context: { readonly stream: string; readonly generatedAt: string },
  ): {
    readonly activity: IatiActivity | null;
    readonly problems: readonly IatiProblem[];
  };
};

/** A stream's model as a read model keeps it: the model, its summary, and where in the stream it stands. */
export type ReadModelRow<TModel = unknown, TSummary = unknown> = {
  readonly stream: string;
  /** The last seq folded in: an event at or below it is never applied twice. */
  readonly seq: number;
  /**
   * The latest start (ms since the epoch, UTC) of any folded event's `occurredAt`: the prefix up to `seq` is the
   * state "as of" every date from this one on, until the next event with a later date (time travel's `--as-of`).
   */
  readonly asOf: number;
  readonly model: TModel;
  readonly summary: TSummary;
};
