import { describe, expect, it, vi } from 'vitest';
import { StoreError, VersionConflictError } from '../../src/index.ts';
import { retryLostRaces } from '../../src/engine/retry.ts';

/** The one retry loop of the engine's writers (a batch, a kept refusal): what is retried, how often, what is thrown. */
describe('retryLostRaces', () => {
  const lostRace = () => new VersionConflictError('lcz', 3, 4);

  it('retries a lost race until an attempt succeeds, telling each attempt its number', async () => {
    const attempt = vi.fn(async (n: number) => {
      if (n < 2) throw lostRace();
      return `stored on attempt ${n}`;
    });
    expect(await retryLostRaces(5, attempt)).toBe('stored on attempt 2');
    expect(attempt.mock.calls.map(([n]) => n)).toEqual([0, 1, 2]);
  });

  it('throws the last lost race after maxRetries retries', async () => {
    const attempt = vi.fn(() => Promise.reject(lostRace()));
    await expect(retryLostRaces(2, attempt)).rejects.toBeInstanceOf(VersionConflictError);
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('throws any other failure at once, and what the caller does not call retryable', async () => {
    const failing = vi.fn(() => Promise.reject(new StoreError('disk full')));
    await expect(retryLostRaces(5, failing)).rejects.toThrow('disk full');
    expect(failing).toHaveBeenCalledTimes(1);
    const conflicting = vi.fn(() => Promise.reject(lostRace()));
    await expect(retryLostRaces(5, conflicting, () => false)).rejects.toBeInstanceOf(VersionConflictError);
    expect(conflicting).toHaveBeenCalledTimes(1);
  });
});
