import type { AnyMachineSnapshot } from 'xstate';
import type { RecordedEvent } from '../envelope/envelope.ts';

/** A key fact for people: a label, its value, and whether it calls for attention (a suspension, an overdue gate). */
export type PresentedFact = { readonly label: string; readonly value: string; readonly attention?: boolean };

/** One event in words: a short summary (what a slider announces) and the whole line a timeline shows. */
export type PresentedEvent = {
  /** `G1 go with conditions` */
  readonly summary: string;
  /** `G1: go with conditions, 16 Nov 2011 (EL&I, Shenzhen government)` */
  readonly line: string;
  /** Who recorded it, by name and role: `EL&I, gatekeeper`. */
  readonly by: string;
};

/**
 * How a workflow speaks to the people who run it (the programme page uses it): a read model folded over the stream
 * (names of organisations, decisions, suspensions), and from it the title, each event and the key facts in words.
 * Pure; `apply` returns a new model or the same one when nothing changed, never mutating it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a workflow's presentation model is its own
export type Presentation<TModel = any> = {
  readonly initial: () => TModel;
  readonly apply: (model: TModel, event: RecordedEvent) => TModel;
  /** The stream's title (the programme's name), or null before it is known. */
  readonly title: (model: TModel) => string | null;
  /** The event in words, with the model after it. */
  readonly event: (model: TModel, event: RecordedEvent) => PresentedEvent;
  /** The state in words: `Development: G2 review open`. */
  readonly state: (snapshot: AnyMachineSnapshot) => string;
  /** The key facts after an event that occurred on `asOf` (a date: what is overdue is judged then). */
  readonly facts: (model: TModel, snapshot: AnyMachineSnapshot, asOf: string) => readonly PresentedFact[];
};
