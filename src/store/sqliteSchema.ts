import type Database from 'better-sqlite3';
import { phasegateApplicationId, sqliteSchemaVersion } from './sqliteOpen.ts';

/** The events table of schema 2: `position` is the rowid, not AUTOINCREMENT (README "Stores", schema versions). */
const eventsTable = (name: string) => `
CREATE TABLE ${name} (
  position    INTEGER PRIMARY KEY,
  stream      TEXT    NOT NULL,
  seq         INTEGER NOT NULL,
  id          TEXT    NOT NULL UNIQUE,
  workflow    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  hash        TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  UNIQUE (stream, seq)
);`;

const snapshotsTable = `
CREATE TABLE IF NOT EXISTS snapshots (
  stream   TEXT    NOT NULL,
  workflow TEXT    NOT NULL,
  seq      INTEGER NOT NULL,
  hash     TEXT    NOT NULL,
  body     TEXT    NOT NULL,
  PRIMARY KEY (stream, workflow)
);`;

/** The columns an events table of every schema has, copied by the migration. */
const columns = 'position, stream, seq, id, workflow, recorded_at, hash, body';

/**
 * Makes the tables of a new store, or brings a store of an earlier schema to the current one, and marks the file as
 * phasegate's, in one `BEGIN IMMEDIATE` transaction: a writer killed midway leaves the file as it was (an empty
 * database, or the store of the earlier schema), never half a schema, and the next open for writing does it again.
 * Schemas 0 and 1 numbered events with `AUTOINCREMENT`, which writes `sqlite_sequence` on every insert; schema 2's
 * events table is the same without it (and without the `type` column of the oldest stores, which nothing reads): its
 * rows are copied with their positions, and a new event takes the position after the largest stored, as the store is
 * append-only (README "Stores"). Snapshots are kept as they are.
 */
export function createOrMigrate(db: Database.Database): void {
  const run = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    const hasEvents = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'`).get();
    if (hasEvents === undefined) db.exec(eventsTable('events'));
    else if (version < sqliteSchemaVersion) {
      db.exec(`
        ALTER TABLE events RENAME TO events_schema_${version};
        ${eventsTable('events')}
        INSERT INTO events (${columns}) SELECT ${columns} FROM events_schema_${version} ORDER BY position;
        DROP TABLE events_schema_${version};`);
    }
    db.exec(snapshotsTable);
    if (version < sqliteSchemaVersion) {
      db.pragma(`application_id = ${phasegateApplicationId}`);
      db.pragma(`user_version = ${sqliteSchemaVersion}`);
    }
  });
  run.immediate();
}
