import type { AnyMachineSnapshot } from 'xstate';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { emitWarning } from '../platform/runtime.ts';
import type { DecidedStep } from './decideBatch.ts';
import type { StreamState } from './streamState.ts';

/** The engine's hooks after an append: effects by action name, the `onRecorded` listener, and where failures go. */
export type EffectHooks<TState extends StreamState = StreamState> = {
  readonly effects?:
    Readonly<Record<string, (params: unknown, event: RecordedEvent) => void | Promise<void>>> | undefined;
  readonly onRecorded?:
    | ((
        events: readonly RecordedEvent[],
        state: TState,
        snapshots: readonly AnyMachineSnapshot[],
      ) => void | Promise<void>)
    | undefined;
  readonly onEffectError?: ((error: unknown, event: RecordedEvent) => void) | undefined;
};

/**
 * Runs, once the events are stored, the effects their transitions asked for (in order, each at most once), then
 * `onRecorded`. A failure is reported (by default as a process warning) and never undoes the append.
 */
export async function runEffects<TState extends StreamState>(
  hooks: EffectHooks<TState>,
  steps: readonly DecidedStep[],
  state: TState,
): Promise<void> {
  const report = hooks.onEffectError ?? ((error: unknown) => emitWarning(`phasegate effect failed: ${String(error)}`));
  for (const { event, actions } of steps) {
    for (const action of actions as ReadonlyArray<{ type: string; params?: unknown }>) {
      const effect = hooks.effects?.[action.type];
      if (effect === undefined) continue;
      try {
        await effect(action.params, event);
      } catch (error) {
        report(error, event);
      }
    }
  }
  const events = steps.map((s) => s.event);
  try {
    await hooks.onRecorded?.(
      events,
      state,
      steps.map((s) => s.snapshot),
    );
  } catch (error) {
    report(error, events.at(-1)!);
  }
}
