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

// README "Stores": schema 8 adds the `append8` function, which appends the batches of several streams in one call
// and one transaction (appends made in the same turn of the event loop). A store of schema 7 is read as it is by a
// read-only open, and gets the function, in place, the first time it is opened for writing; `append7`, which this
// version still calls for a lone append, stays for a process of schema 7.
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

const schema7 = { note: 'phasegate events, schema 7', functions: ['append6', 'append7'] };
const current = { note: 'phasegate events, schema 8', functions: ['append6', 'append7', 'append8'] };

/** A store of schema 7 holding a1-a3 on stream a and b1 on b: written by today's store, then without `append8`. */
async function createSchema7Store(schema: string) {
  schemas.push(schema);
  const { a, b } = await writeTwoStreams(schema);
  const t = `"${schema}"`;
  // A store of schema 7 migrated from 6 has `append6` too; this one keeps it to show that the migration leaves it.
  await sql(
    `CREATE FUNCTION ${t}.append6() RETURNS void LANGUAGE sql AS ''; DROP FUNCTION ${t}.append8; ` +
      `COMMENT ON TABLE ${t}.events IS 'phasegate events, schema 7'`,
  );
  expect(await functionsLayout(schema)).toEqual(schema7);
  return { a, b };
}

describe('PostgreSQL store of schema 7', () => {
  it('is read as it is by a read-only open, and left at schema 7', async () => {
    const schema = uniqueSchema('mig7_ro');
    const { a, b } = await createSchema7Store(schema);
    const all = await storedContents(schema, true);
    expect(all.map(([, bytes]) => bytes)).toEqual([...a, ...b].map(encodeEvent));
    expect(await functionsLayout(schema)).toEqual(schema7);
  });

  it('is migrated on open for writing: same events and positions; appends alone and together, and a process of schema 7, still work', async () => {
    const schema = uniqueSchema('mig7');
    const { a, b } = await createSchema7Store(schema);
    const before = await storedContents(schema, true);
    const store = await openPostgresEventStore(pgUrl, { schema, pollMs: 600_000 });
    try {
      expect(await functionsLayout(schema)).toEqual(current);
      expect(await storedContents(schema, true)).toEqual(before);
      expect((await store.append('a', a.slice(1), { expectedSeq: 1 })).outcome).toBe('already_appended');
      // Of three appends made in one turn the first goes alone (nothing in flight) and the others together; then a
      // process of schema 7 appends through `append7`, at the next position.
      const [a4] = chainEvents('a', [{ id: 'a4' }], { seq: 3, hash: a[2]!.hash });
      const c = chainEvents('c', [{ id: 'c1' }, { id: 'c2' }]);
      const d = chainEvents('d', [{ id: 'd1' }]);
      const outcomes = await Promise.all([
        store.append('a', [a4!], { expectedSeq: 3 }),
        store.append('c', c, { expectedSeq: 0 }),
        store.append('d', d, { expectedSeq: 0 }),
      ]);
      expect(outcomes.map((o) => o.outcome)).toEqual(['appended', 'appended', 'appended']);
      const [counts] = await sql<{ transactions: string }>(
        `SELECT count(DISTINCT txid) AS transactions FROM "${schema}".events WHERE id IN ('c1', 'c2', 'd1')`,
      );
      expect(counts!.transactions).toBe('1');
      const [b2] = chainEvents('b', [{ id: 'b2' }], { seq: 1, hash: b[0]!.hash });
      const [row] = await sql<{ last: string }>(
        `SELECT "${schema}".append7('b', 1, '${b[0]!.hash}', ARRAY['${b2!.id}'], ARRAY['${b2!.hash}'], ` +
          `ARRAY['${b2!.prev}'], ARRAY[NULL::bigint], ARRAY['${JSON.stringify(b2)}']) AS last`,
      );
      expect(row!.last).toBe(String(Number(before.at(-1)![0]) + 5));
      const ids = (await collect(store.readAll())).map((p) => p.event.id);
      expect(ids.slice(0, 4)).toEqual(['a1', 'a2', 'a3', 'b1']);
      expect(ids.slice(4, 8).sort()).toEqual(['a4', 'c1', 'c2', 'd1']); // the two calls were in flight together
      expect(ids.slice(8)).toEqual(['b2']);
      const report = await verifyStore(store);
      expect(report.problems).toEqual([]);
      expect(report.events).toBe(9);
    } finally {
      await store.close();
    }
  });
});
