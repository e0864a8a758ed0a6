import type { RecordedEvent } from '../envelope/envelope.ts';
import { pagedItems } from './pagedItems.ts';

/** Rows per page, as `readStream`'s (postgresEventStore.ts). */
const pageSize = 5000;
/** How long `readAll` waits for transactions that started before a committed row to end (README "Stores"). */
const horizonWaitMs = 5000;

/** A row of {@link readAllRows}: the columns of postgresEventStore.ts `columns`, then the stream's name, then the position. */
type AllRow = (string | number | null)[];

/**
 * The statement of a page of `readAll` over the events of `t` (a quoted schema) and the columns `columns`.
 * A row carries its stream's name only when it differs from the row before's, and its position only when it is not
 * the row before's plus one (each page's first row carries both), and a held row '' for its position: the names are
 * not joined in, and the fields not made, for most rows (docs/performance.md, "PostgreSQL appends and reads against
 * Emmett"). The snapshot's xmin is taken once a page (an InitPlan), not once a row. A row whose stream number names
 * no stream (only tampering makes one) gets the name '', which no stream id has: the envelope check reports it.
 */
export const readAllStatement = (t: string, columns: string): string =>
  `SELECT ${columns}, CASE WHEN e.stream = lag(e.stream) OVER w THEN NULL ` +
  `ELSE coalesce((SELECT s.name FROM ${t}.streams s WHERE s.no = e.stream), '') END, ` +
  `CASE WHEN e.txid >= (SELECT pg_snapshot_xmin(pg_current_snapshot())) THEN '' ` +
  'WHEN e.position = lag(e.position) OVER w + 1 THEN NULL ELSE e.position::text END ' +
  `FROM ${t}.events e WHERE e.position >= $1 WINDOW w AS (ORDER BY e.position) ORDER BY e.position LIMIT $2`;

/**
 * Every event from position `fromPosition` on, in position order, each with its position: `fetch(from, limit)` runs
 * {@link readAllStatement}, `eventOf` turns a row (its stream's name filled in) into its event.
 *
 * Positions have gaps (a rolled-back append keeps the ones it reserved), so pages are keyset pages. A row is shown
 * only once every transaction that started before its own has ended (txid below the snapshot's xmin): positions are
 * reserved in transaction-id order, so nothing can commit later below a row shown. A committed row still held back
 * by an older running transaction is waited for (up to horizonWaitMs), so that a reader sees what it appended; after
 * that the read ends before it, and the next read shows it.
 */
export function readAllRows(
  fetch: (from: number, limit: number) => Promise<AllRow[]>,
  eventOf: (row: string[]) => RecordedEvent,
  fromPosition = 1,
): AsyncIterableIterator<{ position: number; event: RecordedEvent }> {
  async function* pages() {
    let from = Math.max(1, fromPosition);
    const started = Date.now();
    for (let pause = 1; ;) {
      const found = await fetch(from, pageSize);
      // Each row gets its stream's name and its position as a number, up to the first held row.
      let held = -1;
      let stream = '';
      let position = 0;
      for (let i = 0; i < found.length; i++) {
        const row = found[i]!;
        const at = row[7];
        if (at === '') {
          held = i;
          break;
        }
        position = at === null ? position + 1 : Number(at);
        row[7] = position;
        if (row[6] === null) row[6] = stream;
        else stream = row[6] as string;
      }
      const rows = held === -1 ? found : found.slice(0, held);
      if (rows.length > 0) {
        from = position + 1;
        yield rows;
      }
      if (held !== -1) {
        if (Date.now() - started > horizonWaitMs) return;
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 50);
        continue;
      }
      if (found.length < pageSize) return;
    }
  }
  return pagedItems(pages(), (row) => ({ position: row[7] as number, event: eventOf(row as string[]) }));
}
