import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { EngineOptions } from '../engine/createEngine.ts';
import { toStatelyJson } from '../export/stately.ts';
import { initialSnapshotOf } from '../workflow/scope.ts';
import { inspectedSnapshot, type InspectorLike } from './inspector.ts';

/**
 * Returns an `onRecorded` callback for {@link createEngine} that shows a live engine in a Stately inspector: each
 * stream appears as an actor (its machine's definition, guard names kept), then every recorded event and the snapshot
 * after it. A stream first seen past its start appears from the snapshot after the first event this engine records;
 * after a `WorkflowMigrated` event the stream's actor is announced again with the machine of the version it moved to.
 * @example
 * const inspector = createWebSocketInspector({ url: 'ws://localhost:8080' });
 * const engine = createEngine({ workflows: programme, store, onRecorded: forwardToInspector(inspector) });
 */
export function forwardToInspector(
  inspector: Pick<InspectorLike, 'actor' | 'event' | 'snapshot'>,
): NonNullable<EngineOptions['onRecorded']> {
  const announced = new Map<string, AnyStateMachine>();
  const announce = (stream: string, machine: AnyStateMachine, snapshot: AnyMachineSnapshot) => {
    announced.set(stream, machine);
    const ref = { sessionId: stream, id: stream, logic: { config: toStatelyJson(machine) } };
    inspector.actor(ref as never, inspectedSnapshot(snapshot));
  };
  return (events, state, snapshots) => {
    const stream = state.stream;
    if (!announced.has(stream)) {
      const first = snapshots[0] ?? state.snapshot;
      announce(stream, first.machine, events[0]?.seq === 1 ? initialSnapshotOf(first.machine) : first);
    }
    events.forEach((event, index) => {
      const after = snapshots[index] ?? state.snapshot;
      inspector.event(stream, event);
      // A WorkflowMigrated event moved the stream to another version: show that version's machine from here on.
      if (after.machine !== announced.get(stream)) announce(stream, after.machine, after);
      inspector.snapshot(stream, inspectedSnapshot(after), { event });
    });
  };
}
