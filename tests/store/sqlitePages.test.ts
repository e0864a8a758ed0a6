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
