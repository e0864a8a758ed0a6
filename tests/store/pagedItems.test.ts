import { describe, expect, it } from 'vitest';
import { pagedItems } from '../../src/store/pagedItems.ts';

// The PostgreSQL store's readStream hands out the rows of its pages through pagedItems (src/store/pagedItems.ts):
// it must behave as the async generator it replaced, row by row, on errors and when the reader stops early.
function source(pageList: number[][], log: string[]) {
  return (async function* () {
    try {
      for (const page of pageList) {
        log.push(`page ${page.join(',')}`);
        yield page;
      }
    } finally {
      log.push('pages ended');
    }
  })();
}

describe('pagedItems', () => {
  it('yields every row of every page in order, skipping empty pages, each row turned into its item', async () => {
    const log: string[] = [];
    const items: string[] = [];
    for await (const item of pagedItems(source([[1, 2], [], [3]], log), (n) => `#${n}`)) items.push(item);
    expect(items).toEqual(['#1', '#2', '#3']);
    expect(log).toEqual(['page 1,2', 'page ', 'page 3', 'pages ended']);
  });

  it('asks for the next page only once the reader is past the last row of this one', async () => {
    const log: string[] = [];
    const iterator = pagedItems(source([[1, 2], [3]], log), (n) => n);
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    expect(await iterator.next()).toEqual({ done: false, value: 2 });
    expect(log).toEqual(['page 1,2']);
    expect(await iterator.next()).toEqual({ done: false, value: 3 });
    expect(log).toEqual(['page 1,2', 'page 3']);
  });

  it('drops each row from its page once handed out, so that a page keeps only the rows still to come', async () => {
    const page = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const iterator = pagedItems(
      (async function* () {
        yield page;
      })(),
      (row) => row.n,
    );
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    expect(await iterator.next()).toEqual({ done: false, value: 2 });
    expect(page).toEqual([undefined, undefined, { n: 3 }]);
  });

  it('ends for good, and ends the pages, when a row cannot be turned into its item', async () => {
    const log: string[] = [];
    const iterator = pagedItems(source([[1, 2, 3], [4]], log), (n) => {
      if (n === 2) throw new Error('row 2 is not an event');
      return n;
    });
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    await expect(iterator.next()).rejects.toThrow('row 2 is not an event');
    expect(log).toEqual(['page 1,2,3', 'pages ended']);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('ends the pages when the reader stops early, and yields nothing after', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    const iterator = pagedItems(source([[1, 2], [3]], log), (n) => n);
    for await (const n of iterator) {
      seen.push(n);
      if (n === 1) break;
    }
    expect(seen).toEqual([1]);
    expect(log).toEqual(['page 1,2', 'pages ended']);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('passes on an error of the pages themselves, and ends', async () => {
    const failing = (async function* () {
      yield [1];
      throw new Error('the server went away');
    })();
    const iterator = pagedItems(failing, (n: number) => n);
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    await expect(iterator.next()).rejects.toThrow('the server went away');
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});
