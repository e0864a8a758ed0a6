import type { EventStore } from './eventStore.ts';

/**
 * How many events `streams` of a store hold, by one head read each: the total a progress report or the default's
 * choice of threads needs (docs/performance.md, "Using the cores"). A walk that needs neither does not call it.
 */
export async function countEvents(store: EventStore, streams: Iterable<string>): Promise<number> {
  let total = 0;
  for (const stream of streams) total += (await store.head(stream))?.seq ?? 0;
  return total;
}
