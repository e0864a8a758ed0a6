import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createMemoryEventStore, type EventStore } from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { openJsonlEventStore } from '../../src/entries/jsonl.ts';
import { encodeEvent } from '../../src/envelope/canonical.ts';
import { chainEvents, collect } from './storeEvents.ts';

/** How a contract test gets stores of one adapter. */
export type StoreFixture = {
  readonly name: string;
  /** Opens a new, empty store. */
  open(): Promise<EventStore>;
  /** Closes a store and opens the same one again (the memory store has nothing to reopen: it is returned as is). */
  reopen(store: EventStore): Promise<EventStore>;
  /** Whether `saveSnapshot` keeps anything (JSONL has no snapshot table). */
  readonly keepsSnapshots: boolean;
  /** Removes every file or schema the fixture made. */
  cleanup(): Promise<void>;
};

/** The PostgreSQL server the tests use: PHASEGATE_PG_URL, or the local one. A missing server fails the tests. */
export const pgUrl = process.env.PHASEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Returns a temporary directory and a function that removes it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `phasegate-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Returns a schema name no other test process uses at the same time. */
export function uniqueSchema(prefix: string): string {
  return `t_${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** Drops the given schemas (a test file's own), ignoring ones that were never created. */
export async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Writes a PostgreSQL store of today's schema in `schema` holding a1-a3 on stream a and b1 on b, for a migration test
 * to turn into an older schema with {@link sql}; returns the events.
 */
export async function writeTwoStreams(schema: string) {
  const a = chainEvents('a', [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }]);
  const b = chainEvents('b', [{ id: 'b1' }]);
  const store = await openPostgresEventStore(pgUrl, { schema });
  try {
    await store.append('a', a, { expectedSeq: 0 });
    await store.append('b', b, { expectedSeq: 0 });
  } finally {
    await store.close();
  }
  return { a, b };
}

/** A PostgreSQL store's version comment and the functions in its schema, by name: what a migration test compares. */
export async function functionsLayout(schema: string): Promise<{ note: string; functions: string[] }> {
  const [row] = await sql<{ note: string; functions: string[] }>(
    `SELECT obj_description('"${schema}".events'::regclass, 'pg_class') AS note,
       ARRAY(SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = '${schema}' ORDER BY p.proname) AS functions`,
  );
  return row!;
}

/** Everything a PostgreSQL store holds, as [position, stored bytes], read through a store opened as asked. */
export async function storedContents(schema: string, readOnly: boolean): Promise<(string | number)[][]> {
  const store = await openPostgresEventStore(pgUrl, { schema, readOnly });
  try {
    return (await collect(store.readAll())).map((p) => [p.position, encodeEvent(p.event)]);
  } finally {
    await store.close();
  }
}

/** Runs SQL on the test server outside any store (a connection of its own) and returns the rows. */
export async function sql<TRow extends pg.QueryResultRow>(text: string): Promise<TRow[]> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return (await client.query<TRow>(text)).rows;
  } finally {
    await client.end();
  }
}

export function memoryFixture(): StoreFixture {
  return {
    name: 'memory',
    open: async () => createMemoryEventStore(),
    reopen: async (store) => store,
    keepsSnapshots: true,
    cleanup: async () => {},
  };
}

export function sqliteFixture(): StoreFixture {
  const { dir, remove } = tempDir('sqlite');
  let n = 0;
  return {
    name: 'sqlite',
    open: async () => openSqliteEventStore(join(dir, `store-${++n}.db`)),
    reopen: async (store) => {
      await store.close();
      return openSqliteEventStore(store.location);
    },
    keepsSnapshots: true,
    cleanup: async () => remove(),
  };
}

export function jsonlFixture(): StoreFixture {
  const { dir, remove } = tempDir('jsonl');
  let n = 0;
  return {
    name: 'jsonl',
    open: async () => openJsonlEventStore(join(dir, `store-${++n}.jsonl`)),
    reopen: async (store) => {
      await store.close();
      return openJsonlEventStore(store.location);
    },
    keepsSnapshots: false,
    cleanup: async () => remove(),
  };
}

export function postgresFixture(): StoreFixture {
  const schemas: string[] = [];
  const bySchema = new WeakMap<EventStore, string>();
  const openIn = async (schema: string) => {
    const store = await openPostgresEventStore(pgUrl, { schema, maxConnections: 4 });
    bySchema.set(store, schema);
    return store;
  };
  return {
    name: 'postgres',
    open: async () => {
      const schema = uniqueSchema('contract');
      schemas.push(schema);
      return openIn(schema);
    },
    reopen: async (store) => {
      await store.close();
      return openIn(bySchema.get(store)!);
    },
    keepsSnapshots: true,
    cleanup: () => dropSchemas(schemas),
  };
}
