import { existsSync } from 'node:fs';
import { StoreError, StoreNotFoundError, UsageError } from '../errors.ts';
import type { EventStore } from './eventStore.ts';
import { openJsonlEventStore } from './jsonlEventStore.ts';
import { createMemoryEventStore } from './memoryEventStore.ts';
import { openPostgresEventStore } from './postgresEventStore.ts';
import { openSqliteEventStore } from './sqliteEventStore.ts';

/** Options of {@link openStore}. */
export type OpenStoreOptions = {
  /** Create the store when it does not exist yet. False: a typo is an error, not a new empty store. @defaultValue true */
  readonly create?: boolean;
  /**
   * Open an existing store for reading only, changing nothing: no file, table or schema is created, no lock is
   * taken, a JSONL torn tail is left in place (and not shown) instead of repaired, `append` throws a
   * {@link StoreError} and `saveSnapshot` does nothing. Implies `create: false`. Reading commands pass true.
   * @defaultValue false
   */
  readonly readOnly?: boolean;
  /** The PostgreSQL schema, when the URL has no `?schema=`. @defaultValue `phasegate` */
  readonly schema?: string;
};

/**
 * Opens the store a URL names: `memory:` (in-memory), a path ending `.db`, `.sqlite` or `.sqlite3` (SQLite, the
 * embedded default), a path ending `.jsonl` (the JSONL file store), `postgres://` or `postgresql://` (PostgreSQL;
 * the schema comes from `?schema=`, else `options.schema`, else `phasegate`). Throws a {@link UsageError} naming the
 * accepted forms for anything else, and a {@link StoreError} for a store that does not exist when `create` is false
 * or `readOnly` is true.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<EventStore> {
  const readOnly = options.readOnly ?? false;
  const create = !readOnly && (options.create ?? true);
  if (url === 'memory:' || url.startsWith('memory:')) return createMemoryEventStore(url);
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const { connection, schema } = splitSchema(url);
    return openPostgresEventStore(connection, { create, readOnly, schema: schema ?? options.schema ?? 'phasegate' });
  }
  if (/\.jsonl$/i.test(url)) return openJsonlEventStore(url, { create, readOnly });
  if (/\.(db|sqlite|sqlite3)$/i.test(url)) {
    const path = url.replace(/^sqlite:/, '');
    if (!create && !existsSync(path)) throw missing(url);
    return openSqliteEventStore(path, { readOnly });
  }
  throw new UsageError(
    `Cannot tell which store "${url}" is. Use a path ending .db or .sqlite (SQLite), .jsonl (JSONL file), ` +
      `a postgres:// URL (PostgreSQL, ?schema=NAME), or memory:.`,
  );
}

function splitSchema(url: string): { connection: string; schema: string | null } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  return { connection: parsed.toString(), schema };
}

function missing(url: string): StoreError {
  return new StoreNotFoundError(`There is no store at "${url}". Check the path, or open it with openStore(url, { create: true }) to create one.`);
}
