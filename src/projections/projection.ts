import { produce, type Draft } from 'immer';
import type { RecordedEvent } from '../envelope/envelope.ts';

/**
 * A read model folded over a stream's events: an initial model and, per event type, a change to a draft of it
 * (immer), so handlers read like mutations while every model stays an immutable value. Pure.
 */
export type Projection<TModel> = {
  /** Returns the model before any event. */
  readonly initial: () => TModel;
  /** Returns the model after one more event; the same object when no handler cares about its type. */
  readonly apply: (model: TModel, event: RecordedEvent) => TModel;
};

/** Changes a draft of the model for one event. Never reads the clock or does I/O. */
export type ProjectionHandler<TModel> = (draft: Draft<TModel>, event: RecordedEvent) => void;

/**
 * Returns a projection from an initial model and handlers by event type; `every` (optional) runs first for each
 * event. Unknown types leave the model as it is.
 * @example
 * const meetings = defineProjection(() => ({ held: 0 }), { NetworkMeetingHeld: (draft) => { draft.held++; } });
 */
export function defineProjection<TModel>(
  initial: () => TModel,
  handlers: Readonly<Record<string, ProjectionHandler<TModel>>>,
  every?: ProjectionHandler<TModel>,
): Projection<TModel> {
  return {
    initial,
    apply(model, event) {
      const handler = Object.hasOwn(handlers, event.type) ? handlers[event.type] : undefined;
      if (handler === undefined && every === undefined) return model;
      return produce(model, (draft) => {
        every?.(draft, event);
        handler?.(draft, event);
      });
    },
  };
}

/** Returns the model a projection reaches over `events`, in order. */
export async function projectEvents<TModel>(
  projection: Projection<TModel>,
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
): Promise<TModel> {
  let model = projection.initial();
  for await (const event of events) model = projection.apply(model, event);
  return model;
}

/** Returns `record[key]` only when it is the record's own property (never something inherited, like `constructor`). */
export function ownEntry<TValue>(record: Readonly<Record<string, TValue>>, key: string): TValue | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
