import type { AnyMachineSnapshot } from 'xstate';
import type { Workflow } from './defineWorkflow.ts';
import { inertScopeOf } from './scope.ts';

/** Returns the JSON-safe form of a snapshot (xstate's persisted snapshot). Pure. */
export function persistSnapshot(workflow: Workflow, snapshot: AnyMachineSnapshot): unknown {
  return workflow.machine.getPersistedSnapshot(snapshot);
}

/**
 * Returns a live snapshot from its persisted form, history included (xstate's `restoreSnapshot`, never
 * `resolveState`, which loses deep history). Pure: runs no entry actions.
 */
export function restoreSnapshot(workflow: Workflow, persisted: unknown): AnyMachineSnapshot {
  return workflow.machine.restoreSnapshot(persisted as never, inertScopeOf(workflow.machine).scope) as AnyMachineSnapshot;
}
