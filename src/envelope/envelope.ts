import type { EventId, GlobalPosition, Seq, StreamId, WorkflowRef } from '../ids.ts';

/** Who recorded an event: the recording organisation's participant id and the role authorization checks. */
export type Actor = { readonly id: string; readonly role: string };

/** An Ed25519 signature of the event's `hash` by the recording actor's key. */
export type Signature = { readonly keyId: string; readonly alg: 'ed25519'; readonly value: string };

/** Any JSON object payload. */
export type EventData = { readonly [key: string]: unknown };

/**
 * A recorded event, the envelope (README, "Stores": the envelope contract): the contract of every store, the
 * JSONL format and the hash.
 * `hash` is the SHA-256 of the RFC 8785 canonical JSON of every other field except `sig`.
 */
export type RecordedEvent<TType extends string = string, TData = EventData> = {
  readonly id: EventId;
  readonly stream: StreamId;
  readonly seq: Seq;
  readonly type: TType;
  readonly schema: number;
  readonly workflow: WorkflowRef;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly data: TData;
  readonly causationId?: string;
  readonly correlationId?: string;
  readonly prev: string;
  readonly hash: string;
  readonly sig?: Signature;
};

/** A recorded event before it is hashed: what the hash covers. */
export type UnhashedEvent<TType extends string = string, TData = EventData> = Omit<
  RecordedEvent<TType, TData>,
  'hash' | 'sig'
>;

/** A recorded event with the store-wide position a store keeps beside it (not hashed). */
export type PositionedEvent = { readonly position: GlobalPosition; readonly event: RecordedEvent };

/** What a caller hands in; the engine fills in the rest of the envelope. */
export type Proposal<TType extends string = string, TData = EventData> = {
  readonly type: TType;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly data: TData;
  readonly id?: EventId;
  readonly causationId?: string;
  readonly correlationId?: string;
};

/** The `prev` of the first event in a stream. */
export const GENESIS_HASH: string = '0'.repeat(64);
