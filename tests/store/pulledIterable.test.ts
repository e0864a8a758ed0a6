import { describe, expect, it } from 'vitest';
import { pulledAll, pulledIterable } from '../../src/store/pulledIterable.ts';

/** An iterable over `items`, counting how often it was opened and pulled. */
function counted(items: readonly number[], failAt = -1) {
  const calls = { opened: 0, pulled: 0 };
  const iterable = pulledIterable(() => {
    calls.opened++;
    let i = 0;
    return () => {
      calls.pulled++;
      if (i === failAt) throw new Error(`pull ${i} failed`);
      return i < items.length ? items[i++]! : pulledAll;
    };
  });
  return { iterable, calls };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('pulledIterable', () => {
  it('hands out every item in order, then ends, and opens once per iteration', async () => {
    const { iterable, calls } = counted([1, 2, 3]);
    expect(await collect(iterable)).toEqual([1, 2, 3]);
    expect(await collect(iterable)).toEqual([1, 2, 3]);
    expect(calls.opened).toBe(2);
  });

  it('does nothing before the first next(), as a generator', async () => {
    const { iterable, calls } = counted([1]);
    const iterator = iterable[Symbol.asyncIterator]();
    expect(calls).toEqual({ opened: 0, pulled: 0 });
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    expect(calls).toEqual({ opened: 1, pulled: 1 });
  });

  it("ends with a pull's error as a rejected next(), and pulls no more after it", async () => {
    const { iterable, calls } = counted([1, 2, 3], 1);
    const iterator = iterable[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    await expect(iterator.next()).rejects.toThrow('pull 1 failed');
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(calls.pulled).toBe(2);
  });

  it('stops pulling after a break out of for await (return)', async () => {
    const { iterable, calls } = counted([1, 2, 3, 4]);
    const iterator = iterable[Symbol.asyncIterator]();
    for await (const item of { [Symbol.asyncIterator]: () => iterator }) if (item === 2) break;
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(calls.pulled).toBe(2);
  });

  it('keeps handing out done once the pull said it read all', async () => {
    const { iterable, calls } = counted([]);
    const iterator = iterable[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(calls.pulled).toBe(1);
  });
});
