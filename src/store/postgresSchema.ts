import type pg from 'pg';
import { PhasegateError, StoreError, StoreNotFoundError } from '../errors.ts';
import { guard } from './postgresConnection.ts';

/** Creates the schema and tables if missing (idempotent; concurrent first opens wait on an advisory lock). */
export async function migrate(pool: pg.Pool, schema: string, create: boolean, where: string): Promise<void> {
  const client = await guard(where, () => pool.connect());
  const t = `"${schema}"`;
  try {
    const { rows } = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [`${t}.events`]);
    if (rows[0]!.found) return;
    if (!create) throw new StoreNotFoundError(`There is no phasegate store in ${where}. Check the URL and ?schema=, or open it with { create: true } to create one.`);
    await client.query(`SELECT pg_advisory_lock(hashtext('phasegate.migrate'))`);
    try {
      await client.query(`
        CREATE SCHEMA IF NOT EXISTS ${t};
        CREATE TABLE IF NOT EXISTS ${t}.events (
          position    bigint  PRIMARY KEY,
          stream      text    NOT NULL,
          seq         integer NOT NULL,
          id          text    NOT NULL UNIQUE,
          body        text    NOT NULL,
          UNIQUE (stream, seq)
        );
        CREATE TABLE IF NOT EXISTS ${t}.snapshots (
          stream   text    NOT NULL,
          workflow text    NOT NULL,
          seq      integer NOT NULL,
          hash     text    NOT NULL,
          body     text    NOT NULL,
          PRIMARY KEY (stream, workflow)
        );`);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('phasegate.migrate'))`);
    }
  } catch (error) {
    if (error instanceof PhasegateError) throw error;
    throw new StoreError(`${where}: cannot create the schema: ${(error as Error).message}`, { cause: error });
  } finally {
    client.release();
  }
}
