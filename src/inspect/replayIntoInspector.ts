import { setTimeout as sleep } from 'node:timers/promises';
import type { AnyStateMachine } from 'xstate';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { inspectStream, type InspectionTarget } from './streamInspection.ts';

/**
 * Replays a stream into an inspector: the inspector receives the machine's definition with the stream's initial
 * snapshot, then each stored event and the snapshot after it, in seq order (see {@link inspectStream}). The
 * snapshots come from the pure fold (XState's own transition function), so no action runs. A stream that moved to
 * another version by a `WorkflowMigrated` event is announced again with that version's machine. Returns how many
 * events were replayed. Throws `IntegrityError` at the first event that does not replay.
 */
export async function replayIntoInspector(
  registry: WorkflowRegistry,
  stream: string,
  events: AsyncIterable<RecordedEvent>,
  inspector: InspectionTarget,
): Promise<{ readonly events: number }> {
  const inspection = inspectStream(registry, stream, inspector);
  let count = 0;
  for await (const event of events) {
    inspection.push(event);
    count++;
    // Let the inspector's socket send as the replay goes, instead of queueing the whole stream first.
    if (count % 100 === 0) await sleep(0);
  }
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
