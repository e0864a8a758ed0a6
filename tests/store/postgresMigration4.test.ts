import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent } from '../../src/envelope/canonical.ts';
import { IdempotencyConflictError, StoreError } from '../../src/index.ts';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { verifyStore } from '../../src/entries/audit.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { dropSchemas, pgUrl, sql, uniqueSchema, writeTwoStreams } from './storeFixtures.ts';

// README "Stores": schema 5 indexes event ids as they are, compared as bytes; schema 4 indexed md5(id)::uuid. A store
// of schema 4 is read as it is by a read-only open, and migrated in place, in one transaction, the first time it is
// opened for writing.
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

/** The version comment, what the id index is on, and the id column's collation. */
async function layout(schema: string): Promise<{ note: string; index: string; collation: string | null }> {
  const [row] = await sql<{ note: string; index: string; collation: string | null }>(
    `SELECT obj_description('"${schema}".events'::regclass, 'pg_class') AS note,
       (SELECT regexp_replace(indexdef, '^.* USING btree ', '') FROM pg_indexes
         WHERE schemaname = '${schema}' AND indexname = 'events_by_id') AS index,
       (SELECT collation_name FROM information_schema.columns
         WHERE table_schema = '${schema}' AND table_name = 'events' AND column_name = 'id') AS collation`,
  );
  return row!;
}

const schema4 = { note: 'phasegate events, schema 4', index: '(((md5(id))::uuid))', collation: null };
// The migration also packs the indexes full (README "Stores", tests/store/postgresPackedIndexes.test.ts).
const current = { note: 'phasegate events, schema 8', index: "(id) WITH (fillfactor='100')", collation: 'C' };

/** A store of schema 4 holding a1-a3 on stream a and b1 on b: written by today's store, then given schema 4's index. */
async function createSchema4Store(schema: string) {
  schemas.push(schema);
  const { a, b } = await writeTwoStreams(schema);
  const t = `"${schema}"`;
  await sql(
    `DROP INDEX ${t}.events_by_id; ALTER TABLE ${t}.events ALTER COLUMN id TYPE text COLLATE "default"; ` +
      `CREATE UNIQUE INDEX events_by_id ON ${t}.events ((md5(id)::uuid)); ` +
      `COMMENT ON TABLE ${t}.events IS 'phasegate events, schema 4'`,
  );
  expect(await layout(schema)).toEqual(schema4);
  return { a, b };
}

/** Everything a store holds, as bytes with positions, and one event found by id. */
async function contents(schema: string, readOnly: boolean) {
  const store = await openPostgresEventStore(pgUrl, { schema, readOnly });
  try {
    const all = (await collect(store.readAll())).map((p) => [p.position, encodeEvent(p.event)]);
    const found = await store.findById('a2');
    return { all, found: found && encodeEvent(found) };
  } finally {
    await store.close();
  }
}

describe('PostgreSQL store of schema 4', () => {
  it('is read as it is by a read-only open (ids found by id too), and left at schema 4', async () => {
    const schema = uniqueSchema('mig4_ro');
    const { a, b } = await createSchema4Store(schema);
    const { all, found } = await contents(schema, true);
    expect(all.map(([, bytes]) => bytes)).toEqual([...a, ...b].map(encodeEvent));
    expect(found).toBe(encodeEvent(a[1]!));
    expect(await layout(schema)).toEqual(schema4);
  });

  it('is migrated on open for writing: same events, bytes and positions; ids stay unique; appends decide as before', async () => {
    const schema = uniqueSchema('mig4');
    const { a } = await createSchema4Store(schema);
    const before = await contents(schema, true);
    const store = await openPostgresEventStore(pgUrl, { schema });
    try {
      expect(await layout(schema)).toEqual(current);
      expect(await contents(schema, true)).toEqual(before);
      // A retry of a stored batch, an id stored on another stream: as the shared rules decide.
      expect((await store.append('a', a.slice(1), { expectedSeq: 1 })).outcome).toBe('already_appended');
      const reused = chainEvents('c', [{ id: 'a2' }]);
      await expect(store.append('c', reused, { expectedSeq: 0 })).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(await store.head('c')).toBeNull();
      // The index itself refuses a repeated id, whatever the append function is given.
      await expect(
        sql(
          `INSERT INTO "${schema}".events (position, txid, stream, seq, id, body) VALUES (99, '0', 1, 99, 'b1', '{}')`,
        ),
      ).rejects.toThrow(/events_by_id/);
      const next = chainEvents('a', [{ id: 'a4' }], { seq: 3, hash: a[2]!.hash });
      expect((await store.append('a', next, { expectedSeq: 3 })).outcome).toBe('appended');
      const report = await verifyStore(store);
      expect(report.problems).toEqual([]);
      expect(report.events).toBe(5);
    } finally {
      await store.close();
    }
  });

  it('is left usable at schema 4 when the migration is cut off midway, and migrated by the next open', async () => {
    const schema = uniqueSchema('mig4_cut');
    const { a, b } = await createSchema4Store(schema);
    const before = await contents(schema, true);
    const application = `phasegate_mig4_${schema}`;
    const url = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}application_name=${application}`;
    // A reader holds the table, so the migration waits inside its transaction, where its connection is cut (by
    // another client: the reader's transaction would see pg_stat_activity as it was when it began).
    const reader = new pg.Client({ connectionString: pgUrl });
    const killer = new pg.Client({ connectionString: pgUrl });
    await reader.connect();
    await killer.connect();
    try {
      await reader.query(`BEGIN; LOCK TABLE "${schema}".events IN ACCESS SHARE MODE`);
      const opening = openPostgresEventStore(url, { schema });
      opening.catch(() => {}); // awaited below
      let cut = false;
      for (let i = 0; i < 500 && !cut; i++) {
        const rows = await killer.query<{ cut: boolean }>(
          `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = $1 ` +
            `AND wait_event_type = 'Lock' AND query LIKE '%DROP INDEX%'`,
          [application],
        );
        cut = rows.rows.some((row) => row.cut);
        if (!cut) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(cut).toBe(true);
      await expect(opening).rejects.toBeInstanceOf(StoreError);
      await reader.query('COMMIT');
    } finally {
      await reader.end();
      await killer.end();
    }
    expect(await layout(schema)).toEqual(schema4);
    expect(await contents(schema, true)).toEqual(before);
    const store = await openPostgresEventStore(pgUrl, { schema });
    try {
      expect(await layout(schema)).toEqual(current);
      expect((await collect(store.readStream('b'))).map(encodeEvent)).toEqual(b.map(encodeEvent));
      const next = chainEvents('a', [{ id: 'a4' }], { seq: 3, hash: a[2]!.hash });
      expect((await store.append('a', next, { expectedSeq: 3 })).outcome).toBe('appended');
      expect((await collect(store.readStream('a'))).map(encodeEvent)).toEqual([...a, ...next].map(encodeEvent));
    } finally {
      await store.close();
    }
  });
});
