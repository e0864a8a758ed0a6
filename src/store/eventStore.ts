import type { PositionedEvent, RecordedEvent } from '../envelope/envelope.ts';
import type { EventId, GlobalPosition, Seq, StreamId, WorkflowRef } from '../ids.ts';

/** Where a stream stands: its last event's seq, hash, recording time and workflow. */
export type StreamHead = {
  readonly seq: Seq;
  readonly hash: string;
  readonly recordedAt: string;
  readonly workflow: WorkflowRef;
};

/** What an append did: stored the events, or found all of them already stored (an idempotent retry). */
export type AppendOutcome = {
  readonly outcome: 'appended' | 'already_appended';
  readonly events: readonly RecordedEvent[];
};

/** A persisted snapshot of a stream at `seq`, valid only while the event at `seq` still has `hash`. */
export type StoredSnapshot = {
  readonly workflow: WorkflowRef;
  readonly seq: Seq;
  readonly hash: string;
  readonly state: unknown;
};

/** A range of one stream, by seq, both ends included. */
export type StreamRange = { readonly fromSeq?: Seq; readonly toSeq?: Seq };

/** Where a subscription starts: the first global position it delivers (inclusive; default the first event). */
export type SubscribeOptions = { readonly fromPosition?: GlobalPosition };

/** Receives one committed event; the next is not delivered before the returned promise settles. */
export type EventHandler = (event: PositionedEvent) => void | Promise<void>;

/** A running subscription. */
export type Subscription = {
  /** Stops delivery; resolves once the handler is not running any more and nothing else will be delivered. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves after `stop()`, rejects with the handler's or the store's error. */
  readonly done: Promise<void>;
};

/**
 * The port every store implements (memory, SQLite, JSONL, PostgreSQL) and one contract suite checks.
 * Guarantees: optimistic concurrency on (stream, seq); idempotent append by event id; atomic batches; streaming reads;
 * a subscription that delivers every committed event once, in order.
 */
export interface EventStore {
  /** Which adapter this is. */
  readonly kind: 'memory' | 'sqlite' | 'jsonl' | 'postgres';
  /** The URL or path it was opened with. */
  readonly location: string;
  /**
   * Appends sealed events to one stream, all or none, if the stream is at `expectedSeq` (0: empty).
   * Events whose ids are all stored already with the same facts come back as `already_appended`, whatever the seq.
   * Throws `VersionConflictError` for a stale `expectedSeq`, `IdempotencyConflictError` for a reused id with other
   * content or a batch only partly stored, `IntegrityError` for a batch that does not continue the chain.
   */
  append(
    stream: StreamId,
    events: readonly RecordedEvent[],
    options: { readonly expectedSeq: Seq },
  ): Promise<AppendOutcome>;
  /** Yields a stream's events in seq order, paging through the store so a long stream never sits in memory whole. */
  readStream(stream: StreamId, range?: StreamRange): AsyncIterable<RecordedEvent>;
  /** Yields every stream's events in commit order, from `fromPosition` (inclusive; default the first). */
  readAll(options?: { readonly fromPosition?: GlobalPosition }): AsyncIterable<PositionedEvent>;
  /**
   * Returns a subscription that calls `handler` with every committed event from `fromPosition` on, each once, in
   * global position order: first the events already stored (catch-up), then new ones as they commit, from this
   * process or (SQLite, JSONL, PostgreSQL) from others. A handler that throws ends the subscription (`done` rejects).
   */
  subscribe(options: SubscribeOptions, handler: EventHandler): Subscription;
  /** Returns a stream's head, or null for a stream with no events. */
  head(stream: StreamId): Promise<StreamHead | null>;
  /** Returns the stored event with this id, in any stream, or null. */
  findById(id: EventId): Promise<RecordedEvent | null>;
  /** Returns the ids of every stream that has events, sorted. */
  listStreams(): Promise<StreamId[]>;
  /** Returns the latest persisted snapshot of a stream under a workflow version, or null. */
  loadSnapshot(stream: StreamId, workflow: WorkflowRef): Promise<StoredSnapshot | null>;
  /** Keeps a snapshot for a faster `state()`; a cache only: losing it loses nothing. */
  saveSnapshot(stream: StreamId, snapshot: StoredSnapshot): Promise<void>;
  /** Releases files, locks and connections. */
  close(): Promise<void>;
}
