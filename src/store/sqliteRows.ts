import type Database from 'better-sqlite3';
import type { EventStore } from './eventStore.ts';

/**
 * One stored row of a stream as `verify` reads it, columns and body as the file holds them (nothing trusted: a row
 * altered behind the store's back may hold any value of any type in any column): `[seq, position, id, workflow,
 * recorded_at, hash, body]`.
 */
export type StoredRow = readonly [
  seq: unknown,
  position: unknown,
  id: unknown,
  workflow: unknown,
  recordedAt: unknown,
  hash: unknown,
  body: unknown,
];

/** Reads the rows of `stream` after `afterSeq` (by the seq column), in seq order, at most `limit` of them. */
export type StoredRowReader = {
  /** The store, as messages name it: `SQLite store "lcz.db"`. */
  readonly location: string;
  rows(stream: string, afterSeq: unknown, limit: number): StoredRow[];
};

const readers = new WeakMap<EventStore, StoredRowReader>();

/**
 * Lets `verify` read `store`'s rows whole (src/audit/storedRows.ts): each row's body is the event's canonical line,
 * which verify checks as it checks a JSONL line, and holds the row's columns to (README "Auditing a log").
 * `wrap` turns a driver error into the store's own `StoreError`, as its reads do.
 */
export function registerStoredRows(
  store: EventStore,
  db: Database.Database,
  location: string,
  wrap: <T>(run: () => T) => T,
): void {
  // Prepared on first use: a store that is never verified never pays for it.
  let page: Database.Statement<[string, unknown, number], StoredRow> | undefined;
  const rows = (stream: string, afterSeq: unknown, limit: number): StoredRow[] => {
    page ??= db
      .prepare<[string, unknown, number], StoredRow>(
        'SELECT seq, position, id, workflow, recorded_at, hash, body FROM events ' +
          'WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .raw();
    return page.all(stream, afterSeq, limit);
  };
  readers.set(store, { location, rows: (stream, afterSeq, limit) => wrap(() => rows(stream, afterSeq, limit)) });
}

/** Returns how to read `store`'s rows whole, when it is a SQLite store that registered it; else undefined. */
export function storedRowsOf(store: EventStore): StoredRowReader | undefined {
  return readers.get(store);
}
