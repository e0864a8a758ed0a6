import Database from 'better-sqlite3';
import { StoreError } from '../errors.ts';
import { openSqliteFileReadOnly } from '../store/sqliteOpen.ts';
import type { ReadModelRow } from './readModel.ts';
import type { ReadModelStore, StoredSummary } from './readModelStore.ts';

const schema = `
CREATE TABLE IF NOT EXISTS read_model_checkpoints (
  name     TEXT    PRIMARY KEY,
  position INTEGER NOT NULL,
  version  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS read_models (
  name    TEXT    NOT NULL,
  stream  TEXT    NOT NULL,
  seq     INTEGER NOT NULL,
  as_of   INTEGER NOT NULL,
  model   TEXT    NOT NULL,
  summary TEXT    NOT NULL,
  PRIMARY KEY (name, stream)
);
CREATE TABLE IF NOT EXISTS read_model_history (
  name    TEXT    NOT NULL,
  stream  TEXT    NOT NULL,
  as_of   INTEGER NOT NULL,
  seq     INTEGER NOT NULL,
  summary TEXT    NOT NULL,
  PRIMARY KEY (name, stream, as_of)
);
`;

type Row = { stream: string; seq: number; as_of: number; model: string; summary: string };

/**
 * Returns the read-model tables of a SQLite store, in the same database file as its events (its own connection).
 * Read-only: the tables are read if they exist (a store recorded before read models has none: no checkpoint), and
 * nothing is ever written.
 */
export function openSqliteReadModels(
  path: string,
  options: { readonly readOnly?: boolean; readonly busyTimeoutMs?: number } = {},
): ReadModelStore {
  const readOnly = options.readOnly ?? false;
  let db: Database.Database;
  let cleanup = (): void => {};
  try {
    if (readOnly) ({ db, cleanup } = openSqliteFileReadOnly(path));
    else db = new Database(path);
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (!readOnly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(schema);
    }
  } catch (error) {
    throw new StoreError(`Cannot open the read models of "${path}": ${(error as Error).message}`, { cause: error });
  }
  const hasTables =
    (
      db
        .prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'read_model_checkpoints'`)
        .get() as { n: number }
    ).n > 0;
  const writable = (): void => {
    if (readOnly) throw new StoreError(`The read models of "${path}" were opened read-only`);
  };
  const parse = (row: Row): ReadModelRow => ({
    stream: row.stream,
    seq: row.seq,
    asOf: row.as_of,
    model: JSON.parse(row.model),
    summary: JSON.parse(row.summary),
  });
  const commitTx = readOnly
    ? null
    : db.transaction((name: string, change: Parameters<ReadModelStore['commit']>[1]) => {
        const current = db.prepare('SELECT position, version FROM read_model_checkpoints WHERE name = ?').get(name) as
          { position: number; version: number } | undefined;
        if (current === undefined || current.position !== change.from || current.version !== change.version)
          return false;
        const upsert = db.prepare(
          `INSERT INTO read_models (name, stream, seq, as_of, model, summary) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name, stream) DO UPDATE SET seq = excluded.seq, as_of = excluded.as_of, model = excluded.model, summary = excluded.summary`,
        );
        for (const row of change.rows)
          upsert.run(name, row.stream, row.seq, row.asOf, JSON.stringify(row.model), JSON.stringify(row.summary));
        const history = db.prepare(
          `INSERT INTO read_model_history (name, stream, as_of, seq, summary) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name, stream, as_of) DO UPDATE SET seq = excluded.seq, summary = excluded.summary`,
        );
        for (const h of change.history) history.run(name, h.stream, h.asOf, h.seq, JSON.stringify(h.summary));
        db.prepare('UPDATE read_model_checkpoints SET position = ? WHERE name = ?').run(change.to, name);
        return true;
      });
  return {
    kind: 'sqlite',
    async checkpoint(name) {
      if (!hasTables) return null;
      const row = db.prepare('SELECT position, version FROM read_model_checkpoints WHERE name = ?').get(name) as
        { position: number; version: number } | undefined;
      return row ?? null;
    },
    async rows(name, streams) {
      const found = new Map<string, ReadModelRow>();
      if (!hasTables) return found;
      const select = db.prepare(
        'SELECT stream, seq, as_of, model, summary FROM read_models WHERE name = ? AND stream = ?',
      );
      for (const stream of streams) {
        const row = select.get(name, stream) as Row | undefined;
        if (row !== undefined) found.set(stream, parse(row));
      }
      return found;
    },
    async commit(name, change) {
      writable();
      return commitTx!.immediate(name, change);
    },
    async reset(name, version) {
      writable();
      db.transaction(() => {
        db.prepare('DELETE FROM read_models WHERE name = ?').run(name);
        db.prepare('DELETE FROM read_model_history WHERE name = ?').run(name);
        db.prepare(
          `INSERT INTO read_model_checkpoints (name, position, version) VALUES (?, 0, ?)
           ON CONFLICT (name) DO UPDATE SET position = 0, version = excluded.version`,
        ).run(name, version);
      }).immediate();
    },
    async summaries(name, asOf) {
      if (!hasTables) return [];
      const rows = (
        asOf === undefined
          ? db.prepare('SELECT stream, seq, summary FROM read_models WHERE name = ? ORDER BY stream').all(name)
          : // SQLite takes the bare columns of an aggregate query from the row that holds the max.
            db
              .prepare(
                `SELECT stream, seq, summary, max(as_of) AS as_of FROM read_model_history
             WHERE name = ? AND as_of <= ? GROUP BY stream ORDER BY stream`,
              )
              .all(name, asOf)
      ) as Array<{ stream: string; seq: number; summary: string }>;
      return rows.map((r): StoredSummary => ({ stream: r.stream, seq: r.seq, summary: JSON.parse(r.summary) }));
    },
    async close() {
      db.close();
      cleanup();
    },
  };
}
