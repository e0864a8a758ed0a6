import { createActor, type AnyActorScope, type AnyStateMachine, type AnyMachineSnapshot } from 'xstate';

/** An actor scope that runs nothing: actions are counted, never executed; nothing is spawned or scheduled. */
export type InertScope = {
  readonly scope: AnyActorScope;
  /** Actions the last transitions asked for, collected (custom ones only matter: assign is already folded in). */
  readonly actions: unknown[];
};

const scopes = new WeakMap<AnyStateMachine, InertScope>();

/**
 * Returns the one reused inert scope of a machine. xstate's public `transition()` builds a throw-away actor (and two
 * actor systems) on every call; reusing one scope makes the same fold about 3x faster with identical snapshots.
 */
export function inertScopeOf(machine: AnyStateMachine): InertScope {
  let inert = scopes.get(machine);
  if (inert === undefined) {
    const actions: unknown[] = [];
    const self = createActor(machine);
    const scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: (action: unknown) => {
        actions.push(action);
      },
    } satisfies AnyActorScope;
    inert = { scope, actions };
    scopes.set(machine, inert);
  }
  return inert;
}

/**
 * Returns the next snapshot and whether the machine accepted the event (a transition was taken, even a targetless
 * one with actions). Pure: actions are collected and returned, never executed.
 */
export function step(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: { readonly type: string },
): { readonly next: AnyMachineSnapshot; readonly accepted: boolean; readonly actions: readonly unknown[] } {
  const inert = inertScopeOf(machine);
  inert.actions.length = 0;
  const next = machine.transition(snapshot, event, inert.scope);
  const actions = inert.actions.length === 0 ? noActions : inert.actions.splice(0);
  return { next, accepted: next !== snapshot || actions.length > 0, actions };
}

const noActions: readonly unknown[] = Object.freeze([]);

/** Returns the machine's initial snapshot for an input, computed afresh (workflow/replay.ts caches it per workflow). Pure. */
export function initialSnapshotOf(machine: AnyStateMachine, input?: unknown): AnyMachineSnapshot {
  const inert = inertScopeOf(machine);
  const snapshot = machine.getInitialSnapshot(inert.scope, input);
  inert.actions.length = 0;
  return snapshot;
}
