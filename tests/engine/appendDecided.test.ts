import { describe, expect, it, vi } from 'vitest';
import { IdempotencyConflictError, StoreError, VersionConflictError } from '../../src/index.ts';
import type { RecordedEvent } from '../../src/envelope/envelope.ts';
import type { EventStore } from '../../src/store/eventStore.ts';
import { appendDecided, type AppendAttempt } from '../../src/engine/appendDecided.ts';
import type { StreamCache } from '../../src/engine/streamCache.ts';

/** The engine's append step alone (issue 10 §3): what a conflict, a stored retry and a lost race come to. */
const stored = [{ id: 'e1' }] as unknown as readonly RecordedEvent[];

function attempt(append: EventStore['append'], overrides: Partial<AppendAttempt> = {}) {
  const forget = vi.fn();
  const at: AppendAttempt = {
    store: { append } as EventStore,
    cache: { forget } as unknown as StreamCache,
    stream: 'lcz',
    atSeq: 3,
    replayed: () => Promise.resolve(null),
    ...overrides,
  };
  return { at, forget };
}

const throwing =
  (error: Error): EventStore['append'] =>
  () =>
    Promise.reject(error);
const lostRace = () => new VersionConflictError('lcz', 3, 4);

describe('appendDecided', () => {
  it('appends at the seq the batch was decided against, and answers a batch the store had already', async () => {
    const append = vi.fn<EventStore['append']>().mockResolvedValue({ outcome: 'appended' } as never);
    expect(await appendDecided(stored, attempt(append).at)).toEqual({ outcome: 'stored' });
    expect(append).toHaveBeenCalledWith('lcz', stored, { expectedSeq: 3 });
    const again = () => Promise.resolve({ outcome: 'already_appended', events: stored } as never);
    expect(await appendDecided(stored, attempt(again).at)).toEqual({ outcome: 'answered', events: stored });
  });

  it('throws a lost race for the caller to retry, keeping the cached head (it is only behind)', async () => {
    const { at, forget } = attempt(throwing(lostRace()));
    await expect(appendDecided(stored, at)).rejects.toBeInstanceOf(VersionConflictError);
    expect(forget).not.toHaveBeenCalled();
  });

  it('answers a conflict from the store when every id of the batch is stored already', async () => {
    const replayed = () => Promise.resolve(stored);
    for (const error of [lostRace(), new IdempotencyConflictError('e1', 'is stored with other content')]) {
      const { at } = attempt(throwing(error), { replayed });
      expect(await appendDecided(stored, at)).toEqual({ outcome: 'answered', events: stored });
    }
  });

  it('forgets the cached head after any other failure, and throws it', async () => {
    const { at, forget } = attempt(throwing(new StoreError('disk full')));
    await expect(appendDecided(stored, at)).rejects.toThrow('disk full');
    expect(forget).toHaveBeenCalledWith('lcz');
  });
});
