import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, type RecordedEvent } from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import { canonicalJson, sealWithBytes } from '../../src/envelope/canonical.ts';
import { chainEvents } from './storeEvents.ts';
import { tempDir } from './storeFixtures.ts';

const { dir, remove } = tempDir('sqlite-insert');
afterAll(remove);

/** `count` events of `stream` sealed as the engine seals them; `at(i)` gives the i-th one's workflow and time. */
function sealed(
  stream: string,
  count: number,
  at: (i: number) => { workflow: string; recordedAt: string },
): RecordedEvent[] {
  let prev = GENESIS_HASH;
  return Array.from({ length: count }, (_, i) => {
    const { event } = sealWithBytes({
      id: `${stream}-${String(i).padStart(3, '0')}`,
      stream,
      seq: i + 1,
      type: 'Noted',
      schema: 1,
      occurredAt: '2024-01-01',
      actor: { id: 'org', role: 'clerk' },
      data: { n: i, text: 'ünïcödé 🙂' },
      prev,
      ...at(i),
    });
    prev = event.hash;
    return event;
  });
}

/** Appends `events` to a new store and returns its rows as stored, in position order. */
async function rowsAfter(name: string, events: readonly RecordedEvent[]) {
  const path = join(dir, `${name}.db`);
  const store = await openSqliteEventStore(path);
  await store.append(events[0]!.stream, events, { expectedSeq: 0 });
  await store.close();
  const db = new Database(path, { readonly: true });
  const rows = db
    .prepare(
      'SELECT stream, seq, typeof(seq) AS seqType, id, workflow, recorded_at AS recordedAt, hash, body FROM events ' +
        'ORDER BY position',
    )
    .all();
  db.close();
  return rows;
}

/** The row each event should be stored as. */
const rowOf = (e: RecordedEvent) => ({
  stream: e.stream,
  seq: e.seq,
  seqType: 'integer',
  id: e.id,
  workflow: e.workflow,
  recordedAt: e.recordedAt,
  hash: e.hash,
  body: canonicalJson(e),
});

describe('SQLite rows of a batch (16 a statement, the values a run shares bound once)', () => {
  it('stores each event of a batch of one workflow and time as its own row, seq an integer', async () => {
    const events = sealed('one', 40, () => ({ workflow: 'test@1', recordedAt: '2024-01-02T00:00:00.000Z' }));
    expect(await rowsAfter('one', events)).toEqual(events.map(rowOf));
  });

  it('stores each row as its event says where the workflow or the time of recording changes within 16', async () => {
    const events = sealed('mixed', 50, (i) => ({
      workflow: i < 5 ? 'test@1' : 'test@2',
      recordedAt: i === 20 || i >= 47 ? '2024-01-03T00:00:00.000Z' : '2024-01-02T00:00:00.000Z',
    }));
    expect(await rowsAfter('mixed', events)).toEqual(events.map(rowOf));
  });

  it('stores events it did not seal (their bytes encoded at the append) alike', async () => {
    const events = chainEvents(
      'plain',
      Array.from({ length: 33 }, (_, i) => ({ id: `p${i}` })),
    );
    expect(await rowsAfter('plain', events)).toEqual(events.map(rowOf));
  });
});
