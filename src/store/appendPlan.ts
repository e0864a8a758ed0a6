import { IdempotencyConflictError, IntegrityError, VersionConflictError } from '../errors.ts';
import { factKey } from '../event/canonical.ts';
import { GENESIS_HASH, type RecordedEvent } from '../event/envelope.ts';
import type { Seq, StreamId } from '../ids.ts';
import type { StreamHead } from './eventStore.ts';

/** What a store should do with an append, decided by the rules every store shares. */
export type AppendPlan =
  | { readonly kind: 'append' }
  | { readonly kind: 'already_appended'; readonly events: readonly RecordedEvent[] };

/**
 * Applies the append rules shared by all stores, in this order: idempotency (every id already stored with the same
 * facts: already appended; some: refused whole; same id with other facts: conflict), then the expected seq, then the
 * batch's own shape (one stream, gapless seqs, a chain that continues the head). Pure; throws the store errors.
 * `existing` maps each batch id that is already stored to its stored event.
 */
export function planAppend(
  stream: StreamId,
  events: readonly RecordedEvent[],
  expectedSeq: Seq,
  head: StreamHead | null,
  existing: ReadonlyMap<string, RecordedEvent>,
): AppendPlan {
  if (events.length === 0) throw new IntegrityError(`An append to "${stream}" needs at least one event`, stream);
  if (existing.size > 0) {
    for (const event of events) {
      const stored = existing.get(event.id);
      if (stored !== undefined && factKey(stored) !== factKey(event)) {
        throw new IdempotencyConflictError(
          event.id,
          `is already stored as ${stored.stream}#${stored.seq} (${stored.type}) with other content`,
        );
      }
    }
    if (existing.size < events.length) {
      const stored = events.filter((e) => existing.has(e.id)).map((e) => e.id);
      throw new IdempotencyConflictError(
        stored[0]!,
        `is already stored but ${events.length - existing.size} other event(s) of the batch are not ` +
          `(stored: ${stored.join(', ')}); a batch that is partly stored is refused whole`,
      );
    }
    return { kind: 'already_appended', events: events.map((e) => existing.get(e.id)!) };
  }
  const headSeq = head?.seq ?? 0;
  if (headSeq !== expectedSeq) throw new VersionConflictError(stream, expectedSeq, headSeq);
  let prev = head?.hash ?? GENESIS_HASH;
  const ids = new Set<string>();
  events.forEach((event, index) => {
    const where = `Append to "${stream}": event ${index + 1} of ${events.length}`;
    if (event.stream !== stream) throw new IntegrityError(`${where} belongs to stream "${event.stream}"`, stream);
    if (event.seq !== expectedSeq + index + 1) {
      throw new IntegrityError(`${where} has seq ${event.seq}, expected ${expectedSeq + index + 1}`, stream, event.seq);
    }
    if (event.prev !== prev) {
      throw new IntegrityError(`${where} (seq ${event.seq}) does not continue the hash chain`, stream, event.seq);
    }
    if (ids.has(event.id)) throw new IdempotencyConflictError(event.id, 'appears twice in one batch');
    ids.add(event.id);
    prev = event.hash;
  });
  return { kind: 'append' };
}

/** Returns the head a stream has after `events` were appended. */
export function headAfter(events: readonly RecordedEvent[]): StreamHead {
  const last = events.at(-1)!;
  return { seq: last.seq, hash: last.hash, recordedAt: last.recordedAt, workflow: last.workflow };
}
