import type { Proposal, RecordedEvent } from '../envelope/envelope.ts';
import type { StreamId } from '../ids.ts';
import { matchStored } from '../store/appendPlan.ts';
import type { EventStore } from '../store/eventStore.ts';

/**
 * Returns the stored events when every proposal carries an id that is already stored as the same fact (a retried
 * record answered from the store), else null. Throws `IdempotencyConflictError` (from the store's own rule) when an id
 * is stored as another fact.
 */
export async function alreadyStored(
  store: EventStore,
  stream: StreamId,
  proposals: readonly Proposal[],
): Promise<RecordedEvent[] | null> {
  const ids: string[] = [];
  for (const { id } of proposals) {
    if (id === undefined) return null;
    ids.push(id);
  }
  const existing = new Map<string, RecordedEvent>();
  for (const id of ids) {
    const stored = await store.findById(id);
    if (stored !== null) existing.set(id, stored);
  }
  return matchStored(
    proposals.map((p, i) => ({ ...p, id: ids[i]!, stream })),
    existing,
  );
}

/**
 * Answers an attempt that cannot go ahead (a stale expected seq, a refusal) from the store when the whole batch is
 * stored already (a retried request whose first try succeeded), else throws `error`.
 */
export async function storedOrThrow(
  replayed: () => Promise<readonly RecordedEvent[] | null>,
  error: Error,
): Promise<readonly RecordedEvent[]> {
  const stored = await replayed();
  if (stored) return stored;
  throw error;
}
