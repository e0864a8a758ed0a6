import { UsageError } from '../errors.ts';
import type { EventStore } from './eventStore.ts';
import { createMemoryEventStore } from './memoryEventStore.ts';
import type * as NodeStores from './nodeStores.ts';

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

// Not a string literal, so a bundler leaves it alone: the core entry bundles for the browser without the Node
// stores (README "0.2: subpath entries"); under Node it is loaded from beside this file when a URL asks for one.
const nodeStoresModule = './nodeStores.ts';

/**
 * Opens the store a URL names: `memory:` (in-memory), a path ending `.db`, `.sqlite` or `.sqlite3` (SQLite, the
 * embedded default), a path ending `.jsonl` (the JSONL file store), `postgres://` or `postgresql://` (PostgreSQL;
 * the schema comes from `?schema=`, else `options.schema`, else `phasegate`). The SQLite and PostgreSQL drivers are
 * optional peer dependencies, loaded only when a URL asks for them: a missing one is a {@link UsageError} naming the
 * package to install. Throws a {@link UsageError} naming the accepted forms for anything else, and a
 * {@link StoreError} for a store that does not exist when `create` is false or `readOnly` is true.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<EventStore> {
  if (url === 'memory:' || url.startsWith('memory:')) return createMemoryEventStore(url);
  if (!/^postgres(ql)?:\/\//i.test(url) && !/\.(jsonl|db|sqlite|sqlite3)$/i.test(url)) {
    throw new UsageError(
      `Cannot tell which store "${url}" is. Use a path ending .db or .sqlite (SQLite), .jsonl (JSONL file), ` +
        `a postgres:// URL (PostgreSQL, ?schema=NAME), or memory:.`,
    );
  }
  let stores: typeof NodeStores;
  try {
    stores = (await import(/* @vite-ignore */ nodeStoresModule)) as typeof NodeStores;
  } catch (error) {
    throw new UsageError(
      `openStore("${url}") loads the file and PostgreSQL stores from the installed phasegate package under Node, ` +
        `and could not (${(error as Error).message}). In a bundle, import the store's opener from its entry: ` +
        `phasegate/sqlite, phasegate/jsonl or phasegate/postgres.`,
      { cause: error },
    );
  }
  return stores.openNodeStore(url, options);
}
