import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { IntegrityError } from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { tempDir } from './storeFixtures.ts';

const { dir, remove } = tempDir('sqlite-pages');
afterAll(remove);

/** A store holding one stream of `count` events (ids e1, e2, ...), closed; returns its path. */
async function storeOf(name: string, count: number): Promise<string> {
  const path = join(dir, `${name}.db`);
  const store = await openSqliteEventStore(path);
  const events = chainEvents(
    's',
    Array.from({ length: count }, (_, i) => ({ id: `e${i + 1}` })),
  );
  await store.append('s', events, { expectedSeq: 0 });
  await store.close();
  return path;
}

describe('SQLite reads of a stream longer than a page', () => {
  it('names the seq of a row altered behind its back on a later page', async () => {
    const path = await storeOf('altered', 2500);
    const db = new Database(path);
    db.prepare(`UPDATE events SET body = '{"not":"an event"}' WHERE seq = 1700`).run();
    db.close();
    const store = await openSqliteEventStore(path, { readOnly: true });
    const read = collect(store.readStream('s'));
    await expect(read).rejects.toBeInstanceOf(IntegrityError);
    await expect(read).rejects.toThrow(/stream "s" seq 1700 /);
    await store.close();
  });

  it('reads each row once, in seq order, when rows were taken out of the middle of a page', async () => {
    const path = await storeOf('gaps', 2300);
    const db = new Database(path);
    db.prepare('DELETE FROM events WHERE seq BETWEEN 500 AND 520 OR seq = 1021 OR seq = 2000').run();
    db.close();
    const store = await openSqliteEventStore(path, { readOnly: true });
    const seqs = (await collect(store.readStream('s'))).map((event) => event.seq);
    const expected = Array.from({ length: 2300 }, (_, i) => i + 1).filter(
      (seq) => !(seq >= 500 && seq <= 520) && seq !== 1021 && seq !== 2000,
    );
    expect(seqs).toEqual(expected);
    expect((await collect(store.readStream('s', { fromSeq: 1010, toSeq: 1030 }))).map((e) => e.seq)).toEqual(
      expected.filter((seq) => seq >= 1010 && seq <= 1030),
    );
    await store.close();
  });
});

describe('SQLite reads of a stream by ranges of seqs', () => {
  /** The seqs `store` hands out for `range`, read again through a fresh open of `path`. */
  async function seqsOf(path: string, range?: { fromSeq?: number; toSeq?: number }): Promise<number[]> {
    const store = await openSqliteEventStore(path, { readOnly: true });
    try {
      return (await collect(store.readStream('s', range))).map((event) => event.seq);
    } finally {
      await store.close();
    }
  }
  const upTo = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

  it('reads a stream whose length is a whole number of pages, and every range that ends on or next to a page edge', async () => {
    const path = await storeOf('whole-pages', 2000);
    expect(await seqsOf(path)).toEqual(upTo(2000));
    for (const [fromSeq, toSeq] of [
      [1, 1000],
      [1, 1001],
      [999, 1001],
      [1000, 1000],
      [1001, 2000],
      [2000, 5000],
      [2001, 5000],
      [1500, 1499],
    ] as const)
      expect(await seqsOf(path, { fromSeq, toSeq }), `${fromSeq}-${toSeq}`).toEqual(
        upTo(2000).filter((seq) => seq >= fromSeq && seq <= toSeq),
      );
  });

  it('reads past whole pages of seqs taken out behind its back, from any seq, also one inside a gap', async () => {
    const path = await storeOf('page-gaps', 3500);
    const db = new Database(path);
    db.prepare('DELETE FROM events WHERE seq BETWEEN 1001 AND 2000 OR seq BETWEEN 2400 AND 3399').run();
    db.close();
    const kept = upTo(3500).filter((seq) => !(seq >= 1001 && seq <= 2000) && !(seq >= 2400 && seq <= 3399));
    expect(await seqsOf(path)).toEqual(kept);
    for (const fromSeq of [1000, 1001, 1500, 2001, 3000, 3400, 3500, 3501])
      expect(await seqsOf(path, { fromSeq }), `from ${fromSeq}`).toEqual(kept.filter((seq) => seq >= fromSeq));
  });

  it('reads a row whose seq was altered to lie between two pages, in its place', async () => {
    const path = await storeOf('between-pages', 2500);
    const db = new Database(path);
    db.prepare('UPDATE events SET seq = 1000.5 WHERE seq = 1000').run();
    db.prepare('UPDATE events SET seq = 1999.5 WHERE seq = 2000').run();
    db.close();
    // The bodies still say 1000 and 2000: each is read once, between the rows its stored seq lies between.
    expect(await seqsOf(path)).toEqual(upTo(2500));
    expect(await seqsOf(path, { fromSeq: 1001, toSeq: 2000 })).toEqual(upTo(2000).filter((seq) => seq >= 1001));
  });
});

describe('SQLite stream list', () => {
  it('lists every stream once, in the order of their names, whatever the names and however the events interleave', async () => {
    const path = join(dir, 'names.db');
    const names = ['b', 'B', 'a-1', 'a.1', 'a_1', 'a', 'Z9', '0', 'a1', 'aa', '_', '-'];
    const store = await openSqliteEventStore(path);
    for (let round = 0; round < 3; round++)
      for (const name of names) {
        const events = chainEvents(name, [{ id: `e${names.indexOf(name)}-${round}` }], await store.head(name));
        await store.append(name, events, { expectedSeq: round });
      }
    expect(await store.listStreams()).toEqual([...new Set(names)].sort());
    await store.close();
  });
});
