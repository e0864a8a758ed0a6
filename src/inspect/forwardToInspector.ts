import type { AnyMachineSnapshot } from 'xstate';
import type { EngineOptions } from '../engine/createEngine.ts';
import { toStatelyJson } from '../export/stately.ts';
import { initialSnapshotOf } from '../workflow/scope.ts';
import { inspectedSnapshot, type InspectorLike } from './inspector.ts';

/**
 * Returns an `onRecorded` callback for {@link createEngine} that shows a live engine in a Stately inspector: each
 * stream appears as an actor (its machine's definition, guard names kept), then every recorded event and the snapshot
 * after it. A stream first seen past its start appears from the snapshot after the first event this engine records.
 * @example
 * const inspector = createWebSocketInspector({ url: 'ws://localhost:8080' });
 * const engine = createEngine({ workflows: programme, store, onRecorded: forwardToInspector(inspector) });
 */
export function forwardToInspector(inspector: Pick<InspectorLike, 'actor' | 'event' | 'snapshot'>): NonNullable<EngineOptions['onRecorded']> {
  const announced = new Set<string>();
  return (events, state, snapshots) => {
    const stream = state.stream;
    const machine = state.snapshot.machine;
    if (!announced.has(stream)) {
      announced.add(stream);
      const before: AnyMachineSnapshot = events[0]?.seq === 1 ? initialSnapshotOf(machine) : (snapshots[0] ?? state.snapshot);
      const ref = { sessionId: stream, id: stream, logic: { config: toStatelyJson(machine) } };
      inspector.actor(ref as never, inspectedSnapshot(before));
    }
    events.forEach((event, index) => {
      inspector.event(stream, event);
      inspector.snapshot(stream, inspectedSnapshot(snapshots[index] ?? state.snapshot), { event });
    });
  };
}
