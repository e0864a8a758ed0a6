import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent } from '../../src/envelope/canonical.ts';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { verifyStore } from '../../src/entries/audit.ts';
import { chainEvents, collect } from './storeEvents.ts';
import {
  dropSchemas,
  functionsLayout,
  pgUrl,
  sql,
  storedContents,
  uniqueSchema,
  writeTwoStreams,
} from './storeFixtures.ts';

// README "Stores": schema 6 added the `append6` function, which tells the append whether a subscription listens (it
// sends its NOTIFY only then), schema 7 `append7`, which says the same in one value, and schema 8 `append8`, the appends of several streams in one call. A store of schema 5 is read
// as it is by a read-only open, and gets the current function, in place, the first time it is opened for writing;
// schema 5's `append` stays for a process of that version.
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

/** The append function of schema 5 (postgresSchema.ts before schema 6), verbatim. */
const append5 = (t: string, schema: string) => `
    CREATE OR REPLACE FUNCTION ${t}.append(p_stream text, p_expected integer, p_head text, p_ids text[],
        p_hashes text[], p_prevs text[], p_recorded bigint[], p_bodies text[]) RETURNS bigint LANGUAGE plpgsql AS $fn$
    DECLARE
      n integer := cardinality(p_ids);
      v_no integer := (SELECT no FROM ${t}.streams WHERE name = p_stream);
      v_seq integer;
      v_hash bytea;
      v_xid xid8;
      v_last bigint;
    BEGIN
      SELECT seq, hash INTO v_seq, v_hash FROM ${t}.events WHERE stream = v_no ORDER BY seq DESC LIMIT 1;
      IF coalesce(v_seq, 0) <> p_expected
          OR (p_expected > 0 AND p_head IS NOT NULL AND v_hash IS DISTINCT FROM decode(p_head, 'hex')) THEN
        RETURN NULL;
      END IF;
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

const schema5 = { note: 'phasegate events, schema 5', functions: ['append'] };
const current = { note: 'phasegate events, schema 8', functions: ['append', 'append7', 'append8'] };

/** A store of schema 5 holding a1-a3 on stream a and b1 on b: written by today's store, then given schema 5's function. */
async function createSchema5Store(schema: string) {
  schemas.push(schema);
  const { a, b } = await writeTwoStreams(schema);
  const t = `"${schema}"`;
  await sql(
    `DROP FUNCTION ${t}.append7, ${t}.append8; ${append5(t, schema)}; COMMENT ON TABLE ${t}.events IS 'phasegate events, schema 5'`,
  );
  expect(await functionsLayout(schema)).toEqual(schema5);
  return { a, b };
}

describe('PostgreSQL store of schema 5', () => {
  it('is read as it is by a read-only open, and left at schema 5', async () => {
    const schema = uniqueSchema('mig5_ro');
    const { a, b } = await createSchema5Store(schema);
    const all = await storedContents(schema, true);
    expect(all.map(([, bytes]) => bytes)).toEqual([...a, ...b].map(encodeEvent));
    expect(await functionsLayout(schema)).toEqual(schema5);
  });

  it('is migrated on open for writing: same events and positions; appends and a process of schema 5 still work', async () => {
    const schema = uniqueSchema('mig5');
    const { a, b } = await createSchema5Store(schema);
    const before = await storedContents(schema, true);
    const store = await openPostgresEventStore(pgUrl, { schema });
    try {
      expect(await functionsLayout(schema)).toEqual(current);
      expect(await storedContents(schema, true)).toEqual(before);
      expect((await store.append('a', a.slice(1), { expectedSeq: 1 })).outcome).toBe('already_appended');
      const next = chainEvents('a', [{ id: 'a4' }], { seq: 3, hash: a[2]!.hash });
      expect((await store.append('a', next, { expectedSeq: 3 })).outcome).toBe('appended');
      // A process of schema 5, still running, appends through schema 5's function: the store reads it as its own.
      const old = chainEvents('b', [{ id: 'b2' }], { seq: 1, hash: b[0]!.hash })[0]!;
      const [row] = await sql<{ last: string }>(
        `SELECT "${schema}".append('b', 1, '${b[0]!.hash}', ARRAY['b2'], ARRAY['${old.hash}'], ` +
          `ARRAY['${old.prev}'], ARRAY[NULL::bigint], ARRAY['${JSON.stringify(old)}']) AS last`,
      );
      expect(row!.last).not.toBeNull();
      expect((await collect(store.readStream('b'))).map(encodeEvent)).toEqual([...b, old].map(encodeEvent));
      const report = await verifyStore(store);
      expect(report.problems).toEqual([]);
      expect(report.events).toBe(6);
    } finally {
      await store.close();
    }
  });
});
