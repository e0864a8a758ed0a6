import { SnapshotError } from '../errors.ts';
import type { StreamId } from '../ids.ts';
import type { EventStore } from '../store/eventStore.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { jsonProblem } from '../workflow/contextCodec.ts';
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
  /** Drops a stream's entry (after a failed append whose outcome does not say where the stream stands). */
  forget(stream: StreamId): void;
};

const maxStreams = 1000;

/** Returns a cache over a store. Snapshots are persisted every `snapshotEvery` folded events. */
export function createStreamCache(store: EventStore, registry: WorkflowRegistry, snapshotEvery: number): StreamCache {
  const entries = new Map<StreamId, FoldPosition>();
  const warned = new Set<string>();
  const warnOnce = (key: string, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    console.warn(`phasegate: ${message}`);
  };

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
    // A snapshot past the head, or at the head with another hash, belongs to a history this log does not hold.
    if (stored === null || stored.seq > head.seq || (stored.seq === head.seq && stored.hash !== head.hash)) return null;
    try {
      const workflow = registry.get(stored.workflow);
      const snapshot = restoreSnapshot(workflow, stored.state);
      // recordedAt is the head's only when nothing follows the snapshot; otherwise the tail's last event sets it.
      return {
        workflow,
        snapshot,
        seq: stored.seq,
        hash: stored.hash,
        recordedAt: stored.seq === head.seq ? head.recordedAt : null,
      };
    } catch (error) {
      // A snapshot this code cannot restore is only a lost cache: replay instead (and say so once).
      if (error instanceof SnapshotError) warnOnce(`restore ${stored.workflow}`, error.message);
      return null;
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
      const { position } = result;
      if (result.folded >= snapshotEvery) {
        const state = persistSnapshot(position.workflow, position.snapshot);
        // A snapshot that JSON would change is not saved: restoring it would give another state.
        const problem = jsonProblem(state, 'snapshot');
        if (problem === null) {
          await store.saveSnapshot(stream, {
            workflow: position.workflow.ref,
            seq: position.seq,
            hash: position.hash,
            state,
          });
        } else {
          const ref = position.workflow.ref;
          warnOnce(
            `save ${ref}`,
            `${ref}: ${problem}, so its snapshots are not saved and streams are replayed instead. ` +
              'Give defineWorkflow a codec ({ version, persist, restore }) for a context that is not plain JSON.',
          );
        }
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
