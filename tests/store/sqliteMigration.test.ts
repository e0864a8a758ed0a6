import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent, IdempotencyConflictError, type RecordedEvent } from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { tempDir } from './storeFixtures.ts';

// SQLite schema 1 numbered events with AUTOINCREMENT; schema 2 does not (README "Stores"). A store of schema 1 is
// migrated in place, in one transaction, the first time it is opened for writing; a read-only open reads it as it is.
const { dir, remove } = tempDir('sqlite-migration');
afterAll(remove);
let n = 0;

/** The tables of schema 1, as phasegate made them. */
const schema1 = `
CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, seq INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE, workflow TEXT NOT NULL, recorded_at TEXT NOT NULL, hash TEXT NOT NULL, body TEXT NOT NULL,
  UNIQUE (stream, seq));
CREATE TABLE snapshots (stream TEXT NOT NULL, workflow TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL,
  body TEXT NOT NULL, PRIMARY KEY (stream, workflow));`;

/** Makes a store of schema 1 holding `events` at `positions` (gaps kept) and a snapshot; returns its path. */
function schema1Store(events: readonly RecordedEvent[], positions: readonly number[]): string {
  const path = join(dir, `schema1-${++n}.db`);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(schema1);
  const insert = db.prepare(
    'INSERT INTO events (position, stream, seq, id, workflow, recorded_at, hash, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    events.forEach((e, i) =>
      insert.run(positions[i], e.stream, e.seq, e.id, e.workflow, e.recordedAt, e.hash, encodeEvent(e)),
    );
  })();
  db.prepare('INSERT INTO snapshots VALUES (?, ?, ?, ?, ?)').run('s', 'test@1', 2, 'a'.repeat(64), '{"n":2}');
  db.pragma('application_id = 0x70686761');
  db.pragma('user_version = 1');
  db.close();
  return path;
}

/** What a reader sees of a store: each event's position and bytes. */
async function contents(path: string, readOnly: boolean) {
  const store = await openSqliteEventStore(path, { readOnly });
  try {
    const all = await collect(store.readAll());
    return all.map(({ position, event }) => [position, encodeEvent(event)]);
  } finally {
    await store.close();
  }
}

/** The schema a file carries, read without a store. */
function schemaOf(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }),
      events: db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'events'`).pluck().get() as string,
      tables: db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all(),
      sequence: db.prepare(`SELECT count(*) FROM sqlite_sequence WHERE name = 'events'`).pluck().get(),
      rows: db.prepare('SELECT count(*) FROM events').pluck().get(),
    };
  } finally {
    db.close();
  }
}

describe('a SQLite store of schema 1', () => {
  const s = chainEvents('s', [{ id: 's1' }, { id: 's2' }, { id: 's3' }]);
  const t = chainEvents('t', [{ id: 't1' }]);
  const events = [s[0]!, t[0]!, s[1]!, s[2]!];
  const positions = [1, 2, 5, 9];
  const expected = events.map((e, i) => [positions[i], encodeEvent(e)]);

  it('is read as it is by a read-only open, which leaves the file byte-identical', async () => {
    const path = schema1Store(events, positions);
    const before = readFileSync(path);
    expect(await contents(path, true)).toEqual(expected);
    expect(readFileSync(path)).toEqual(before);
    expect(schemaOf(path).version).toBe(1);
  });

  it('is migrated when opened for writing: same events, bytes, positions and snapshot, no AUTOINCREMENT', async () => {
    const path = schema1Store(events, positions);
    const store = await openSqliteEventStore(path);
    expect(await store.loadSnapshot('s', 'test@1')).toEqual({
      workflow: 'test@1',
      seq: 2,
      hash: 'a'.repeat(64),
      state: { n: 2 },
    });
    const next = chainEvents('s', [{ id: 's4' }], { seq: 3, hash: s[2]!.hash });
    expect((await store.append('s', next, { expectedSeq: 3 })).outcome).toBe('appended');
    const reused = chainEvents('u', [{ id: 't1', data: { n: 'other' } }]);
    await expect(store.append('u', reused, { expectedSeq: 0 })).rejects.toBeInstanceOf(IdempotencyConflictError);
    await store.close();
    expect(await contents(path, false)).toEqual([...expected, [10, encodeEvent(next[0]!)]]);
    const after = schemaOf(path);
    expect(after.version).toBe(2);
    expect(after.events).not.toMatch(/AUTOINCREMENT/i);
    expect(after.tables).toEqual(['events', 'snapshots', 'sqlite_sequence']); // SQLite keeps it once made
    expect(after.sequence).toBe(0);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });

  it('stays as it was when its migration is cut off by a full disk, and is migrated by the next open', () => {
    const many = chainEvents(
      'big',
      Array.from({ length: 4000 }, (_, i) => ({ id: `big-${i}`, data: { text: 'x'.repeat(200), i } })),
    );
    const path = schema1Store(
      many,
      many.map((_, i) => i + 1),
    );
    const before = readFileSync(path);
    // A full disk as a real kernel fault (tests/store/diskFull.test.ts): the migration's copy of the events cannot
    // fit in a file size limit of half the store, so the write that crosses it fails midway. Runs the built code.
    const entry = fileURLToPath(new URL('../../dist/src/entries/sqlite.js', import.meta.url));
    const script =
      `import { openSqliteEventStore } from ${JSON.stringify(entry)};` +
      `try { await openSqliteEventStore(${JSON.stringify(path)}); console.log('opened'); }` +
      `catch (error) { console.log('failed', error.message); }`;
    const blocks = Math.floor(statSync(path).size / 2 / 512);
    const child = spawnSync(
      '/bin/sh',
      ['-c', `trap '' XFSZ; ulimit -f ${blocks}; exec "${process.execPath}" --input-type=module -e "$SCRIPT"`],
      { encoding: 'utf8', env: { ...process.env, SCRIPT: script } },
    );
    expect(child.stdout + child.stderr).toMatch(/^failed Cannot open .*disk may be full: the store was left as it was/);
    expect(readFileSync(path)).toEqual(before);
    expect(schemaOf(path)).toMatchObject({ version: 1, events: expect.stringMatching(/AUTOINCREMENT/), rows: 4000 });
    return (async () => {
      const store = await openSqliteEventStore(path);
      expect((await collect(store.readStream('big'))).map(encodeEvent)).toEqual(many.map(encodeEvent));
      await store.close();
      expect(schemaOf(path)).toMatchObject({
        version: 2,
        events: expect.not.stringMatching(/AUTOINCREMENT/),
        rows: 4000,
      });
    })();
  });
});
