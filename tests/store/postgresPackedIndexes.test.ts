import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { verifyStore } from '../../src/entries/audit.ts';
import { chainEvents } from './storeEvents.ts';
import {
  dropSchemas,
  functionsLayout,
  pgUrl,
  sql,
  storedContents,
  uniqueSchema,
  writeTwoStreams,
} from './storeFixtures.ts';

// README "Stores": the three indexes of events grow at their end, so their pages are packed full (fillfactor 100). A
// store of the current schema whose indexes are not (a storage parameter, not part of the layout), or one migrated
// from an older schema (7 made before the setting, or 6), gets the setting on its first open for writing; a read-only
// open leaves it as it is.
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

/** Each index of the store's events table, by name, with its storage parameters (null: none). */
const indexOptions = (schema: string) =>
  sql<{ name: string; options: string[] | null }>(
    `SELECT c.relname::text AS name, c.reloptions AS options FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = '"${schema}".events'::regclass ORDER BY 1`,
  );
const packed = [
  { name: 'events_by_id', options: ['fillfactor=100'] },
  { name: 'events_by_position', options: ['fillfactor=100'] },
  { name: 'events_by_stream', options: ['fillfactor=100'] },
];
const loose = packed.map(({ name }) => ({ name, options: null }));

/** A store holding a1-a3 and b1, its indexes as a phasegate of schema `version` before packing made them. */
async function unpackedStore(schema: string, version: 6 | 7 | 8) {
  schemas.push(schema);
  const events = await writeTwoStreams(schema);
  const t = `"${schema}"`;
  const reset = loose.map(({ name }) => `ALTER INDEX ${t}.${name} RESET (fillfactor);`).join(' ');
  const to = (functions: string[], v: number) =>
    `${functions.map((f) => `DROP FUNCTION ${t}.${f};`).join(' ')} ` +
    `COMMENT ON TABLE ${t}.events IS 'phasegate events, schema ${v}';`;
  const older = { 6: to(['append8', 'append7'], 6), 7: to(['append8'], 7), 8: '' };
  await sql(`${reset} ${older[version]}`);
  expect(await indexOptions(schema)).toEqual(loose);
  return events;
}

describe('PostgreSQL store indexes', () => {
  it('are packed full in a new store', async () => {
    const schema = uniqueSchema('packed_new');
    schemas.push(schema);
    await writeTwoStreams(schema);
    expect(await indexOptions(schema)).toEqual(packed);
  });

  it('of a store of schema 7 made before are left as they are by a read-only open', async () => {
    const schema = uniqueSchema('packed_ro');
    const { a, b } = await unpackedStore(schema, 7);
    expect((await storedContents(schema, true)).length).toBe(a.length + b.length);
    expect(await indexOptions(schema)).toEqual(loose);
  });

  it('of a store of the current schema are packed on open for writing; the store stays at that schema', async () => {
    const schema = uniqueSchema('packed_rw');
    const { a } = await unpackedStore(schema, 8);
    const before = await storedContents(schema, true);
    const layout = await functionsLayout(schema);
    // An index a user added keeps its own settings.
    await sql(`CREATE INDEX mine ON "${schema}".events (recorded) WITH (fillfactor = 70)`);
    const store = await openPostgresEventStore(pgUrl, { schema });
    try {
      expect(await indexOptions(schema)).toEqual([...packed, { name: 'mine', options: ['fillfactor=70'] }]);
      expect(await functionsLayout(schema)).toEqual(layout);
      expect(layout.note).toBe('phasegate events, schema 8');
      expect(await storedContents(schema, true)).toEqual(before);
      const next = chainEvents('a', [{ id: 'a4' }, { id: 'a5' }], { seq: 3, hash: a[2]!.hash });
      expect((await store.append('a', next, { expectedSeq: 3 })).outcome).toBe('appended');
      expect((await store.append('a', next, { expectedSeq: 3 })).outcome).toBe('already_appended');
      expect((await verifyStore(store)).problems).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('of a store of the current schema are left as they are by a role that does not own them, which still writes', async () => {
    const schema = uniqueSchema('packed_role');
    const { a } = await unpackedStore(schema, 8);
    const role = `${schema}_writer`;
    const t = `"${schema}"`;
    await sql(
      `CREATE ROLE ${role} LOGIN; GRANT USAGE ON SCHEMA ${t} TO ${role}; ` +
        `GRANT ALL ON ALL TABLES IN SCHEMA ${t} TO ${role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA ${t} TO ${role}`,
    );
    try {
      const url = new URL(pgUrl);
      url.username = role;
      url.password = '';
      const store = await openPostgresEventStore(url.toString(), { schema });
      try {
        const next = chainEvents('a', [{ id: 'a4' }], { seq: 3, hash: a[2]!.hash });
        expect((await store.append('a', next, { expectedSeq: 3 })).outcome).toBe('appended');
      } finally {
        await store.close();
      }
      expect(await indexOptions(schema)).toEqual(loose);
    } finally {
      await sql(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });

  it.each([6, 7] as const)('of a store of schema %i are packed by its migration', async (version) => {
    const schema = uniqueSchema(`packed_mig${version}`);
    await unpackedStore(schema, version);
    const store = await openPostgresEventStore(pgUrl, { schema });
    await store.close();
    expect((await functionsLayout(schema)).note).toBe('phasegate events, schema 8');
    expect(await indexOptions(schema)).toEqual(packed);
  });
});
