import type pg from 'pg';
import { PhasegateError, StoreError, StoreNotFoundError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { wrapDriverError } from './postgresConnection.ts';
import { toRow } from './postgresRows.ts';
import { appendFunction, groupAppendFunction, listenerSlots } from './postgresFunctions.ts';

/** The layout this code writes; a store's version is the comment on its events table (README "Stores"). */
export const schemaVersion = 8;
const versionComment = `phasegate events, schema ${schemaVersion}`;

/**
 * The tables, the position sequence and the append function of a store (README "Stores"). Schema 5 indexes ids as
 * they are, compared as bytes (`COLLATE "C"`): ids begin with their millisecond in an alphabet that sorts as bytes
 * (src/ids.ts), so the index grows at its end. Schema 4 indexed `md5(id)::uuid`, which put each new id on a random
 * leaf page: a batch of 100 cost the server about 1.4x the CPU (1,400-1,470 against 1,030 us) and, after a
 * checkpoint, twice the WAL, for 3-11 bytes an event less (docs/performance.md, "PostgreSQL bytes per event").
 * The three indexes of events grow at their end (positions, each stream's seqs, ids), so their pages are packed full
 * (`fillfactor = 100`) where PostgreSQL leaves a tenth of each free for inserts in the middle that do not come.
 */
function ddl(t: string, schema: string, table: string): string {
  return `
    CREATE TABLE ${t}.streams (
      no   integer GENERATED ALWAYS AS IDENTITY,
      name text    NOT NULL,
      CONSTRAINT streams_by_no PRIMARY KEY (no),
      CONSTRAINT streams_by_name UNIQUE (name)
    );
    CREATE TABLE ${t}.${table} (
      position bigint  NOT NULL,
      txid     xid8    NOT NULL,
      recorded bigint,
      stream   integer NOT NULL,
      seq      integer NOT NULL,
      id       text    COLLATE "C" NOT NULL,
      hash     bytea,
      prev     bytea,
      body     text    NOT NULL,
      CONSTRAINT events_by_position PRIMARY KEY (position) WITH (fillfactor = 100),
      CONSTRAINT events_by_stream UNIQUE (stream, seq) WITH (fillfactor = 100)
    );
    CREATE UNIQUE INDEX events_by_id ON ${t}.${table} (id) WITH (fillfactor = 100);
    CREATE TABLE IF NOT EXISTS ${t}.snapshots (
      stream   text    NOT NULL,
      workflow text    NOT NULL,
      seq      integer NOT NULL,
      hash     text    NOT NULL,
      body     text    NOT NULL,
      PRIMARY KEY (stream, workflow)
    );
    CREATE SEQUENCE IF NOT EXISTS ${t}.positions;
    ${appendFunction(t, schema, 'append7')}
    ${groupAppendFunction(t, schema)}`;
}

/**
 * Makes `listener`, a connection that LISTENs for a store's appends, known to them: since schema 6 an append sends its
 * NOTIFY only while some connection holds these shared session locks (postgresEventStore.ts, README "Stores"). An
 * append that found none holds one of them until it ends, so this waits for it, and the subscription's first read,
 * made after, sees what it commits.
 */
export async function announceListener(listener: pg.Client, schema: string): Promise<void> {
  await listener.query(
    `SELECT pg_advisory_lock_shared(hashtext($1), s) FROM generate_series(0, ${listenerSlots - 1}) AS s`,
    [`phasegate.listeners.${schema}`],
  );
}

/**
 * Opens a store's schema: creates it when missing (with `create`), migrates a store of schema 1 (the TEXT of the
 * canonical bytes, appends serialized by one advisory lock), 3 (a slower append function, ids indexed by md5), 4
 * (ids indexed by md5), 5 (no `append6`), 6 (no `append7`) or 7 (no `append8`) to the current layout when writing
 * is allowed, and refuses one it cannot use with a message saying what to do. A read-only open reads a store of schema
 * 3 to 7 as it is. Concurrent first opens wait on an advisory lock.
 */
export async function migrate(
  pool: pg.Pool,
  schema: string,
  create: boolean,
  write: boolean,
  where: string,
): Promise<void> {
  const client = await wrapDriverError(where, () => pool.connect());
  const t = `"${schema}"`;
  let locked = false;
  try {
    // The store's schema version, and whether an index of its events is not packed full (see packIndexes).
    const state = async () => {
      const { rows } = await client.query<{ found: boolean; note: string | null; loose: boolean }>(
        `SELECT to_regclass($1) IS NOT NULL AS found, obj_description(to_regclass($1), 'pg_class') AS note, ` +
          `EXISTS (SELECT FROM pg_class c WHERE c.oid IN (${packed.map((i) => `to_regclass('${t}.${i}')`).join(', ')}) ` +
          `AND NOT coalesce(c.reloptions @> '{fillfactor=100}', false)) AS loose`,
        [`${t}.events`],
      );
      const { found, note, loose } = rows[0]!;
      const version = !found
        ? 0
        : note === versionComment
          ? schemaVersion
          : Number(/schema (\d+)$/.exec(note ?? '')?.[1] ?? 1);
      return { version, loose };
    };
    const { version: found, loose } = await state();
    if (found === schemaVersion && (!loose || !write)) return;
    if (found === 0 && !create) {
      throw new StoreNotFoundError(
        `There is no phasegate store in ${where}. ` +
          'Check the URL and ?schema=, or open it with { create: true } to create one.',
      );
    }
    if (found === 2) {
      throw new StoreError(
        `${where} has schema 2, the layout of an unreleased development build of phasegate. Export it with that ` +
          'build, then import the file into a new store.',
      );
    }
    if (found > schemaVersion) {
      throw new StoreError(
        `${where} has schema ${found}, newer than this phasegate (schema ${schemaVersion}). ` +
          'Upgrade phasegate to open it.',
      );
    }
    // Schemas 3 to 7 keep what schema 8 keeps; only the append functions (and for 3 and 4 the id index) differ.
    // Reads use no function, and the id lookups match both the md5 and the plain id, so either index serves them.
    if (found >= 3 && found <= 7 && !write) return;
    if (found !== 0 && !write) {
      throw new StoreError(
        `${where} has schema ${found}; this phasegate reads schema ${schemaVersion}. Open it once for writing ` +
          '(openStore without readOnly) to migrate it in place, then read it.',
      );
    }
    // The lock first, then the transaction: a transaction that began before the wait would not see what another
    // opener created meanwhile (its catalog cache still says "no such table").
    await client.query(`SELECT pg_advisory_lock(hashtext('phasegate.migrate'))`);
    locked = true;
    await client.query('BEGIN');
    const now = (await state()).version; // another process may have done it while this one waited
    if (now === 0) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${t}; ${ddl(t, schema, 'events')}`);
      await client.query(comment(t));
    } else if (now === 1) {
      await migrateFrom1(client, t, schema);
    } else if (now >= 3 && now <= 7) {
      // Schema 3's slower `append` is replaced by schema 5's, which a process of that version still running calls,
      // and schema 6's `append6` stays for a process of schema 6 (all reserve positions as `append7` and `append8`
      // do, under the same lock); this version calls `append7` and `append8`.
      const steps = [
        now === 3 ? appendFunction(t, schema, 'append') : '',
        now < 5 ? idIndexFrom4(t) : '',
        now < 7 ? appendFunction(t, schema, 'append7') : '',
        groupAppendFunction(t, schema),
      ];
      await client.query(`${steps.join(' ')} ${packIndexes(t)} ${comment(t)}`);
    } else if (now === schemaVersion) {
      await client.query(packIndexes(t));
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (error instanceof PhasegateError) throw error;
    const message = `${where}: cannot create or migrate the schema: ${(error as Error).message}. Nothing was changed.`;
    throw new StoreError(message, { cause: error });
  } finally {
    let lost: Error | undefined;
    const unlock = `SELECT pg_advisory_unlock(hashtext('phasegate.migrate'))`;
    if (locked) await client.query(unlock).catch((e: Error) => (lost = e));
    client.release(lost); // a connection that could not unlock is closed, which unlocks
  }
}

/**
 * Schemas 3 and 4 indexed `md5(id)::uuid`; schema 5 indexes the id itself, compared as bytes. The column gets the "C"
 * collation (same type: no table rewrite) and the index is built anew, in the migration's transaction: until it
 * commits the store stays as it was, and a migration cut off midway leaves it so.
 */
const idIndexFrom4 = (t: string) =>
  `DROP INDEX ${t}.events_by_id; ALTER TABLE ${t}.events ALTER COLUMN id TYPE text COLLATE "C"; ` +
  `CREATE UNIQUE INDEX events_by_id ON ${t}.events (id);`;

/**
 * The indexes packIndexes sets, by the names every schema since 2 gives them (schema 1's table is copied into the
 * current layout); an index a user added to events keeps its own settings.
 */
const packed = ['events_by_position', 'events_by_stream', 'events_by_id'];

/**
 * Packs the pages that the indexes of events split from now on full (`fillfactor = 100`, as a new store's are: see
 * ddl); pages written before stay as they are. A storage parameter, not part of the layout: a store of the current
 * schema without it gets it on its first open for writing, an older one with its migration. A role that does not own
 * the indexes leaves them as they are (README "Stores").
 */
const packIndexes = (t: string) => `DO $pack$ BEGIN
    ${packed.map((i) => `ALTER INDEX ${t}.${i} SET (fillfactor = 100);`).join(' ')}
  EXCEPTION WHEN insufficient_privilege THEN NULL;
  END $pack$;`;

/** The statement that marks a store as of the current schema (README "Stores"). */
const comment = (t: string) => `COMMENT ON TABLE ${t}.events IS '${versionComment}'`;

/**
 * Schema 1 kept each event as the TEXT of its canonical bytes beside copies of its stream, seq and id. Copies every
 * event, in position order and with its position, into the new layout in one transaction (all or nothing; other
 * writers wait on the table lock), then swaps the tables. Copied rows count as committed long ago (txid 0).
 */
async function migrateFrom1(client: pg.PoolClient, t: string, schema: string): Promise<void> {
  await client.query(`LOCK TABLE ${t}.events IN ACCESS EXCLUSIVE MODE; ${ddl(t, schema, `events_v${schemaVersion}`)}`);
  await client.query(
    `INSERT INTO ${t}.streams (name) SELECT stream FROM ${t}.events GROUP BY stream ORDER BY min(position)`,
  );
  let after = 0;
  for (;;) {
    const { rows } = await client.query<{ position: string; body: string }>(
      `SELECT position, body FROM ${t}.events WHERE position > $1 ORDER BY position LIMIT 5000`,
      [after],
    );
    if (rows.length === 0) break;
    const events = rows.map((row) => JSON.parse(row.body) as RecordedEvent);
    const stored = events.map(toRow);
    await client.query(
      `INSERT INTO ${t}.events_v${schemaVersion} (position, txid, recorded, stream, seq, id, hash, prev, body) ` +
        `SELECT u.position, '0', u.r, s.no, u.seq, u.id, decode(u.h, 'hex'), decode(u.p, 'hex'), u.b FROM ` +
        'unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) ' +
        `AS u(position, r, seq, stream, id, h, p, b) JOIN ${t}.streams s ON s.name = u.stream`,
      [
        rows.map((r) => r.position),
        stored.map((r) => r.recorded),
        events.map((e) => e.seq),
        events.map((e) => e.stream),
        stored.map((r) => r.id),
        stored.map((r) => r.hash),
        stored.map((r) => r.prev),
        stored.map((r) => r.body),
      ],
    );
    after = Number(rows.at(-1)!.position);
  }
  await client.query(
    `DROP TABLE ${t}.events; ALTER TABLE ${t}.events_v${schemaVersion} RENAME TO events; ` +
      `SELECT setval('${t}.positions', greatest((SELECT max(position) FROM ${t}.events), 1), ` +
      `(SELECT count(*) > 0 FROM ${t}.events)); ` +
      `COMMENT ON TABLE ${t}.events IS '${versionComment}'`,
  );
}
