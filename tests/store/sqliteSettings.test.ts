import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createEngine, encodeEvent, IdempotencyConflictError, openStore, StoreError } from '../../src/index.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import { tempDir } from '../support/cli.ts';
import { createToyWorkflow, toy } from '../fixtures/toyWorkflow.ts';
import { untyped } from '../support/untyped.ts';

describe('the SQLite store on disk', () => {
  it('runs in WAL mode and keeps (stream, seq) and id unique in the schema itself', async () => {
    const path = join(tempDir(), 'settings.db');
    const store = await openSqliteEventStore(path);
    await untyped(createEngine({ workflows: createToyWorkflow(), store })).record('t', toy('Counted', { by: 1 }));
    await store.close();
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const [row] = db.prepare('SELECT body FROM events').all() as Array<{ body: string }>;
    const insert = db.prepare(
      'INSERT INTO events (stream, seq, id, workflow, recorded_at, hash, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    expect(() => insert.run('t', 1, 'other-id', 'toy@1', 'x', 'h', row!.body)).toThrow(
      /UNIQUE constraint failed: events.stream, events.seq/,
    );
    const id = (JSON.parse(row!.body) as { id: string }).id;
    expect(() => insert.run('t', 2, id, 'toy@1', 'x', 'h', row!.body)).toThrow(/UNIQUE constraint failed: events.id/);
    db.close();
    const reopened = await openSqliteEventStore(path);
    expect((await reopened.head('t'))?.seq).toBe(1);
    await reopened.close();
  });

  it('opens, migrates and appends to a database made with the oldest schema, which had a type column', async () => {
    const path = join(tempDir(), 'older.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec(`
      CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, seq INTEGER NOT NULL,
        id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, workflow TEXT NOT NULL, recorded_at TEXT NOT NULL,
        hash TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (stream, seq));
      CREATE TABLE snapshots (stream TEXT NOT NULL, workflow TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL,
        body TEXT NOT NULL, PRIMARY KEY (stream, workflow));`);
    db.close();
    const store = await openSqliteEventStore(path);
    await untyped(createEngine({ workflows: createToyWorkflow(), store })).record('t', toy('Counted', { by: 1 }));
    expect((await store.head('t'))?.seq).toBe(1);
    await store.close();
    const check = new Database(path, { readonly: true });
    const columns = check.prepare(`SELECT name FROM pragma_table_info('events')`).pluck().all();
    expect(columns).toEqual(['position', 'stream', 'seq', 'id', 'workflow', 'recorded_at', 'hash', 'body']);
    expect(check.pragma('user_version', { simple: true })).toBe(2);
    check.close();
  });

  it('refuses a reused id in a store whose events table has no unique index on ids', async () => {
    const path = join(tempDir(), 'no-unique-id.db');
    const db = new Database(path);
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL,
      seq INTEGER NOT NULL, id TEXT NOT NULL, workflow TEXT NOT NULL, recorded_at TEXT NOT NULL, hash TEXT NOT NULL,
      body TEXT NOT NULL, UNIQUE (stream, seq))`);
    db.close();
    const store = await openSqliteEventStore(path);
    await store.append('s', chainEvents('s', [{ id: 'n1' }]), { expectedSeq: 0 });
    const retry = await store.append('s', chainEvents('s', [{ id: 'n1' }]), { expectedSeq: 0 });
    expect(retry.outcome).toBe('already_appended');
    const elsewhere = chainEvents('t', [{ id: 'n1', data: { n: 'other' } }]);
    await expect(store.append('t', elsewhere, { expectedSeq: 0 })).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(await store.listStreams()).toEqual(['s']);
    await store.close();
  });

  it('stores a batch of 101 in order, byte for byte, with its positions in seq order (old schema too)', async () => {
    for (const older of [false, true]) {
      const path = join(tempDir(), `batch-${older}.db`);
      if (older) {
        const db = new Database(path);
        db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL,
          seq INTEGER NOT NULL, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, workflow TEXT NOT NULL,
          recorded_at TEXT NOT NULL, hash TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (stream, seq))`);
        db.close();
      }
      const store = await openSqliteEventStore(path);
      const events = chainEvents(
        'b',
        Array.from({ length: 101 }, (_, i) => ({ id: `b${i}`, type: `T${i % 3}` })),
      );
      await store.append('b', events, { expectedSeq: 0 });
      const all = await collect(store.readAll());
      await store.close();
      expect(all.map(({ event }) => encodeEvent(event))).toEqual(events.map(encodeEvent));
      expect(all.map(({ position }) => position)).toEqual(events.map((_, i) => i + 1));
      const check = new Database(path, { readonly: true });
      const rows = check.prepare('SELECT * FROM events ORDER BY position').all() as Array<Record<string, unknown>>;
      check.close();
      expect(rows.map((row) => [row.seq, row.id, row.hash, row.type])).toEqual(
        events.map((e) => [e.seq, e.id, e.hash, undefined]),
      );
    }
  });

  it('refuses to open a file that is not a SQLite database, and does not create one when asked not to', async () => {
    const dir = tempDir();
    const path = join(dir, 'not-a-db.db');
    (await import('node:fs')).writeFileSync(path, 'hello, this is text');
    await expect(openSqliteEventStore(path)).rejects.toThrow(StoreError);
    await expect(openStore(join(dir, 'missing.db'), { create: false })).rejects.toThrow('There is no store at');
  });
});
