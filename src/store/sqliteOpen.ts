import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { InvalidInputError, StoreNotFoundError } from '../errors.ts';

/** The SQLite `application_id` a phasegate database carries ("phga"; README, "Stores"). */
export const phasegateApplicationId = 0x70686761;
/** The schema version (`user_version`) this phasegate writes and reads; 0 is a database made before it was set. */
export const sqliteSchemaVersion = 2;

/** The columns phasegate reads and writes in each of its tables. */
const requiredColumns: Readonly<Record<'events' | 'snapshots', readonly string[]>> = {
  events: ['position', 'stream', 'seq', 'id', 'workflow', 'recorded_at', 'hash', 'body'],
  snapshots: ['stream', 'workflow', 'seq', 'hash', 'body'],
};

/**
 * Says what an open database is, by reading only (no pragma that writes, no table created): `empty` (no tables: a new
 * store), `phasegate` (its tables, of a schema version this build reads), or throws an {@link InvalidInputError}
 * (exit 2) naming why it is not a phasegate store: another application's file, other tables, or a newer schema.
 */
export function classifySqlite(db: Database.Database, path: string): 'empty' | 'phasegate' {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db
    .prepare<[], { name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all()
    .map((row) => row.name);
  const refuse = (why: string): never => {
    throw new InvalidInputError(
      `"${path}" is a SQLite database but not a phasegate store: ${why}. phasegate leaves it as it is; give the path ` +
        'of a phasegate store, or a new file to create one.',
    );
  };
  if (applicationId !== 0 && applicationId !== phasegateApplicationId) {
    refuse(`it belongs to another application (application_id 0x${(applicationId >>> 0).toString(16)})`);
  }
  if (tables.length === 0 && applicationId === 0 && version === 0) return 'empty';
  if (version > sqliteSchemaVersion) {
    throw new InvalidInputError(
      `"${path}" is a phasegate store of schema version ${version}, newer than this phasegate reads ` +
        `(${sqliteSchemaVersion}): use the phasegate that wrote it, or a newer one. It was left as it is.`,
    );
  }
  for (const table of ['events', 'snapshots'] as const) {
    // A store whose creation was cut off after its events table (made before creation was one transaction) is
    // phasegate's all the same: a writer adds the snapshots table.
    if (table === 'snapshots' && !tables.includes(table)) continue;
    if (!tables.includes(table)) refuse(`it has no ${table} table (its tables: ${tables.join(', ') || 'none'})`);
    const columns = new Set(
      db
        .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
        .all(table)
        .map((row) => row.name),
    );
    const missing = requiredColumns[table].filter((column) => !columns.has(column));
    if (missing.length > 0) refuse(`its ${table} table is not phasegate's (no column ${missing.join(', ')})`);
  }
  return 'phasegate';
}

/**
 * Opens a store for writing: a file that holds anything is first looked at through a read-only connection, so a
 * database that is not phasegate's is refused before a single byte of it changes (no WAL switch, no table).
 */
export function openWritable(path: string): { readonly db: Database.Database; readonly fresh: boolean } {
  if (existsSync(path) && statSync(path).size > 0) {
    const probe = new Database(path, { readonly: true, fileMustExist: true, timeout: 5000 });
    try {
      classifySqlite(probe, path);
    } finally {
      probe.close();
    }
  }
  const db = new Database(path);
  try {
    return { db, fresh: classifySqlite(db, path) === 'empty' };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens an existing store read-only: classified first, an empty database is "no store" and a foreign one refused.
 * See {@link openSqliteFileReadOnly} for a file in a directory SQLite cannot write.
 */
export function openReadOnly(path: string): { readonly db: Database.Database; readonly cleanup: () => void } {
  return openSqliteFileReadOnly(path, (db) => {
    if (classifySqlite(db, path) === 'empty') throw notAStore(path);
  });
}

/**
 * Opens a SQLite file read-only and runs `check` on it. SQLite needs a `-shm` file beside a WAL database even to read
 * it; where it cannot create one (a read-only directory, a copy handed to an auditor), the database (and its `-wal`,
 * if any) is read from a private temporary copy, which `cleanup` removes. The file itself is never written.
 */
export function openSqliteFileReadOnly(
  path: string,
  check: (db: Database.Database) => void = () => {},
): { readonly db: Database.Database; readonly cleanup: () => void } {
  const open = (file: string): Database.Database => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      // Reading the schema is what needs the -shm file: a directory SQLite cannot write fails here, not at open.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      check(db);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  };
  try {
    return { db: open(path), cleanup: () => {} };
  } catch (error) {
    if (!cannotReadInPlace(error)) throw error;
  }
  const dir = mkdtempSync(join(tmpdir(), 'phasegate-readonly-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, basename(path));
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    return { db: open(copy), cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** Whether an open failed only because SQLite could not create its `-shm`/`-wal` files beside the database. */
function cannotReadInPlace(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY'));
}

function notAStore(path: string): StoreNotFoundError {
  return new StoreNotFoundError(
    `"${path}" is an empty SQLite database, not a phasegate store. ` +
      'Check the path, or record into it to create a store.',
  );
}
