import type { AnyMachineSnapshot } from 'xstate';
import { IntegrityError } from '../errors.ts';
import { GENESIS_HASH, type RecordedEvent } from '../envelope/envelope.ts';
import { isStreamId, type Seq, type StreamId } from '../ids.ts';
import type { Workflow } from '../workflow/defineWorkflow.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { applyMigration, isEngineMigration, workflowMigratedType } from '../workflow/migration.ts';
import { isRefusalsStream, refusalsSuffix, refusalsWorkflow } from '../workflow/refusalsWorkflow.ts';
import { applyRecorded, initialSnapshot } from '../workflow/replay.ts';

/** Where a fold over a stream stands: the workflow in force, its snapshot, and the last event folded in. */
export type FoldPosition = {
  readonly workflow: Workflow;
  readonly snapshot: AnyMachineSnapshot;
  readonly seq: Seq;
  readonly hash: string;
  readonly recordedAt: string | null;
};

/** Returns the position of a stream before its first event, under `workflow`. Pure. */
export function emptyPosition(workflow: Workflow): FoldPosition {
  return { workflow, snapshot: initialSnapshot(workflow), seq: 0, hash: GENESIS_HASH, recordedAt: null };
}

/**
 * Folds one more stored event into a position. Pure. Checks that the event continues the stream (next seq, `prev`
 * equal to the last hash) under the workflow in force: the first event names the stream's workflow, and only a
 * `WorkflowMigrated` event moves it to another version (carrying the snapshot over); an event that names another
 * version without one is an implicit switch and refused. Throws {@link IntegrityError} at the exact seq when the
 * event does not fit.
 */
export function foldEvent(registry: WorkflowRegistry, position: FoldPosition, event: RecordedEvent): FoldPosition {
  if (event.seq !== position.seq + 1) {
    throw new IntegrityError(
      `Stream "${event.stream}" jumps from seq ${position.seq} to ${event.seq}: an event is missing or out of order`,
      event.stream,
      event.seq,
    );
  }
  if (event.prev !== position.hash) {
    throw new IntegrityError(
      `Stream "${event.stream}" seq ${event.seq} does not continue the hash chain (prev differs from seq ${position.seq}'s hash)`,
      event.stream,
      event.seq,
    );
  }
  let { workflow, snapshot } = position;
  if (event.workflow !== workflow.ref) {
    if (position.seq !== 0) {
      throw new IntegrityError(
        `Stream "${event.stream}" seq ${event.seq} names ${event.workflow}, but the stream is under ${workflow.ref}: ` +
          `a stream changes version only through a recorded ${workflowMigratedType} event`,
        event.stream,
        event.seq,
      );
    }
    workflow = registry.get(event.workflow);
    snapshot = initialSnapshot(workflow);
  }
  if (position.seq === 0 && isRefusalsStream(event.stream) !== (workflow.ref === refusalsWorkflow.ref)) {
    throw new IntegrityError(
      `Stream "${event.stream}" starts under ${workflow.ref}, but ${refusalsWorkflow.ref} is the workflow of ` +
        `"<stream>${refusalsSuffix}" streams and only of them`,
      event.stream,
      event.seq,
    );
  }
  if (isEngineMigration(workflow, event.type)) {
    const migrated = applyMigration(registry, workflow, snapshot, event);
    return {
      workflow: migrated.workflow,
      snapshot: migrated.snapshot,
      seq: event.seq,
      hash: event.hash,
      recordedAt: event.recordedAt,
    };
  }
  return {
    workflow,
    snapshot: applyRecorded(workflow, snapshot, event),
    seq: event.seq,
    hash: event.hash,
    recordedAt: event.recordedAt,
  };
}

/** Folds stored events while `keep(event)` holds; returns the position and how many events were folded. */
export async function foldStream(
  registry: WorkflowRegistry,
  start: FoldPosition,
  events: AsyncIterable<RecordedEvent>,
  keep: (event: RecordedEvent) => boolean = () => true,
): Promise<{ readonly position: FoldPosition; readonly folded: number }> {
  let position = start;
  let folded = 0;
  for await (const event of events) {
    if (!keep(event)) break;
    position = foldEvent(registry, position, event);
    folded++;
  }
  return { position, folded };
}

/** Returns what is wrong with a stream id (`[A-Za-z0-9._-]{1,128}`), or null when it is one. */
export function streamIdProblem(stream: StreamId): string | null {
  return isStreamId(stream)
    ? null
    : `stream id "${String(stream).slice(0, 140)}" must be 1 to 128 of A-Z a-z 0-9 . _ -`;
}
