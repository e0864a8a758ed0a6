import type { RecordedEvent } from '../envelope/envelope.ts';

/**
 * What a workflow tells people about one of its streams, in a form any renderer can show (Markdown, HTML, JSON).
 * Plain data: every string is shown as text and escaped by the renderer, never interpreted.
 */

/** One value in a report: text, a number, a yes/no, or nothing. */
export type ReportCell = string | number | boolean | null;

/** A label and its value. */
export type ReportFact = { readonly label: string; readonly value: ReportCell };

/** A part of a report: facts (label: value), a table, or paragraphs of text. */
export type ReportSection =
  | { readonly kind: 'facts'; readonly title: string; readonly facts: readonly ReportFact[] }
  | {
      readonly kind: 'table';
      readonly title: string;
      readonly columns: readonly string[];
      readonly rows: ReadonlyArray<readonly ReportCell[]>;
      /** Shown when there are no rows. @defaultValue `none` */
      readonly empty?: string;
    }
  | { readonly kind: 'text'; readonly title: string; readonly paragraphs: readonly string[] };

/** What a workflow's projection shows: a title, the identity facts, and its sections in order. */
export type StreamReport = {
  readonly title: string;
  readonly identity: readonly ReportFact[];
  readonly sections: readonly ReportSection[];
};

/** Where the stream stands, as the report is made. */
export type ReportState = {
  readonly stream: string;
  readonly seq: number;
  readonly workflow: string;
  readonly state: string | readonly string[];
  readonly context: unknown;
  /** The day the report is made for (`YYYY-MM-DD`): what is overdue is judged against it. */
  readonly today?: string;
};

/**
 * A workflow's dossier hook: a read model folded over a stream's events and how to show it. Pure. Events come
 * upcast to the newest payload schema of the stream's workflow family, in seq order, each exactly once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a workflow's dossier model is its own
export type DossierProjection<TModel = any> = {
  /** Returns the model before any event. */
  readonly initial: () => TModel;
  /** Returns the model after one more event (never mutates `model`). */
  readonly apply: (model: TModel, event: RecordedEvent) => TModel;
  /** Returns the report for the model at `state`. */
  readonly report: (model: TModel, state: ReportState) => StreamReport;
};
