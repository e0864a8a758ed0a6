import type { StatelyInspectionEvent } from '@statelyai/inspect';
import type { AnyMachineSnapshot, AnyStateMachine, InspectionEvent, Observer } from 'xstate';
import { toStatelyJson } from '../export/stately.ts';

/** What phasegate needs of a Stately inspector (`createWebSocketInspector()` and friends from `@statelyai/inspect`). */
export type InspectorLike = {
  readonly inspect: Observer<InspectionEvent>;
  actor(actor: never, snapshot?: InspectedSnapshot, info?: { definition?: string }): void;
  event(actor: string, event: { type: string }): void;
  snapshot(actor: string, snapshot: InspectedSnapshot, info?: { event?: { type: string } }): void;
};

/** The part of a snapshot an inspector shows. */
export type InspectedSnapshot = {
  readonly status: AnyMachineSnapshot['status'];
  readonly value: unknown;
  readonly context: unknown;
};

/** Returns the JSON-safe part of a snapshot an inspector shows: status, value and context. */
export function inspectedSnapshot(snapshot: AnyMachineSnapshot): InspectedSnapshot {
  return { status: snapshot.status, value: snapshot.value, context: snapshot.context };
}

/**
 * Returns a `serialize` option for `@statelyai/inspect` inspectors that sends a machine's definition with its guard
 * names kept (`and(knownOrgs, notFuture)`): left alone, the inspector stringifies `and()` guards to `{ type: 'and' }`.
 * Machines are matched by id and version.
 */
export function keepGuardNames(
  machines: readonly AnyStateMachine[],
): (event: StatelyInspectionEvent) => StatelyInspectionEvent {
  return (event) => {
    if (event.type !== '@xstate.actor' || typeof event.definition !== 'string') return event;
    let parsed: { id?: unknown; version?: unknown };
    try {
      parsed = JSON.parse(event.definition) as typeof parsed;
    } catch {
      return event;
    }
    const machine = machines.find(
      (m) =>
        m.id === parsed.id && String(m.version ?? '') === (typeof parsed.version === 'string' ? parsed.version : ''),
    );
    return machine ? { ...event, definition: JSON.stringify(toStatelyJson(machine)) } : event;
  };
}
