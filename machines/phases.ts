import type { AnyMachineSnapshot } from 'xstate';
import { leafPaths } from '../src/workflow/statePath.ts';
import { ownEntry } from '../src/projections/projection.ts';
import type { GateId } from './context.ts';

/** The wrapper states the programme hides when it names a state (`running.feasibility.active` is `feasibility.active`). */
export const hiddenStates: readonly ['running'] = ['running'];

/** The gate each phase ends with. */
export const gateOfPhase = { feasibility: 'G1', development: 'G2', implementation: 'G3' } as const;

/** Returns the snapshot's state as the programme names it (`development.gate`, `suspended`, ...): its one leaf. */
export function leafOf(snapshot: AnyMachineSnapshot): string {
  return leafPaths(snapshot.value, hiddenStates)[0] ?? '';
}

/** Returns the phase part of a state name: `development` for `development.gate`. */
export function phaseOf(leaf: string): string {
  return leaf.split('.')[0]!;
}

/** Returns the gate the phase of a state ends with, or undefined outside the three gated phases. */
export function gateOfState(leaf: string): GateId | undefined {
  return ownEntry<GateId>(gateOfPhase, phaseOf(leaf));
}
