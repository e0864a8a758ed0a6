import { describe, expect, it } from 'vitest';
import { draftEvent, recordedAtAfter } from '../../src/engine/draft.ts';

describe('the envelope every writer of the engine drafts', () => {
  it('never lets recordedAt go back within a stream', () => {
    expect(recordedAtAfter(null, '2026-01-02T00:00:00.000Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(recordedAtAfter('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(recordedAtAfter('2026-01-03T00:00:00.000Z', '2026-01-02T00:00:00.000Z')).toBe('2026-01-03T00:00:00.000Z');
  });

  it('chains to the head, keeps only id and role of the actor, and leaves out absent links', () => {
    const event = draftEvent(
      { stream: 's', seq: 4, hash: 'h'.repeat(64) },
      {
        type: 'Counted',
        schema: 1,
        workflow: 'toy@1',
        occurredAt: '2026-01-01',
        recordedAt: '2026-01-02T00:00:00.000Z',
        actor: { id: 'ann', role: 'clerk', extra: 'dropped' } as { id: string; role: string },
        data: { by: 1 },
        id: 'e-1',
        causationId: undefined,
      },
    );
    expect(event).toEqual({
      id: 'e-1',
      stream: 's',
      seq: 5,
      type: 'Counted',
      schema: 1,
      workflow: 'toy@1',
      occurredAt: '2026-01-01',
      recordedAt: '2026-01-02T00:00:00.000Z',
      actor: { id: 'ann', role: 'clerk' },
      data: { by: 1 },
      prev: 'h'.repeat(64),
    });
    expect(draftEvent({ stream: 's', seq: 0, hash: '0'.repeat(64) }, { ...event, id: undefined }).id).toMatch(
      /^[A-Za-z0-9_-]{21}$/,
    );
  });
});
