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

/** The events from which a SQLite store's verify left to the default spreads ({@link spreadsByDefault}). */
export const sqliteVerifyFrom = 100_000;

/**
 * Whether a walk left to the default number of jobs spreads over the cores: a store of {@link inProcessBelow} events
 * or more (`size` in events), a JSONL log of its bytes or more (`size` in bytes); but `verify` of a SQLite store only
 * from {@link sqliteVerifyFrom} events, and `verify` of a JSONL log never. A SQLite verify checks each row's body as a
 * JSONL line is checked, so a worker's start-up pays for itself later: one thread 0.21 s against 0.26 s on two at 20k
 * events, even at 50k, 1.11x at 100k. A JSONL log's verify gains nothing at any size: every thread reads and splits the
 * whole file, which costs about what checking a line does (`--jobs 2` at 0.82-1.00x of `--jobs 1` in every full
 * bench run). docs/performance.md, "Using the cores"; an explicit `--jobs N` spreads any of them. README, "Command
 * line", `--jobs`.
 */
export function spreadsByDefault(
  command: 'verify' | 'replay',
  log: 'file' | 'sqlite' | 'store',
  size: number,
): boolean {
  if (log === 'file') return command === 'replay' && size >= inProcessBelow.bytes;
  return size >= (command === 'verify' && log === 'sqlite' ? sqliteVerifyFrom : inProcessBelow.events);
}

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
