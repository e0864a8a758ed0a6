import { openPostgresReadModels } from './postgresReadModels.ts';
import type { ReadModelStore } from './readModelStore.ts';
import { openSqliteReadModels } from './sqliteReadModels.ts';

/**
 * Returns the read-model tables kept in the store `url` names (as `openStore` reads it), beside its events: the
 * SQLite file's or the PostgreSQL schema's tables. Null for a store that keeps none (JSONL, memory): read models are
 * then folded from the log when asked. `readOnly` creates and writes nothing, as for reading commands.
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
    return openPostgresReadModels(parsed.toString(), { schema, readOnly });
  }
  if (/\.(db|sqlite|sqlite3)$/i.test(url)) {
    return openSqliteReadModels(url.replace(/^sqlite:/, ''), {
      readOnly,
      ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    });
  }
  return null;
}
