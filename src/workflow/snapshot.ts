import type { AnyMachineSnapshot, Snapshot } from 'xstate';
import { SnapshotError } from '../errors.ts';
import type { Workflow } from './defineWorkflow.ts';
import { inertScopeOf } from './scope.ts';

/** The key of a persisted snapshot that holds the version of the context codec it was written with. */
const codecKey = 'contextCodec';

/**
 * Returns the persisted form of a snapshot: xstate's persisted snapshot, its context written by the workflow's
 * codec when it has one (the codec's version kept beside it). Pure. Plain JSON data when the context is, or the
 * codec writes it so.
 */
export function persistSnapshot(workflow: Workflow, snapshot: AnyMachineSnapshot): unknown {
  const persisted = workflow.machine.getPersistedSnapshot(snapshot) as Record<string, unknown>;
  const { codec } = workflow;
  if (codec === undefined) return persisted;
  return { ...persisted, context: codec.persist(snapshot.context), [codecKey]: codec.version };
}

/**
 * Returns a live snapshot from its persisted form, history included (xstate's `restoreSnapshot`, never
 * `resolveState`, which loses deep history), its context read by the workflow's codec. Pure: runs no entry actions.
 * Throws a {@link SnapshotError} when it cannot (the codec's `restore` threw, the form is not a snapshot of this
 * machine, or it was written by a codec this workflow does not have); the engine then replays the stream instead.
 */
export function restoreSnapshot(workflow: Workflow, persisted: unknown): AnyMachineSnapshot {
  try {
    if (typeof persisted !== 'object' || persisted === null) throw new TypeError('it is not an object');
    const { [codecKey]: written, ...snapshot } = persisted as Record<string, unknown>;
    const { codec } = workflow;
    if (codec === undefined && written !== undefined) {
      throw new TypeError(
        `its context was written by a codec (version ${JSON.stringify(written)}), and ${workflow.ref} has none`,
      );
    }
    const version = written === undefined ? 0 : Number(written);
    const context = codec === undefined ? snapshot.context : codec.restore(snapshot.context, version);
    const restored = { ...snapshot, context };
    if (!isPersistedSnapshot(restored)) throw new TypeError('it has no status or state value');
    return workflow.machine.restoreSnapshot(restored, inertScopeOf(workflow.machine).scope);
  } catch (error) {
    throw new SnapshotError(
      `A persisted snapshot of ${workflow.ref} cannot be restored: ${(error as Error).message}. ` +
        'Replaying the stream from its first event gives the state instead.',
      { cause: error },
    );
  }
}

function isPersistedSnapshot(value: object): value is Snapshot<unknown> {
  return typeof (value as { status?: unknown }).status === 'string' && 'value' in value;
}
