import type { EventStore } from '../store/eventStore.ts';
import { endOf, isDateOrDateTime } from '../workflow/dates.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { InvalidInputError } from '../errors.ts';
import { RowFolder } from './fold.ts';
import type { ReadModel, ReadModelRow } from './readModel.ts';
import type { ReadModelStore, StoredSummary } from './readModelStore.ts';

/** Where a read model's answer came from: its tables (and how many newer events were folded on top), or a fold of the log. */
export type ReadModelSource =
  | { readonly kind: 'tables'; readonly tail: number }
  | { readonly kind: 'fold'; readonly why: 'no tables' | 'not built' | 'other version' };

/** What {@link readSummaries} and {@link readStreamModel} take. */
export type ReadModelQuery = {
  readonly store: EventStore;
  /** The store's read-model tables; null for a store that has none (JSONL): the log is folded. */
  readonly tables: ReadModelStore | null;
  readonly model: ReadModel;
  readonly registry?: WorkflowRegistry;
};

/** Returns the limit (ms) a `--as-of` date or date-time stands for; throws InvalidInputError for anything else. */
export function asOfLimit(asOf: string): number {
  if (!isDateOrDateTime(asOf))
    throw new InvalidInputError(
      `The as-of date "${String(asOf)}" is not an ISO 8601 date (YYYY-MM-DD) or date-time with a zone`,
    );
  return endOf(asOf);
}

async function usableCheckpoint(query: ReadModelQuery): Promise<{ position: number } | ReadModelSource> {
  if (query.tables === null) return { kind: 'fold', why: 'no tables' };
  const checkpoint = await query.tables.checkpoint(query.model.name);
  if (checkpoint === null) return { kind: 'fold', why: 'not built' };
  if (checkpoint.version !== query.model.version) return { kind: 'fold', why: 'other version' };
  return checkpoint;
}

/**
 * Returns every followed stream's summary (stream order), now or `asOf` (a date: the longest prefix of each stream
 * whose events all occurred by then). Reads the tables and folds only the events after their checkpoint on top, in
 * memory (it writes nothing); folds the whole log when the store keeps no tables, or they were never built.
 */
export async function readSummaries(
  query: ReadModelQuery,
  asOf?: string,
): Promise<{ readonly summaries: StoredSummary[]; readonly source: ReadModelSource }> {
  const limit = asOf === undefined ? undefined : asOfLimit(asOf);
  const checkpoint = await usableCheckpoint(query);
  const folder = new RowFolder(query.model, query.registry, limit);
  if ('kind' in checkpoint) {
    for await (const { event } of query.store.readAll()) folder.apply(event);
    return { summaries: sorted(folder.all()), source: checkpoint };
  }
  const tables = query.tables!;
  const stored = await tables.summaries(query.model.name, limit);
  const tail = [];
  for await (const item of query.store.readAll({ fromPosition: checkpoint.position + 1 })) tail.push(item.event);
  if (tail.length === 0) return { summaries: stored, source: { kind: 'tables', tail: 0 } };
  const streams = [...new Set(tail.map((e) => e.stream))];
  for (const row of (await tables.rows(query.model.name, streams)).values()) folder.load(row);
  for (const event of tail) folder.apply(event);
  const byStream = new Map(stored.map((s) => [s.stream, s]));
  for (const row of folder.all()) {
    // a stored row that already passed the as-of limit keeps its summary from the history table
    if (limit === undefined || row.asOf <= limit)
      byStream.set(row.stream, { stream: row.stream, seq: row.seq, summary: row.summary });
  }
  return { summaries: sorted([...byStream.values()]), source: { kind: 'tables', tail: tail.length } };
}

/**
 * Returns one stream's row of a read model up to `toSeq` (default: its head): from the tables plus the stream's
 * newer events when they hold it (and no earlier `toSeq` is asked for), else folded from the stream's first event.
 * Null when the read model does not follow the stream.
 */
export async function readStreamModel(
  query: ReadModelQuery,
  stream: string,
  toSeq?: number,
): Promise<ReadModelRow | null> {
  const folder = new RowFolder(query.model, query.registry);
  const checkpoint = await usableCheckpoint(query);
  let from = 1;
  if (!('kind' in checkpoint)) {
    const row = (await query.tables!.rows(query.model.name, [stream])).get(stream);
    if (row !== undefined && (toSeq === undefined || row.seq <= toSeq)) {
      folder.load(row);
      from = row.seq + 1;
    }
  }
  const range = toSeq === undefined ? { fromSeq: from } : { fromSeq: from, toSeq };
  if (toSeq === undefined || from <= toSeq)
    for await (const event of query.store.readStream(stream, range)) folder.apply(event);
  return folder.all().find((row) => row.stream === stream) ?? null;
}

function sorted(rows: ReadonlyArray<ReadModelRow | StoredSummary>): StoredSummary[] {
  return rows
    .map((r) => ({ stream: r.stream, seq: r.seq, summary: r.summary }))
    .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
}
