// The raw driver limit under the SQLite batch row of the stores benchmark: better-sqlite3 alone inserting the same
// sealed lines, 100 a transaction, into the least table an event store can have (README "Figures", docs/performance.md
// "SQLite appends and reads against Emmett"). No store that keeps those lines durably can insert them faster, so this
// time plus the time the run spent sealing them bounds what a store that seals on the clock can reach against Emmett.
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Inserts one stream's batch: the sealed lines of seqs `after + 1` on, in one transaction. */
export type BareBatch = (stream: string, after: number, lines: readonly string[]) => void;

/**
 * Opens `bare.db` in `dir` as the stores open theirs (WAL, synchronous=FULL, so each commit is flushed): a table of
 * position (the rowid), stream, seq and body, with the one index a stream's reads and its expected version need, and
 * no other (no unique ids, no chain columns). Returns the batch insert (one prepared statement of 100 rows) and close.
 */
export function openBareSqlite(dir: string): { readonly insert: BareBatch; readonly close: () => void } {
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY,
    stream   TEXT    NOT NULL,
    seq      INTEGER NOT NULL,
    body     TEXT    NOT NULL,
    UNIQUE (stream, seq))`);
  const statements = new Map<number, Database.Statement>();
  const statement = (rows: number) => {
    let made = statements.get(rows);
    if (made === undefined) {
      const values = Array.from({ length: rows }, () => '(?, ?, ?)').join(', ');
      made = db.prepare(`INSERT INTO events (stream, seq, body) VALUES ${values}`);
      statements.set(rows, made);
    }
    return made;
  };
  const insert: BareBatch = (stream, after, lines) => {
    const values: unknown[] = [];
    for (let i = 0; i < lines.length; i++) values.push(stream, after + i + 1, lines[i]);
    db.exec('BEGIN IMMEDIATE');
    statement(lines.length).run(values);
    db.exec('COMMIT');
  };
  return { insert, close: () => db.close() };
}
