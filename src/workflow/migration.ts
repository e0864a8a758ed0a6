import type { AnyMachineSnapshot } from 'xstate';
import { z } from 'zod';
import { IntegrityError, type RefusalReason } from '../errors.ts';
import type { RecordedEvent, UnhashedEvent } from '../envelope/envelope.ts';
import type { EventDefinition, Workflow } from './defineWorkflow.ts';
import type { WorkflowRegistry } from './registry.ts';
import { persistSnapshot, restoreSnapshot } from './snapshot.ts';
import { TypeTable } from './typeTable.ts';

/** The type of the engine's migration event: it moves a stream from one version of its workflow to a newer one. */
export const workflowMigratedType = 'WorkflowMigrated';

const workflowRef: z.ZodString = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}@[1-9]\d{0,8}$/, 'expected a workflow ref such as programme@2');

/** The payload of `WorkflowMigrated`: the version the stream leaves, the one it moves to, and why. */
export const WorkflowMigratedData: z.ZodObject<
  { from: z.ZodString; to: z.ZodString; reason: z.ZodString },
  z.core.$strict
> = z.strictObject({
  from: workflowRef,
  to: workflowRef,
  reason: z.string().trim().min(1, 'expected the reason for the migration').max(2000),
});
export type WorkflowMigratedData = z.infer<typeof WorkflowMigratedData>;

/**
 * The engine's own event types, known to every workflow: `WorkflowMigrated`. A workflow lets a role record it by
 * giving it a rule in its policy (deny by default, like every other type).
 */
export const engineEventTypes: Readonly<Record<string, EventDefinition>> = {
  [workflowMigratedType]: { schema: WorkflowMigratedData, version: 1 },
};

/** True when `type` is the engine's own migration event for this workflow (a workflow may not redefine it). */
export function isEngineMigration(workflow: Workflow, type: string): boolean {
  return type === workflowMigratedType && !Object.hasOwn(workflow.catalogue, workflowMigratedType);
}

/** Returns the definition of an event type: the workflow's catalogue first, then the engine's own types. */
export function eventDefinitionOf(workflow: Workflow, type: string): EventDefinition | undefined {
  const { catalogue } = workflow;
  if (catalogue !== lastCatalogue) {
    let found = foundByCatalogue.get(catalogue);
    if (found === undefined) foundByCatalogue.set(catalogue, (found = new TypeTable()));
    lastCatalogue = catalogue;
    lastFound = found;
  }
  let definition = lastFound.get(type);
  if (definition === undefined) {
    // Own entries only: a type named like an Object.prototype member (toString, __proto__) is not an event type.
    definition = Object.hasOwn(catalogue, type)
      ? catalogue[type]
      : Object.hasOwn(engineEventTypes, type)
        ? engineEventTypes[type]
        : undefined;
    // Only types found are kept, so a stream of unknown types (proposals are input) cannot grow the map.
    if (definition !== undefined) lastFound.set(type, definition);
  }
  return definition;
}

// Replay looks up the definition of every event's type, a string fresh from JSON.parse: as a property key it is first
// searched for in V8's string table (about 0.1 us an event, docs/performance.md), as a Map key it is hashed (about
// 40 ns), in a TypeTable it is only compared with the few types of its length. A catalogue, like the machine it
// covers, is not changed once defineWorkflow has checked them against each other.
const foundByCatalogue = new WeakMap<object, TypeTable<EventDefinition>>();
let lastCatalogue: object | undefined;
let lastFound = new TypeTable<EventDefinition>();

/**
 * Returns why a stream under `from`, in `snapshot`, may not move to the version a `WorkflowMigrated` candidate
 * names (an empty list when it may), and the workflow and snapshot it moves to. Pure. The target must be registered,
 * of the same name, newer, and able to take over the snapshot (same state nodes).
 */
export function checkMigration(
  registry: WorkflowRegistry,
  from: Workflow,
  snapshot: AnyMachineSnapshot,
  event: UnhashedEvent | RecordedEvent,
): { readonly reasons: RefusalReason[]; readonly to?: Workflow; readonly snapshot?: AnyMachineSnapshot } {
  const data = event.data as WorkflowMigratedData;
  const reasons: RefusalReason[] = [];
  const fail = (reason: string) => reasons.push({ guard: 'migration', reason });
  if (event.seq === 1) fail(`a new stream starts under the version it names; it does not begin with a migration`);
  if (data.from !== from.ref) fail(`the stream is under ${from.ref}, not ${data.from}`);
  let to: Workflow | undefined;
  try {
    to = registry.get(data.to);
  } catch {
    fail(`${data.to} is not registered here`);
  }
  if (to !== undefined) {
    if (to.name !== from.name)
      fail(`a stream stays in its workflow family: ${data.to} is not a version of ${from.name}`);
    else if (to.version <= from.version)
      fail(`a migration moves to a newer version; ${data.to} is not newer than ${from.ref}`);
  }
  if (snapshot.status !== 'active') fail(`the stream has ended; a final state is not migrated`);
  if (reasons.length > 0 || to === undefined) return { reasons };
  try {
    return { reasons, to, snapshot: restoreSnapshot(to, persistSnapshot(from, snapshot)) };
  } catch (error) {
    fail(`${to.ref} cannot take over the current state (${(error as Error).message})`);
    return { reasons };
  }
}

/**
 * Returns the workflow and snapshot a stored `WorkflowMigrated` event leads to. Pure. Throws {@link IntegrityError}
 * at the event's seq when the migration could not have been accepted, and `UnknownWorkflowError` when the version
 * it moves to is not registered here.
 */
export function applyMigration(
  registry: WorkflowRegistry,
  from: Workflow,
  snapshot: AnyMachineSnapshot,
  event: RecordedEvent,
): { readonly workflow: Workflow; readonly snapshot: AnyMachineSnapshot } {
  const parsed = WorkflowMigratedData.safeParse(event.data);
  if (!parsed.success) {
    throw new IntegrityError(
      `Replay of "${event.stream}" stopped at seq ${event.seq}: WorkflowMigrated has an invalid payload (${parsed.error.issues[0]?.message})`,
      event.stream,
      event.seq,
    );
  }
  registry.get(parsed.data.to); // a version this process lacks: the stream cannot be read, which is not a broken log
  const result = checkMigration(registry, from, snapshot, event);
  if (result.to === undefined || result.snapshot === undefined) {
    throw new IntegrityError(
      `Replay of "${event.stream}" stopped at seq ${event.seq}: WorkflowMigrated could not have been accepted: ` +
        result.reasons.map((r) => r.reason).join('; '),
      event.stream,
      event.seq,
    );
  }
  return { workflow: result.to, snapshot: result.snapshot };
}
