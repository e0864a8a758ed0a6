import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { emptyPosition, foldEvent, type FoldPosition } from '../engine/streamFold.ts';
import { toStatelyJson } from '../export/stately.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { inspectedSnapshot, type InspectorLike } from './inspector.ts';

/** What a stream's inspection needs of an inspector: its actor, event and snapshot messages. */
export type InspectionTarget = Pick<InspectorLike, 'actor' | 'event' | 'snapshot'>;

/** A stream shown in an inspector, event by event. */
export type StreamInspection = {
  /** Folds one more stored event and sends it with the snapshot after it (announcing the actor first if needed). */
  push(event: RecordedEvent): void;
  /** The seq of the last event pushed (0 before any). */
  readonly seq: number;
  /** The fold's position after the last event pushed. */
  readonly position: FoldPosition;
};

/**
 * Returns an inspection of a stream: the stream appears in the inspector as one actor (session id: the stream's
 * name) with its machine's definition, guard names kept, and its initial snapshot; then every event is sent with the
 * snapshot after it, in seq order, straight from the fold (the snapshot XState's `transition()` gives: no actor runs,
 * no effect, nothing read lazily, so the order is the log's). After a `WorkflowMigrated` event the actor is announced
 * again with the machine of the version migrated to. Throws `IntegrityError` for an event that does not continue the
 * stream.
 */
export function inspectStream(
  registry: WorkflowRegistry,
  stream: string,
  inspector: InspectionTarget,
): StreamInspection {
  let position = emptyPosition(registry.latest());
  let announced: AnyStateMachine | null = null;
  const announce = (machine: AnyStateMachine, snapshot: AnyMachineSnapshot) => {
    announced = machine;
    const ref = { sessionId: stream, id: stream, logic: { config: toStatelyJson(machine) } };
    inspector.actor(ref as never, inspectedSnapshot(snapshot));
  };
  return {
    push(event) {
      const before = position;
      position = foldEvent(registry, position, event);
      if (announced === null) {
        // Before its first event the stream is under the version that event names: start from its initial state.
        announce(position.workflow.machine, emptyPosition(position.workflow).snapshot);
      }
      inspector.event(stream, event);
      if (position.workflow.machine !== announced && before.seq > 0)
        announce(position.workflow.machine, position.snapshot);
      inspector.snapshot(stream, inspectedSnapshot(position.snapshot), { event });
    },
    get seq() {
      return position.seq;
    },
    get position() {
      return position;
    },
  };
}
