import { IdempotencyConflictError, isVersionConflictError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { Seq, StreamId } from '../ids.ts';
import type { EventStore } from '../store/eventStore.ts';
import { backOff } from './draft.ts';
import type { StreamCache } from './streamCache.ts';

/**
 * What appending a decided batch came to: `stored` (the events are appended; the caller advances the cache and runs
 * effects), `answered` (the batch was stored before, by an earlier try: these are the stored events) or `retry`
 * (another writer appended first and the caller may decide again against the new head).
 */
export type AppendResult =
  | { readonly kind: 'stored' }
  | { readonly kind: 'answered'; readonly events: readonly RecordedEvent[] }
  | { readonly kind: 'retry' };

/** What {@link appendDecided} needs besides the events. */
export type AppendAttempt = {
  readonly store: EventStore;
  readonly cache: StreamCache;
  readonly stream: StreamId;
  /** The seq the events were decided against. */
  readonly atSeq: Seq;
  /** The caller's own expected seq: with one, a lost race is the caller's to settle, never retried. */
  readonly expectedSeq: Seq | undefined;
  readonly attempt: number;
  readonly maxRetries: number;
  /** Returns the batch's events when every proposal's id is stored already (a retried request), else null. */
  readonly replayed: () => Promise<readonly RecordedEvent[] | null>;
};

/**
 * Appends decided events at `atSeq`. A conflict whose ids are all stored is answered from the store; a lost race
 * without the caller's expected seq is retried (after a back-off) up to `maxRetries`; anything else is thrown.
 */
export async function appendDecided(events: readonly RecordedEvent[], at: AppendAttempt): Promise<AppendResult> {
  const { store, cache, stream } = at;
  try {
    const outcome = await store.append(stream, events, { expectedSeq: at.atSeq });
    return outcome.outcome === 'already_appended' ? { kind: 'answered', events: outcome.events } : { kind: 'stored' };
  } catch (error) {
    const lostRace = isVersionConflictError(error);
    // After a conflict the cached head is only behind: the next load reads the tail. Anything else: reload.
    if (!lostRace) cache.forget(stream);
    if (error instanceof IdempotencyConflictError || lostRace) {
      const stored = await at.replayed();
      if (stored) return { kind: 'answered', events: stored };
    }
    if (!lostRace || at.expectedSeq !== undefined || at.attempt >= at.maxRetries) throw error;
    await backOff(at.attempt);
    return { kind: 'retry' };
  }
}
