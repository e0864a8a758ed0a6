/**
 * phasegate/sqlite: the SQLite event store (Node; `better-sqlite3` is an optional peer dependency).
 */
export { openSqliteEventStore } from '../store/sqliteEventStore.ts';
export type { SqliteStoreOptions } from '../store/sqliteEventStore.ts';
