import { encodeEvent } from '../envelope/canonical.ts';
import type { PositionedEvent, RecordedEvent } from '../envelope/envelope.ts';
import type { GlobalPosition, StreamId } from '../ids.ts';
import { headAfter, planAppend } from './appendPlan.ts';
import type { AppendOutcome, EventStore, StoredSnapshot, StreamHead } from './eventStore.ts';
import { pulledAll, pulledIterable } from './pulledIterable.ts';
import { createChangeSignal, tailStore, watchSignal } from './subscription.ts';

/**
 * Returns an in-memory store: the reference adapter, for tests and for embedding where the host keeps the log.
 * Stored events are frozen copies decoded from their canonical bytes, so a caller cannot change what was stored.
 */
export function createMemoryEventStore(location = 'memory:'): EventStore {
  const streams = new Map<string, RecordedEvent[]>();
  const heads = new Map<string, StreamHead>();
  const byId = new Map<string, RecordedEvent>();
  const all: PositionedEvent[] = [];
  const snapshots = new Map<string, StoredSnapshot>();
  const changes = createChangeSignal();

  const store: EventStore = {
    kind: 'memory',
    location,
    async append(stream, events, { expectedSeq }): Promise<AppendOutcome> {
      const existing = new Map<string, RecordedEvent>();
      for (const event of events) {
        const stored = byId.get(event.id);
        if (stored !== undefined) existing.set(event.id, stored);
      }
      const plan = planAppend(stream, events, expectedSeq, heads.get(stream) ?? null, existing);
      if (plan.kind === 'already_appended') return { outcome: 'already_appended', events: plan.events };
      const stored = events.map((event) => deepFreeze(JSON.parse(encodeEvent(event)) as RecordedEvent));
      const list = streams.get(stream) ?? [];
      for (const event of stored) {
        list.push(event);
        byId.set(event.id, event);
        all.push({ position: all.length + 1, event });
      }
      streams.set(stream, list);
      heads.set(stream, headAfter(stored));
      changes.notify();
      return { outcome: 'appended', events: stored };
    },
    // Pulled, as the SQLite store's reads are (src/store/pulledIterable.ts): one settled promise an event, no generator.
    readStream(stream, range = {}) {
      return pulledIterable(() => {
        const list = streams.get(stream) ?? [];
        let seq = Math.max(1, range.fromSeq ?? 1);
        const to = Math.min(list.length, range.toSeq ?? list.length);
        return () => (seq <= to ? list[seq++ - 1]! : pulledAll);
      });
    },
    readAll(options = {}) {
      return pulledIterable(() => {
        let position: GlobalPosition = Math.max(1, options.fromPosition ?? 1);
        // all.length is read on every pull: events appended while a reader iterates are handed out too.
        return () => (position <= all.length ? all[position++ - 1]! : pulledAll);
      });
    },
    subscribe(options, handler) {
      return tailStore(
        { readAll: (o) => store.readAll(o), watch: watchSignal(changes), pollMs: 1000 },
        options,
        handler,
      );
    },
    async head(stream) {
      return heads.get(stream) ?? null;
    },
    async findById(id) {
      return byId.get(id) ?? null;
    },
    async listStreams(): Promise<StreamId[]> {
      return [...streams.keys()].sort();
    },
    async loadSnapshot(stream, workflow) {
      return snapshots.get(`${stream}\u0000${workflow}`) ?? null;
    },
    async saveSnapshot(stream, snapshot) {
      snapshots.set(`${stream}\u0000${snapshot.workflow}`, structuredClone(snapshot));
    },
    async close() {},
  };
  return store;
}

function deepFreeze<TValue>(value: TValue): TValue {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
