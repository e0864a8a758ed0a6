import pg from 'pg';
import { StoreError } from '../errors.ts';
import { wrapDriverError, redact } from '../store/postgresConnection.ts';
import type { ReadModelRow } from './readModel.ts';
import type { ReadModelStore, StoredSummary } from './readModelStore.ts';

/** Rows per multi-row statement (5 parameters a row, far under PostgreSQL's 65,535). */
const chunk = 2000;

/**
 * Returns the read-model tables of a PostgreSQL store, in the store's schema (their own connection pool). Read-only:
 * the tables are read if they exist, and nothing is created or written.
 */
export async function openPostgresReadModels(
  url: string,
  options: { readonly schema: string; readonly readOnly?: boolean },
): Promise<ReadModelStore> {
  const readOnly = options.readOnly ?? false;
  const where = `PostgreSQL ${redact(url)} (schema ${options.schema})`;
  const t = `"${options.schema.replaceAll('"', '""')}"`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const q = async <TRow extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    wrapDriverError(where, async () => (await pool.query<TRow>(text, values)).rows);
  let hasTables: boolean;
  try {
    if (!readOnly) {
      await q(`SELECT pg_advisory_lock(hashtext('phasegate.read_models.migrate'))`);
      try {
        await q(`CREATE SCHEMA IF NOT EXISTS ${t};
          CREATE TABLE IF NOT EXISTS ${t}.read_model_checkpoints (
            name text PRIMARY KEY, position bigint NOT NULL, version integer NOT NULL);
          CREATE TABLE IF NOT EXISTS ${t}.read_models (
            name text NOT NULL, stream text NOT NULL, seq integer NOT NULL, as_of bigint NOT NULL,
            model text NOT NULL, summary text NOT NULL, PRIMARY KEY (name, stream));
          CREATE TABLE IF NOT EXISTS ${t}.read_model_history (
            name text NOT NULL, stream text NOT NULL, as_of bigint NOT NULL, seq integer NOT NULL,
            summary text NOT NULL, PRIMARY KEY (name, stream, as_of));`);
      } finally {
        await q(`SELECT pg_advisory_unlock(hashtext('phasegate.read_models.migrate'))`);
      }
    }
    const [found] = await q<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [
      `${t}.read_model_checkpoints`,
    ]);
    hasTables = found!.found;
  } catch (error) {
    await pool.end();
    throw error;
  }
  const writable = (): void => {
    if (readOnly) throw new StoreError(`The read models in ${where} were opened read-only`);
  };
  return {
    kind: 'postgres',
    async checkpoint(name) {
      if (!hasTables) return null;
      const rows = await q<{ position: string; version: number }>(
        `SELECT position, version FROM ${t}.read_model_checkpoints WHERE name = $1`,
        [name],
      );
      return rows[0] === undefined ? null : { position: Number(rows[0].position), version: rows[0].version };
    },
    async rows(name, streams) {
      const found = new Map<string, ReadModelRow>();
      if (!hasTables || streams.length === 0) return found;
      const rows = await q<{ stream: string; seq: number; as_of: string; model: string; summary: string }>(
        `SELECT stream, seq, as_of, model, summary FROM ${t}.read_models WHERE name = $1 AND stream = ANY($2::text[])`,
        [name, streams],
      );
      for (const r of rows) {
        found.set(r.stream, {
          stream: r.stream,
          seq: r.seq,
          asOf: Number(r.as_of),
          model: JSON.parse(r.model),
          summary: JSON.parse(r.summary),
        });
      }
      return found;
    },
    async commit(name, change) {
      writable();
      const client = await wrapDriverError(where, () => pool.connect());
      try {
        await client.query('BEGIN');
        const moved = await client.query(
          `UPDATE ${t}.read_model_checkpoints SET position = $3 WHERE name = $1 AND position = $2 AND version = $4`,
          [name, change.from, change.to, change.version],
        );
        if (moved.rowCount !== 1) {
          await client.query('ROLLBACK');
          return false;
        }
        for (let i = 0; i < change.rows.length; i += chunk) {
          const part = change.rows.slice(i, i + chunk);
          await client.query(
            `INSERT INTO ${t}.read_models (name, stream, seq, as_of, model, summary)
             SELECT $1, * FROM unnest($2::text[], $3::int[], $4::bigint[], $5::text[], $6::text[])
             ON CONFLICT (name, stream) DO UPDATE
               SET seq = excluded.seq, as_of = excluded.as_of, model = excluded.model, summary = excluded.summary`,
            [
              name,
              part.map((r) => r.stream),
              part.map((r) => r.seq),
              part.map((r) => r.asOf),
              part.map((r) => JSON.stringify(r.model)),
              part.map((r) => JSON.stringify(r.summary)),
            ],
          );
        }
        for (let i = 0; i < change.history.length; i += chunk) {
          const part = change.history.slice(i, i + chunk);
          await client.query(
            `INSERT INTO ${t}.read_model_history (name, stream, as_of, seq, summary)
             SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::int[], $5::text[])
             ON CONFLICT (name, stream, as_of) DO UPDATE SET seq = excluded.seq, summary = excluded.summary`,
            [
              name,
              part.map((h) => h.stream),
              part.map((h) => h.asOf),
              part.map((h) => h.seq),
              part.map((h) => JSON.stringify(h.summary)),
            ],
          );
        }
        await client.query('COMMIT');
        return true;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw new StoreError(`${where}: storing read model ${name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      } finally {
        client.release();
      }
    },
    async reset(name, version) {
      writable();
      await q(`BEGIN;
        DELETE FROM ${t}.read_models WHERE name = ${pg.escapeLiteral(name)};
        DELETE FROM ${t}.read_model_history WHERE name = ${pg.escapeLiteral(name)};
        INSERT INTO ${t}.read_model_checkpoints (name, position, version)
          VALUES (${pg.escapeLiteral(name)}, 0, ${Number(version)})
          ON CONFLICT (name) DO UPDATE SET position = 0, version = excluded.version;
        COMMIT;`);
    },
    async summaries(name, asOf) {
      if (!hasTables) return [];
      const rows =
        asOf === undefined
          ? await q<{ stream: string; seq: number; summary: string }>(
              `SELECT stream, seq, summary FROM ${t}.read_models WHERE name = $1`,
              [name],
            )
          : await q<{ stream: string; seq: number; summary: string }>(
              `SELECT DISTINCT ON (stream) stream, seq, summary FROM ${t}.read_model_history
           WHERE name = $1 AND as_of <= $2 ORDER BY stream, as_of DESC`,
              [name, asOf],
            );
      return rows
        .map((r): StoredSummary => ({ stream: r.stream, seq: r.seq, summary: JSON.parse(r.summary) }))
        .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0)); // code point order, as elsewhere
    },
    async close() {
      await pool.end();
    },
  };
}
