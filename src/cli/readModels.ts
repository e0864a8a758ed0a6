import { InvalidInputError } from '../errors.ts';
import { openReadModels } from '../projections/openReadModels.ts';
import { createProjector, type ProjectionReport } from '../projections/projector.ts';
import type { ReadModel } from '../projections/readModel.ts';
import type { EventStore } from '../store/eventStore.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { isDateOnly } from '../workflow/dates.ts';
import { sanitize, type CliIo } from './io.ts';

/** Returns `--today` (a `YYYY-MM-DD` date), or the current UTC day; throws InvalidInputError for anything else. */
export function todayOption(value: string | boolean | undefined, now: () => Date = () => new Date()): string {
  if (value === undefined) return now().toISOString().slice(0, 10);
  if (typeof value !== 'string' || !isDateOnly(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidInputError(`--today needs a date as YYYY-MM-DD, got "${String(value)}"`);
  }
  return value;
}

/**
 * Brings the read models kept in a store (SQLite, PostgreSQL) up to its log after a command appended to it. A
 * failure here loses nothing (the events are stored; the next catch-up or `projections rebuild` folds them), so it is
 * reported on stderr as a warning, never as the command's failure.
 */
export async function catchUpAfterAppend(
  url: string,
  store: EventStore,
  models: readonly ReadModel[],
  registry: WorkflowRegistry,
  io: CliIo,
): Promise<void> {
  if (models.length === 0) return;
  try {
    await projectStore(url, store, models, registry, 'catch-up', { afterAppend: true });
  } catch (error) {
    // Another writer holds the database for its own append or catch-up: it (or the next command) folds these events.
    if (
      (error as { code?: string }).code === 'SQLITE_BUSY' ||
      /database is locked/.test(String((error as Error).message))
    )
      return;
    io.stderr.write(
      `phasegate: warning: the read models were not brought up to date (${sanitize((error as Error).message)}); ` +
        `run "phasegate projections rebuild ${sanitize(url)}"\n`,
    );
  }
}

/** Catches up (or rebuilds) every read model kept in the store `url` names; returns what each did (none for JSONL). */
export async function projectStore(
  url: string,
  store: EventStore,
  models: readonly ReadModel[],
  registry: WorkflowRegistry,
  how: 'catch-up' | 'rebuild',
  options: { readonly afterAppend?: boolean } = {},
): Promise<ProjectionReport[]> {
  // After an append, a writer does not queue behind others for the read models: it waits briefly, and leaves a race
  // it lost to the process that won it.
  const tables = await openReadModels(url, options.afterAppend ? { busyTimeoutMs: 250 } : {});
  if (tables === null) return [];
  try {
    const reports: ProjectionReport[] = [];
    for (const model of models) {
      const projector = createProjector({
        store,
        tables,
        model,
        registry,
        ...(options.afterAppend ? { yieldOnRace: true } : {}),
      });
      reports.push(how === 'rebuild' ? await projector.rebuild() : await projector.catchUp());
    }
    return reports;
  } finally {
    await tables.close();
  }
}
