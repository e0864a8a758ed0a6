import type { AnyMachineSnapshot } from 'xstate';
import { IntegrityError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { Workflow } from './defineWorkflow.ts';
import { eventDefinitionOf } from './migration.ts';
import { stepWorkflow } from './fold/foldPlan.ts';
import { initialSnapshotOf } from './scope.ts';
import { stateLabel, stateText } from './statePath.ts';

/** Returns the workflow's snapshot before any event. Pure; computed once per workflow. */
export function initialSnapshot(workflow: Workflow): AnyMachineSnapshot {
  let snapshot = initialSnapshots.get(workflow);
  if (snapshot === undefined) {
    snapshot = initialSnapshotOf(workflow.machine, workflow.input);
    initialSnapshots.set(workflow, snapshot); // snapshots are never mutated, so one serves every fold
  }
  return snapshot;
}

const initialSnapshots = new WeakMap<Workflow, AnyMachineSnapshot>();

/**
 * Folds recorded events into the snapshot they lead to, starting from `from` (default: the initial snapshot).
 * Pure: actions are computed and discarded, so replay never repeats a side effect. Throws {@link IntegrityError}
 * at the exact seq of an event the workflow does not know or does not accept: a stored event is a fact, never skipped.
 */
export function replay(
  workflow: Workflow,
  events: Iterable<RecordedEvent>,
  from: AnyMachineSnapshot = initialSnapshot(workflow),
): AnyMachineSnapshot {
  let snapshot = from;
  for (const event of events) snapshot = applyRecorded(workflow, snapshot, event);
  return snapshot;
}

/** Applies one stored event (upcast first); throws {@link IntegrityError} if the workflow would not accept it. */
export function applyRecorded(
  workflow: Workflow,
  snapshot: AnyMachineSnapshot,
  event: RecordedEvent,
): AnyMachineSnapshot {
  // Most stored events are at the catalogue's version already: no lifting, and no wrapper object per event.
  const current = eventDefinitionOf(workflow, event.type)?.version === event.schema ? event : upcast(workflow, event);
  if (snapshot.status !== 'active') {
    throw replayError(event, `the workflow had already ended (${describe(workflow, snapshot)})`);
  }
  const { next, accepted } = stepWorkflow(workflow, snapshot, current);
  if (!accepted) {
    throw replayError(event, `${workflow.ref} does not accept ${event.type} in ${describe(workflow, snapshot)}`);
  }
  return next;
}

/**
 * Returns the event with its payload lifted to the catalogue's current schema version by the registered upcasters.
 * Pure. Throws {@link IntegrityError} for an unknown type or a schema version this code cannot read.
 */
export function upcast(workflow: Workflow, event: RecordedEvent): RecordedEvent {
  const lifted = liftEvent(workflow, event);
  if (lifted.outcome === 'unreadable') throw replayError(event, lifted.problem);
  return lifted.event;
}

/**
 * Returns the event lifted as {@link upcast} lifts it, or why it cannot be (the workflow has no such event type, the
 * schema version is not readable, an upcaster is missing), in words that name only the cause: for callers, such as
 * the replay audit, that report the problem and carry on. An upcaster that throws is not caught.
 */
export function liftEvent(
  workflow: Workflow,
  event: RecordedEvent,
):
  | { readonly outcome: 'lifted'; readonly event: RecordedEvent }
  | { readonly outcome: 'unreadable'; readonly problem: string } {
  const entry = eventDefinitionOf(workflow, event.type);
  if (entry === undefined) return { outcome: 'unreadable', problem: `${workflow.ref} has no event type ${event.type}` };
  if (event.schema === entry.version) return { outcome: 'lifted', event };
  if (!Number.isInteger(event.schema) || event.schema < 1 || event.schema > entry.version) {
    return {
      outcome: 'unreadable',
      problem: `${event.type} schema version ${event.schema} is not readable by ${workflow.ref} (it knows 1..${entry.version})`,
    };
  }
  let data: unknown = event.data;
  for (let version = event.schema; version < entry.version; version++) {
    const lift = entry.upcasters?.[version];
    if (lift === undefined)
      return {
        outcome: 'unreadable',
        problem: `${event.type} has no upcaster from schema version ${version} to ${version + 1}`,
      };
    data = lift(data);
  }
  return { outcome: 'lifted', event: { ...event, schema: entry.version, data: data as RecordedEvent['data'] } };
}

function describe(workflow: Workflow, snapshot: AnyMachineSnapshot): string {
  const label = stateLabel(snapshot.value, workflow.hiddenStates);
  return stateText(label);
}

function replayError(event: RecordedEvent, why: string): IntegrityError {
  return new IntegrityError(
    `Replay of "${event.stream}" stopped at seq ${event.seq} (${event.id}): ${why}. ` +
      `The log was written by something other than this workflow, or the workflow changed without a new version.`,
    event.stream,
    event.seq,
  );
}
