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

// README "Stores": schema 7 adds the `append7` function, which returns the last position negated when a subscription
// listens (schema 6's `append6` returned it beside a flag) and inserts a lone event with VALUES. A store of schema 6
// is read as it is by a read-only open, and gets the current functions (`append7`, and schema 8's `append8`), in
// place, the first time it is opened for writing; `append6` stays for a process of schema 6, and all reserve
// positions alike and see the same listeners.
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

/** The append function of schema 6 (postgresSchema.ts before schema 7), verbatim. */
const append6 = (t: string, schema: string) => `
    CREATE OR REPLACE FUNCTION ${t}.append6(p_stream text, p_expected integer, p_head text, p_ids text[],
        p_hashes text[], p_prevs text[], p_recorded bigint[], p_bodies text[], OUT last bigint, OUT listened boolean)
        LANGUAGE plpgsql AS $fn$
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
        RETURN;
      END IF;
      IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'phasegate: append must be the first write of its transaction';
      END IF;
      PERFORM pg_advisory_lock(hashtext('phasegate.positions.${schema}'));
      v_xid := pg_current_xact_id();
      v_last := CASE WHEN n = 1 THEN nextval('${t}.positions')
        ELSE setval('${t}.positions', nextval('${t}.positions') + n - 1) END;
      PERFORM pg_advisory_unlock(hashtext('phasegate.positions.${schema}'));
      listened := NOT pg_try_advisory_xact_lock(hashtext('phasegate.listeners.${schema}'), pg_backend_pid() % 32);
      IF v_no IS NULL THEN
        INSERT INTO ${t}.streams (name) VALUES (p_stream) ON CONFLICT (name) DO NOTHING RETURNING no INTO v_no;
        IF v_no IS NULL THEN v_no := (SELECT no FROM ${t}.streams WHERE name = p_stream); END IF;
      END IF;
      INSERT INTO ${t}.events (position, txid, recorded, stream, seq, id, hash, prev, body)
        SELECT v_last - n + u.o, v_xid, u.r, v_no, p_expected + u.o, u.id, decode(u.h, 'hex'), decode(u.p, 'hex'), u.b
        FROM unnest(p_ids, p_hashes, p_prevs, p_recorded, p_bodies) WITH ORDINALITY AS u(id, h, p, r, b, o);
      last := v_last;
    END $fn$;`;

const schema6 = { note: 'phasegate events, schema 6', functions: ['append6'] };
const current = { note: 'phasegate events, schema 8', functions: ['append6', 'append7', 'append8'] };

/** A store of schema 6 holding a1-a3 on stream a and b1 on b: written by today's store, then given schema 6's function. */
async function createSchema6Store(schema: string) {
  schemas.push(schema);
  const { a, b } = await writeTwoStreams(schema);
  const t = `"${schema}"`;
  await sql(
    `DROP FUNCTION ${t}.append7, ${t}.append8; ${append6(t, schema)}; COMMENT ON TABLE ${t}.events IS 'phasegate events, schema 6'`,
  );
  expect(await functionsLayout(schema)).toEqual(schema6);
  return { a, b };
}

/** Appends `event` (the next on its stream after `head`) as a process of schema 6 does; returns the function's row. */
async function appendAs6(schema: string, event: ReturnType<typeof chainEvents>[number], head: string) {
  const [row] = await sql<{ last: string | null; listened: boolean | null }>(
    `SELECT last, listened FROM "${schema}".append6('${event.stream}', ${event.seq - 1}, '${head}', ` +
      `ARRAY['${event.id}'], ARRAY['${event.hash}'], ARRAY['${event.prev}'], ARRAY[NULL::bigint], ` +
      `ARRAY['${JSON.stringify(event)}'])`,
  );
  return row!;
}

describe('PostgreSQL store of schema 6', () => {
  it('is read as it is by a read-only open, and left at schema 6', async () => {
    const schema = uniqueSchema('mig6_ro');
    const { a, b } = await createSchema6Store(schema);
    const all = await storedContents(schema, true);
    expect(all.map(([, bytes]) => bytes)).toEqual([...a, ...b].map(encodeEvent));
    expect(await functionsLayout(schema)).toEqual(schema6);
  });

  it('is migrated on open for writing: same events and positions; appends and a process of schema 6 still work', async () => {
    const schema = uniqueSchema('mig6');
    const { a, b } = await createSchema6Store(schema);
    const before = await storedContents(schema, true);
    const store = await openPostgresEventStore(pgUrl, { schema, pollMs: 600_000 });
    try {
      expect(await functionsLayout(schema)).toEqual(current);
      expect(await storedContents(schema, true)).toEqual(before);
      expect((await store.append('a', a.slice(1), { expectedSeq: 1 })).outcome).toBe('already_appended');
      const next = chainEvents('a', [{ id: 'a4' }], { seq: 3, hash: a[2]!.hash });
      expect((await store.append('a', next, { expectedSeq: 3 })).outcome).toBe('appended');
      // A process of schema 6, still running, appends through `append6`: the store reads it as its own, at the
      // next position, and it hears of no subscription while none listens.
      const [b2, b3] = chainEvents('b', [{ id: 'b2' }, { id: 'b3' }], { seq: 1, hash: b[0]!.hash });
      expect(await appendAs6(schema, b2!, b[0]!.hash)).toEqual({
        last: String(Number(before.at(-1)![0]) + 2),
        listened: false,
      });
      expect((await collect(store.readStream('b'))).map(encodeEvent)).toEqual([...b, b2!].map(encodeEvent));
      // While a subscription of this version listens, `append6` says so (its process then sends the NOTIFY).
      const delivered: string[] = [];
      let wakeUp = () => {};
      const subscription = store.subscribe({}, (item) => {
        delivered.push(item.event.id);
        wakeUp();
      });
      while (delivered.length < 6) await new Promise<void>((resolve) => (wakeUp = resolve));
      expect((await appendAs6(schema, b3!, b2!.hash)).listened).toBe(true);
      await subscription.stop();
      const report = await verifyStore(store);
      expect(report.problems).toEqual([]);
      expect(report.events).toBe(7);
    } finally {
      await store.close();
    }
  });
});
