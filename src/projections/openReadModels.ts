import { withDriver } from '../platform/optionalPeer.ts';
import type { ReadModelStore } from './readModelStore.ts';

/**
 * Returns the read-model tables kept in the store `url` names (as `openStore` reads it), beside its events: the
 * SQLite file's or the PostgreSQL schema's tables. Null for a store that keeps none (JSONL, memory): read models are
 * then folded from the log when asked. `readOnly` creates and writes nothing, as for reading commands. Each kind's
 * module (and its driver, an optional peer dependency) is imported when a URL first asks for it, so a command that
 * keeps no read models (verify, replay) does not load pg or better-sqlite3 for them.
 */
export async function openReadModels(
  url: string,
  options: { readonly readOnly?: boolean; readonly schema?: string; readonly busyTimeoutMs?: number } = {},
): Promise<ReadModelStore | null> {
  const readOnly = options.readOnly ?? false;
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? options.schema ?? 'phasegate';
    parsed.searchParams.delete('schema');
    const load = (): Promise<typeof import('./postgresReadModels.ts')> => import('./postgresReadModels.ts');
    const { openPostgresReadModels } = await withDriver('pg', 'PostgreSQL read models', load);
    return openPostgresReadModels(parsed.toString(), { schema, readOnly });
  }
  if (/\.(db|sqlite|sqlite3)$/i.test(url)) {
    const load = (): Promise<typeof import('./sqliteReadModels.ts')> => import('./sqliteReadModels.ts');
    const { openSqliteReadModels } = await withDriver('better-sqlite3', 'SQLite read models', load);
    return openSqliteReadModels(url.replace(/^sqlite:/, ''), {
      readOnly,
      ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    });
  }
  return null;
}
