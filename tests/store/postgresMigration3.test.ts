import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent } from '../../src/envelope/canonical.ts';
import { IdempotencyConflictError, VersionConflictError } from '../../src/index.ts';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { verifyStore } from '../../src/entries/audit.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { dropSchemas, pgUrl, sql, uniqueSchema } from './storeFixtures.ts';

// README "Stores": schema 4 has the tables of schema 3 and a faster append function; schema 5 indexes ids as they are. A
// store of schema 3 is read as it is by a read-only open, and its function and id index are replaced, in place, the
// first time it is opened for writing.
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

/** The append function of schema 3 (postgresSchema.ts before schema 4), verbatim. */
const append3 = (t: string, schema: string) => `
    CREATE OR REPLACE FUNCTION ${t}.append(p_stream text, p_expected integer, p_head text, p_ids text[],
        p_hashes text[], p_prevs text[], p_recorded bigint[], p_bodies text[]) RETURNS bigint LANGUAGE plpgsql
        SET plan_cache_mode = force_custom_plan AS $fn$
    DECLARE
      n integer := cardinality(p_ids);
      v_no integer := (SELECT no FROM ${t}.streams WHERE name = p_stream);
      v_xid xid8;
      v_last bigint;
    BEGIN
      IF coalesce((SELECT max(seq) FROM ${t}.events WHERE stream = v_no), 0) <> p_expected THEN RETURN NULL; END IF;
      IF p_expected > 0 AND p_head IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${t}.events
          WHERE stream = v_no AND seq = p_expected AND hash = decode(p_head, 'hex')) THEN RETURN NULL; END IF;
      IF EXISTS (SELECT 1 FROM ${t}.events
          WHERE md5(id)::uuid = ANY (ARRAY(SELECT md5(i)::uuid FROM unnest(p_ids) AS i))) THEN RETURN NULL; END IF;
      IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'phasegate: append must be the first write of its transaction';
      END IF;
      PERFORM pg_advisory_lock(hashtext('phasegate.positions.${schema}'));
      v_xid := pg_current_xact_id();
      v_last := CASE WHEN n = 1 THEN nextval('${t}.positions')
        ELSE setval('${t}.positions', nextval('${t}.positions') + n - 1) END;
      PERFORM pg_advisory_unlock(hashtext('phasegate.positions.${schema}'));
      IF v_no IS NULL THEN
        INSERT INTO ${t}.streams (name) VALUES (p_stream) ON CONFLICT (name) DO NOTHING RETURNING no INTO v_no;
        IF v_no IS NULL THEN v_no := (SELECT no FROM ${t}.streams WHERE name = p_stream); END IF;
      END IF;
      INSERT INTO ${t}.events (position, txid, recorded, stream, seq, id, hash, prev, body)
        SELECT v_last - n + u.o, v_xid, u.r, v_no, p_expected + u.o, u.id, decode(u.h, 'hex'), decode(u.p, 'hex'), u.b
        FROM unnest(p_ids, p_hashes, p_prevs, p_recorded, p_bodies) WITH ORDINALITY AS u(id, h, p, r, b, o);
      RETURN v_last;
    END $fn$;`;

/** The version comment and whether the append function is the one of schema 3 (it plans every call anew). */
async function layout(schema: string): Promise<{ note: string; planned: boolean }> {
  const [row] = await sql<{ note: string; planned: boolean }>(
    `SELECT obj_description('"${schema}".events'::regclass, 'pg_class') AS note,
       coalesce('plan_cache_mode=force_custom_plan' = ANY (p.proconfig), false) AS planned
     FROM pg_proc p WHERE p.oid = '"${schema}".append'::regproc`,
  );
  return row!;
}

/** A store of schema 3 holding `a1`-`a3` on stream a: written by today's store, then given schema 3's function. */
async function createSchema3Store(schema: string) {
  const events = chainEvents('a', [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }]);
  const store = await openPostgresEventStore(pgUrl, { schema });
  await store.append('a', events, { expectedSeq: 0 });
  await store.close();
  const t = `"${schema}"`;
  await sql(`${append3(t, schema)} COMMENT ON TABLE ${t}.events IS 'phasegate events, schema 3'`);
  expect(await layout(schema)).toEqual({ note: 'phasegate events, schema 3', planned: true });
  return events;
}

describe('PostgreSQL store of schema 3', () => {
  it('is read as it is by a read-only open, and left at schema 3', async () => {
    const schema = uniqueSchema('mig3_ro');
    schemas.push(schema);
    const events = await createSchema3Store(schema);
    const store = await openPostgresEventStore(pgUrl, { schema, readOnly: true });
    try {
      expect((await collect(store.readStream('a'))).map(encodeEvent)).toEqual(events.map(encodeEvent));
      expect((await collect(store.readAll())).map((p) => p.position)).toEqual([1, 2, 3]);
    } finally {
      await store.close();
    }
    expect(await layout(schema)).toEqual({ note: 'phasegate events, schema 3', planned: true });
  });

  it('gets the current append function and id index on open for writing, keeping every event; appends decide as before', async () => {
    const schema = uniqueSchema('mig3');
    schemas.push(schema);
    const events = await createSchema3Store(schema);
    const store = await openPostgresEventStore(pgUrl, { schema });
    try {
      expect(await layout(schema)).toEqual({ note: 'phasegate events, schema 8', planned: false });
      expect((await collect(store.readStream('a'))).map(encodeEvent)).toEqual(events.map(encodeEvent));
      // A retry of a stored batch, a stale seq, an id stored on another stream: as the shared rules decide.
      expect((await store.append('a', events.slice(1), { expectedSeq: 1 })).outcome).toBe('already_appended');
      const stale = chainEvents('a', [{ id: 'x1' }], { seq: 2, hash: events[1]!.hash });
      await expect(store.append('a', stale, { expectedSeq: 2 })).rejects.toBeInstanceOf(VersionConflictError);
      const reused = chainEvents('b', [{ id: 'a2' }]);
      await expect(store.append('b', reused, { expectedSeq: 0 })).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(await store.head('b')).toBeNull();

      const next = chainEvents('a', [{ id: 'a4' }, { id: 'a5' }], { seq: 3, hash: events[2]!.hash });
      expect((await store.append('a', next, { expectedSeq: 3 })).outcome).toBe('appended');
      const after = await collect(store.readAll({ fromPosition: 4 }));
      expect(after.map((p) => p.event.id)).toEqual(['a4', 'a5']);
      const report = await verifyStore(store);
      expect(report.problems).toEqual([]);
      expect(report.events).toBe(5);
    } finally {
      await store.close();
    }
  });
});
