/**
 * phasegate/postgres: the PostgreSQL event store (Node; `pg` is an optional peer dependency).
 */
export { openPostgresEventStore } from '../store/postgresEventStore.ts';
export type { PostgresStoreOptions } from '../store/postgresEventStore.ts';
