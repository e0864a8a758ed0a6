import type { StreamId } from '../ids.ts';
import type { EventStore } from '../store/eventStore.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { persistSnapshot, restoreSnapshot } from '../workflow/snapshot.ts';
import { emptyPosition, foldStream, type FoldPosition } from './streamFold.ts';
import { toStreamState, type StreamState } from './streamState.ts';

/** A stream's position at its head and the state shown for it. */
export type Current = FoldPosition & { readonly state: StreamState };

/** Keeps each stream's head snapshot so `state()` folds only the events recorded since, never the whole stream. */
export type StreamCache = {
  /** Returns the head: the cached (or persisted) snapshot plus the tail read from the store. */
  load(stream: StreamId): Promise<Current>;
  /** Records that this process appended up to `position`; returns the state there. */
  advance(stream: StreamId, position: FoldPosition): StreamState;
  /** Drops a stream's entry (after a conflict: another writer moved it). */
  forget(stream: StreamId): void;
};

const maxStreams = 1000;

/** Returns a cache over a store. Snapshots are persisted every `snapshotEvery` folded events. */
export function createStreamCache(store: EventStore, registry: WorkflowRegistry, snapshotEvery: number): StreamCache {
  const entries = new Map<StreamId, FoldPosition>();

  const remember = (stream: StreamId, position: FoldPosition): Current => {
    entries.delete(stream);
    entries.set(stream, position);
    if (entries.size > maxStreams) entries.delete(entries.keys().next().value!);
    return { ...position, state: toStreamState(stream, position.workflow, position.snapshot, position) };
  };

  const persisted = async (stream: StreamId): Promise<FoldPosition | null> => {
    const head = await store.head(stream);
    if (head === null) return null;
    const stored = await store.loadSnapshot(stream, head.workflow);
    if (stored === null || stored.seq > head.seq) return null;
    try {
      const workflow = registry.get(stored.workflow);
      const snapshot = restoreSnapshot(workflow, stored.state);
      return { workflow, snapshot, seq: stored.seq, hash: stored.hash, recordedAt: null };
    } catch {
      return null; // a snapshot this code cannot restore is only a lost cache: replay instead
    }
  };

  return {
    async load(stream) {
      const start = entries.get(stream) ?? (await persisted(stream)) ?? emptyPosition(registry.latest());
      const tail = store.readStream(stream, { fromSeq: start.seq + 1 });
      let result: Awaited<ReturnType<typeof foldStream>>;
      try {
        result = await foldStream(registry, start, tail);
      } catch (error) {
        if (start.seq === 0) throw error;
        // The cached or persisted snapshot does not fit the stream (e.g. the chain moved): trust only the log.
        entries.delete(stream);
        result = await foldStream(registry, emptyPosition(registry.latest()), store.readStream(stream));
      }
      let { position } = result;
      if (position.recordedAt === null && position.seq > 0) {
        const head = await store.head(stream);
        position = { ...position, recordedAt: head?.recordedAt ?? null };
      }
      if (result.folded >= snapshotEvery) {
        await store.saveSnapshot(stream, {
          workflow: position.workflow.ref,
          seq: position.seq,
          hash: position.hash,
          state: persistSnapshot(position.workflow, position.snapshot),
        });
      }
      return remember(stream, position);
    },
    advance(stream, position) {
      return remember(stream, position).state;
    },
    forget(stream) {
      entries.delete(stream);
    },
  };
}
