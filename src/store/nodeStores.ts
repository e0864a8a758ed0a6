import { existsSync } from 'node:fs';
import { StoreNotFoundError } from '../errors.ts';
import { withDriver } from '../platform/optionalPeer.ts';
import type { EventStore } from './eventStore.ts';
import type { OpenStoreOptions } from './openStore.ts';

/**
 * The file and PostgreSQL stores behind {@link openStore}, Node only: each store module (and its driver, an optional
 * peer dependency) is imported when a URL first asks for it, so a memory-only application never loads
 * better-sqlite3 or pg (README "0.2: subpath entries").
 * @internal
 */
export async function openNodeStore(url: string, options: OpenStoreOptions): Promise<EventStore> {
  const readOnly = options.readOnly ?? false;
  const create = !readOnly && (options.create ?? true);
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const load = (): Promise<typeof import('./postgresEventStore.ts')> => import('./postgresEventStore.ts');
    const { openPostgresEventStore } = await withDriver('pg', 'A PostgreSQL store', load);
    const { connection, schema } = splitSchema(url);
    return openPostgresEventStore(connection, { create, readOnly, schema: schema ?? options.schema ?? 'phasegate' });
  }
  if (/\.jsonl$/i.test(url)) {
    const { openJsonlEventStore } = await import('./jsonlEventStore.ts');
    return openJsonlEventStore(url, { create, readOnly });
  }
  const load = (): Promise<typeof import('./sqliteEventStore.ts')> => import('./sqliteEventStore.ts');
  const { openSqliteEventStore } = await withDriver('better-sqlite3', 'A SQLite store', load);
  const path = url.replace(/^sqlite:/, '');
  if (!create && !existsSync(path)) throw missing(url);
  return openSqliteEventStore(path, { readOnly });
}

function splitSchema(url: string): { connection: string; schema: string | null } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  return { connection: parsed.toString(), schema };
}

function missing(url: string): StoreNotFoundError {
  return new StoreNotFoundError(
    `There is no store at "${url}". Check the path, or open it with openStore(url, { create: true }) to create one.`,
  );
}
