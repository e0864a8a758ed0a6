import { setTimeout as sleep } from 'node:timers/promises';
import { createActor, type AnyActorRef, type AnyStateMachine } from 'xstate';
import { IntegrityError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { emptyPosition, foldEvent } from '../engine/streamFold.ts';
import type { Workflow } from '../workflow/defineWorkflow.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { upcast } from '../workflow/replay.ts';
import type { InspectorLike } from './inspector.ts';

/**
 * Replays a stream into a live XState actor connected to an inspector, so the inspector receives the machine's
 * definition, then each stored event and the snapshot after it, in order. Custom actions are stubbed (never run);
 * the fold is checked alongside (seq, hash chain, acceptance). The actor runs the machine of the version the stream
 * started under (not the newest); after a `WorkflowMigrated` event (sent to the old actor) the replay continues in a
 * new actor of the version migrated to, from the migrated snapshot. Returns how many events were replayed.
 * Throws `IntegrityError` at the first event that does not replay.
 */
export async function replayIntoInspector(
  registry: WorkflowRegistry,
  stream: string,
  events: AsyncIterable<RecordedEvent>,
  inspector: Pick<InspectorLike, 'inspect'>,
): Promise<{ readonly events: number }> {
  let position = emptyPosition(registry.latest());
  let actor: AnyActorRef | null = null;
  let count = 0;
  const start = (workflow: Workflow, snapshot?: unknown) => {
    actor?.stop();
    actor = createActor(withoutEffects(workflow.machine), {
      id: stream,
      inspect: inspector.inspect,
      ...(snapshot === undefined ? {} : { snapshot: snapshot as never }),
    }).start();
  };
  for await (const event of events) {
    const previous = position;
    position = foldEvent(registry, position, event);
    // The workflow the event was recorded under: the one it names at seq 1, the one in force before it afterwards.
    const under = previous.seq === 0 ? position.workflow : previous.workflow;
    if (actor === null) start(under);
    actor!.send(upcast(under, event) as never);
    const value = actor!.getSnapshot().value;
    if (JSON.stringify(value) !== JSON.stringify(position.snapshot.value)) {
      throw new IntegrityError(`Replay of "${stream}" into the inspector diverged at seq ${event.seq}: the actor is in ${JSON.stringify(value)}`, stream, event.seq);
    }
    count++;
    // A WorkflowMigrated event moved the stream to another version: go on in an actor of that version's machine,
    // from the snapshot the migration led to.
    if (position.workflow !== under) start(position.workflow, position.workflow.machine.getPersistedSnapshot(position.snapshot));
    // The inspector sends on a deferred tick and reads some snapshots lazily: let it keep up, event by event.
    await sleep(0);
  }
  if (actor === null) start(registry.latest());
  await sleep(0);
  return { events: count };
}

/** Returns the machine with its custom actions stubbed (assign and other built-ins kept, so context still evolves). */
export function withoutEffects(machine: AnyStateMachine): AnyStateMachine {
  const actions = (machine.implementations.actions ?? {}) as Record<string, unknown>;
  const stubs: Record<string, () => void> = {};
  for (const [name, implementation] of Object.entries(actions)) {
    const type = (implementation as { type?: unknown }).type;
    if (typeof type === 'string' && type.startsWith('xstate.')) continue; // assign, raise, ...: part of the state
    stubs[name] = () => {};
  }
  return Object.keys(stubs).length === 0 ? machine : machine.provide({ actions: stubs });
}
