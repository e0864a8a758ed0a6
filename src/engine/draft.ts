import type { Actor, EventData, UnhashedEvent } from '../envelope/envelope.ts';
import { createEventId, type EventId, type Seq, type StreamId, type WorkflowRef } from '../ids.ts';

/** Where the next event of a stream goes: after `seq`, chained to `hash`. */
export type StreamHeadAt = { readonly stream: StreamId; readonly seq: Seq; readonly hash: string };

/** The fields of an event that its writer chooses; the head it follows gives `stream`, `seq` and `prev`. */
export type EventDraft = {
  readonly type: string;
  readonly schema: number;
  readonly workflow: WorkflowRef;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly data: EventData;
  readonly id?: EventId | undefined;
  readonly causationId?: string | undefined;
  readonly correlationId?: string | undefined;
};

/**
 * Returns the envelope of the event after `head` (everything the hash covers): a new id unless the draft brings one,
 * the actor reduced to id and role, and the optional links only when given.
 */
export function draftEvent(head: StreamHeadAt, draft: EventDraft): UnhashedEvent {
  return {
    id: draft.id ?? createEventId(),
    stream: head.stream,
    seq: head.seq + 1,
    type: draft.type,
    schema: draft.schema,
    workflow: draft.workflow,
    occurredAt: draft.occurredAt,
    recordedAt: draft.recordedAt,
    actor: { id: draft.actor.id, role: draft.actor.role },
    data: draft.data,
    ...(draft.causationId === undefined ? {} : { causationId: draft.causationId }),
    ...(draft.correlationId === undefined ? {} : { correlationId: draft.correlationId }),
    prev: head.hash,
  };
}

/**
 * Returns the `recordedAt` of a stream's next event: `now`, or the stream's last `recordedAt` when the clock is behind
 * it, so that recording time never goes back within a stream (a clock stepped back, or another writer's clock ahead).
 */
export function recordedAtAfter(last: string | null, now: string): string {
  return last !== null && last > now ? last : now;
}
