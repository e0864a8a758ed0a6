import type pg from 'pg';
import { PhasegateError, StoreError, StoreNotFoundError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { wrapDriverError } from './postgresConnection.ts';
import { toRow } from './postgresRows.ts';

/** The layout this code writes; a store's version is the comment on its events table (README "Stores"). */
export const schemaVersion = 7;
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
    ${appendFunction(t, schema, 'append7')}`;
}

/**
 * The append function (README "Stores"). Positions are reserved in transaction-id order: it takes a session advisory
 * lock only for the instant it assigns its transaction id and reserves its positions, so a transaction with a lower
 * id always holds the lower positions. A reader that reads only rows whose `txid` lies below the oldest running
 * transaction (`pg_snapshot_xmin`) therefore reads a prefix of the positions that can never grow a late row inside
 * it. Appends to different streams wait for nothing else. It returns the last position, or null when the stream's
 * head is not at the expected seq with the expected hash; an id stored already, or a seq taken meanwhile by another
 * append, fails the insert on the id or (stream, seq) unique index (the caller then decides with the shared rules).
 * Schema 4 reads the head in one index probe and leaves the ids to that index (schema 3 also looked each id up
 * before inserting, and planned every statement on every call): a batch of 100 runs about 1.6x faster and a single
 * event 2-3x faster on the server (pgbench, synchronous_commit off). Schema 6's `append6` also returns whether a
 * subscription listens (announceListener), so that an append sends its NOTIFY only then; schema 5's `append` is
 * kept by a migration for a process of that version still running. Schema 7's `append7` returns one value, the last
 * position, negated when a subscription listens (`SELECT append7(...)`: no function scan, no row type for the
 * result), and inserts a lone event with VALUES instead of unnest: 12-16% less server CPU a single append with
 * synchronous_commit off (docs/performance.md); a migration keeps `append6` for a process of schema 6.
 */
function appendFunction(t: string, schema: string, name: 'append' | 'append6' | 'append7'): string {
  const v6 = name === 'append6';
  const v7 = name === 'append7';
  const listeners = `hashtext('phasegate.listeners.${schema}')`;
  const out = v6 ? ', OUT last bigint, OUT listened boolean' : '';
  const columns = `${t}.events (position, txid, recorded, stream, seq, id, hash, prev, body)`;
  const many = `INSERT INTO ${columns}
        SELECT v_last - n + u.o, v_xid, u.r, v_no, p_expected + u.o, u.id, decode(u.h, 'hex'), decode(u.p, 'hex'), u.b
        FROM unnest(p_ids, p_hashes, p_prevs, p_recorded, p_bodies) WITH ORDINALITY AS u(id, h, p, r, b, o);`;
  const insert = v7
    ? `IF n = 1 THEN
        INSERT INTO ${columns} VALUES (v_last, v_xid, p_recorded[1], v_no, p_expected + 1, p_ids[1],
          decode(p_hashes[1], 'hex'), decode(p_prevs[1], 'hex'), p_bodies[1]);
      ELSE
        ${many}
      END IF;`
    : many;
  return `
    CREATE OR REPLACE FUNCTION ${t}.${name}(p_stream text, p_expected integer, p_head text, p_ids text[],
        p_hashes text[], p_prevs text[], p_recorded bigint[], p_bodies text[]${out})
        ${v6 ? '' : 'RETURNS bigint'} LANGUAGE plpgsql AS $fn$
    DECLARE
      n integer := cardinality(p_ids);
      v_no integer := (SELECT no FROM ${t}.streams WHERE name = p_stream);
      v_seq integer;
      v_hash bytea;
      v_xid xid8;
      v_last bigint;${v7 ? '\n      v_listened boolean;' : ''}
    BEGIN
      SELECT seq, hash INTO v_seq, v_hash FROM ${t}.events WHERE stream = v_no ORDER BY seq DESC LIMIT 1;
      IF coalesce(v_seq, 0) <> p_expected
          OR (p_expected > 0 AND p_head IS NOT NULL AND v_hash IS DISTINCT FROM decode(p_head, 'hex')) THEN
        RETURN${v6 ? '' : ' NULL'};
      END IF;
      IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'phasegate: append must be the first write of its transaction';
      END IF;
      -- The transaction id and the positions, together: transaction-id order is position order.
      PERFORM pg_advisory_lock(hashtext('phasegate.positions.${schema}'));
      v_xid := pg_current_xact_id();
      v_last := CASE WHEN n = 1 THEN nextval('${t}.positions')
        ELSE setval('${t}.positions', nextval('${t}.positions') + n - 1) END;
      PERFORM pg_advisory_unlock(hashtext('phasegate.positions.${schema}'));${
        v6 || v7
          ? `
      -- A subscription holds all of these locks, shared, while it listens (announceListener); one taken here is held
      -- until this transaction ends, so a subscription that starts meanwhile waits for it before its first read.
      ${v6 ? 'listened' : 'v_listened'} := NOT pg_try_advisory_xact_lock(${listeners}, pg_backend_pid() % ${listenerSlots});`
          : ''
      }
      IF v_no IS NULL THEN -- a new stream; one created meanwhile by another append wins, and seq 1 then conflicts
        INSERT INTO ${t}.streams (name) VALUES (p_stream) ON CONFLICT (name) DO NOTHING RETURNING no INTO v_no;
        IF v_no IS NULL THEN v_no := (SELECT no FROM ${t}.streams WHERE name = p_stream); END IF;
      END IF;
      ${insert}
      ${v6 ? 'last := v_last;' : v7 ? 'RETURN CASE WHEN v_listened THEN -v_last ELSE v_last END;' : 'RETURN v_last;'}
    END $fn$;`;
}

/**
 * How many advisory locks announce listeners: a listener holds them all, an append tries the one of its connection
 * (backend pid modulo this): the connections of one pool, opened one after another, mostly try different ones, so
 * that concurrent appends seldom find the lock taken by each other and send a NOTIFY no one listens for.
 */
const listenerSlots = 32;

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
 * (ids indexed by md5), 5 (no `append6`) or 6 (no `append7`) to the current layout when writing is allowed, and
 * refuses one it cannot use with a message saying what to do. A read-only open reads a store of schema 3 to 6 as it
 * is. Concurrent first opens wait on an advisory lock.
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
    // Schemas 3 to 6 keep what schema 7 keeps; only the append function (and for 3 and 4 the id index) differ.
    // Reads use neither function, and the id lookups match both the md5 and the plain id, so either index serves them.
    if (found >= 3 && found <= 6 && !write) return;
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
    } else if (now >= 3 && now <= 6) {
      // Schema 3's slower `append` is replaced by schema 5's, which a process of that version still running calls,
      // and schema 6's `append6` stays for a process of schema 6 (both reserve positions as `append7` does, under the
      // same lock); this version calls `append7`.
      const steps = [now === 3 ? appendFunction(t, schema, 'append') : '', now < 5 ? idIndexFrom4(t) : ''];
      await client.query(`${steps.join(' ')} ${appendFunction(t, schema, 'append7')} ${packIndexes(t)} ${comment(t)}`);
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
 * ddl); pages written before stay as they are. A storage parameter, not part of the layout: a store of schema 7 made
 * before gets it on its first open for writing, and a process of an earlier version reads and appends as before. A
 * role that does not own the indexes leaves them as they are (README "Stores").
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
