import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent, IdempotencyConflictError } from '../../src/index.ts';
import { openJsonlEventStore } from '../../src/entries/jsonl.ts';
import { createIdIndex } from '../../src/store/idIndex.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { tempDir } from './storeFixtures.ts';

const { dir, remove } = tempDir('id-index');
afterAll(remove);

/** Returns two different ids whose hashes collide in the index (found by trying ids until two share a hash). */
function collidingIds(): [string, string] {
  const index = createIdIndex();
  for (let i = 0; ; i++) {
    const id = `c${i}`;
    const [other] = index.candidates(id);
    if (other !== undefined) return [`c${other}`, id];
    index.add(id, i);
  }
}

describe('JSONL id index', () => {
  it('tells apart two ids whose hashes collide, across a reopen', async () => {
    const [a, b] = collidingIds();
    expect(a).not.toBe(b);
    const path = join(dir, 'collide.jsonl');
    let store = await openJsonlEventStore(path);
    const first = chainEvents('s', [{ id: a }]);
    await store.append('s', first, { expectedSeq: 0 });
    expect(await store.findById(b)).toBeNull();
    const second = chainEvents('s', [{ id: b }], { seq: 1, hash: first[0]!.hash });
    await store.append('s', second, { expectedSeq: 1 });
    await store.close();
    store = await openJsonlEventStore(path);
    expect(encodeEvent((await store.findById(a))!)).toBe(encodeEvent(first[0]!));
    expect(encodeEvent((await store.findById(b))!)).toBe(encodeEvent(second[0]!));
    const reused = chainEvents('t', [{ id: b, data: { other: true } }]);
    await expect(store.append('t', reused, { expectedSeq: 0 })).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect((await collect(store.readAll())).length).toBe(2);
    await store.close();
  });
});
