import { IdempotencyConflictError, isVersionConflictError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { Seq, StreamId } from '../ids.ts';
import type { EventStore } from '../store/eventStore.ts';
import type { StreamCache } from './streamCache.ts';

/**
 * What appending a decided batch came to: `stored` (the events are appended; the caller advances the cache and runs
 * effects) or `answered` (the batch was stored before, by an earlier try: these are the stored events).
 */
export type AppendResult =
  { readonly outcome: 'stored' } | { readonly outcome: 'answered'; readonly events: readonly RecordedEvent[] };

/** What {@link appendDecided} needs besides the events. */
export type AppendAttempt = {
  readonly store: EventStore;
  readonly cache: StreamCache;
  readonly stream: StreamId;
  /** The seq the events were decided against. */
  readonly atSeq: Seq;
  /** Returns the batch's events when every proposal's id is stored already (a retried request), else null. */
  readonly replayed: () => Promise<readonly RecordedEvent[] | null>;
};

/**
 * Appends decided events at `atSeq`. A conflict (a lost race or a reused id) whose ids are all stored is answered from
 * the store; anything else is thrown: a lost race keeps the cached head (it is only behind, the next load reads the
 * tail) and is the caller's to retry (`retryLostRaces`), any other failure forgets it.
 */
export async function appendDecided(events: readonly RecordedEvent[], at: AppendAttempt): Promise<AppendResult> {
  try {
    const outcome = await at.store.append(at.stream, events, { expectedSeq: at.atSeq });
    return outcome.outcome === 'already_appended'
      ? { outcome: 'answered', events: outcome.events }
      : { outcome: 'stored' };
  } catch (error) {
    const lostRace = isVersionConflictError(error);
    if (!lostRace) at.cache.forget(at.stream);
    if (error instanceof IdempotencyConflictError || lostRace) {
      const stored = await at.replayed();
      if (stored) return { outcome: 'answered', events: stored };
    }
    throw error;
  }
}
