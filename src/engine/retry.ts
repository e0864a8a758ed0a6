import { isVersionConflictError } from '../errors.ts';
import { sleep } from '../platform/runtime.ts';

/**
 * Waits before another attempt after losing an append race: a random delay of up to min(50, 2^attempt) ms, so that
 * writers that collided do not collide again in lockstep.
 */
export async function backOff(attempt: number): Promise<void> {
  await sleep(Math.random() * Math.min(50, 2 ** attempt));
}

/**
 * Runs `attempt` until it returns, retrying (after a {@link backOff}) when it throws an error `retryable` accepts: by
 * default a lost append race (`VersionConflictError`: another writer appended first, so the attempt re-reads the head
 * and decides again). After `maxRetries` retries, or on any other error, the error is thrown. The one retry loop of
 * every engine writer: a batch of proposals and a kept refusal.
 */
export async function retryLostRaces<TResult>(
  maxRetries: number,
  attempt: (attempt: number) => Promise<TResult>,
  retryable: (error: unknown) => boolean = isVersionConflictError,
): Promise<TResult> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= maxRetries || !retryable(error)) throw error;
      await backOff(n);
    }
  }
}
