import type { AnyMachineSnapshot, AnyStateMachine, ContextFrom, SnapshotFrom, StateValueFrom } from 'xstate';
import type { Seq, StreamId, WorkflowRef } from '../ids.ts';
import type { Workflow } from '../workflow/defineWorkflow.ts';
import { stateLabel } from '../workflow/statePath.ts';

/**
 * A stream's state after some prefix of its events: what `state()` and `stateAt()` return. Typed by the workflow's
 * machine: `context`, `value` and `snapshot` are what that machine's `setup()` declares, and `state` is one of the
 * workflow's state paths (`StatePathOf`).
 */
export type StreamState<TMachine extends AnyStateMachine = AnyStateMachine, TPath extends string = string> = {
  readonly stream: StreamId;
  /** The last event folded in; 0 for an empty stream. */
  readonly seq: Seq;
  readonly workflow: WorkflowRef;
  /** The active leaf state as a dotted path (`development.active`), or one per parallel region. */
  readonly state: TPath | readonly TPath[];
  /** XState's own state value. */
  readonly value: StateValueFrom<TMachine>;
  /** The machine's context after the folded events. */
  readonly context: ContextFrom<TMachine>;
  /** `active`, or `done` once the machine reached a final state. */
  readonly status: SnapshotFrom<TMachine>['status'];
  /** The hash of the event at `seq` (64 zeros for seq 0): what the next event's `prev` must be. */
  readonly hash: string;
  /** When the event at `seq` was recorded; null for seq 0. */
  readonly recordedAt: string | null;
  /** The XState snapshot itself, for charts and "what next". */
  readonly snapshot: SnapshotFrom<TMachine>;
};

/** Returns the stream state for a snapshot at a position. Pure. */
export function toStreamState(
  stream: StreamId,
  workflow: Workflow,
  snapshot: AnyMachineSnapshot,
  at: { readonly seq: Seq; readonly hash: string; readonly recordedAt: string | null },
): StreamState {
  return {
    stream,
    seq: at.seq,
    workflow: workflow.ref,
    state: stateLabel(snapshot.value, workflow.hiddenStates),
    value: snapshot.value,
    context: snapshot.context,
    status: snapshot.status,
    hash: at.hash,
    recordedAt: at.recordedAt,
    snapshot,
  };
}

/** Returns the JSON form of a stream state, as `phasegate state --json` prints it (everything but the live snapshot). */
export function streamStateJson<TMachine extends AnyStateMachine, TPath extends string>(
  state: StreamState<TMachine, TPath>,
): Omit<StreamState<TMachine, TPath>, 'snapshot'> {
  const { snapshot: _snapshot, ...json } = state;
  return json;
}
