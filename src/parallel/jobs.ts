import { availableParallelism } from 'node:os';
import { InvalidInputError } from '../errors.ts';

/**
 * How many worker threads a walk over many streams uses (README, "Command line", `--jobs`): one per core unless told.
 * `jobs: 1` is the in-process path, no worker at all.
 */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Below these sizes a walk left to the default stays in this thread: starting a worker (loading the store driver and
 * the workflows) costs about as much as verifying or replaying this much on one core. An explicit `jobs` above 1
 * spreads any store of two streams or more. README, "Command line", `--jobs`.
 */
export const inProcessBelow: { readonly events: number; readonly bytes: number } = { events: 20_000, bytes: 8 << 20 };

/** Returns the number of jobs an option names: a whole number from 1 up; throws InvalidInputError for anything else. */
export function parseJobs(value: string | number | boolean | undefined, option = '--jobs'): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (typeof value === 'boolean' || !/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new InvalidInputError(
      `${option} needs a whole number of worker threads from 1 up (1: one thread, no workers), got "${text}"; ` +
        `leave it out for one per core (${defaultJobs()} here)`,
    );
  }
  return Number(text);
}
