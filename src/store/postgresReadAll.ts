import type { RecordedEvent } from '../envelope/envelope.ts';
import { IntegrityError } from '../errors.ts';
import { pagedItems } from './pagedItems.ts';
import { requestSent } from './postgresRowsQuery.ts';

/**
 * Rows per read page, for `readStream` (postgresEventStore.ts) and `readAll` alike. Larger pages were tried: at 20,000
 * rows the planner, not knowing how long a stream is, chose a bitmap scan and a sort that spilled to disk.
 */
export const pageSize = 5000;
/** How long `readAll` waits for transactions that started before a committed row to end (README "Stores"). */
const horizonWaitMs = 5000;

/**
 * A row of {@link readAllRows}: the columns of postgresEventStore.ts `columns`, then the stream's number (its name once
 * resolved), then the position; and the number again where no stream has it.
 */
type AllRow = (string | number | null)[];

/**
 * The statement of a page of `readAll` over the events of `t` (a quoted schema) and the columns `columns`.
 * A row carries its stream's number only when it differs from the row before's, and its position only when it is not
 * the row before's plus one (each page's first row carries both), and a held row '' for its position: the fields are
 * not made for most rows, and the names are not looked up per row (the reader keeps them by number, see
 * {@link readAllRows}; docs/performance.md, "PostgreSQL appends and reads against Emmett"). The snapshot's xmin is
 * taken once a page (an InitPlan), not once a row.
 */
export const readAllStatement = (t: string, columns: string): string =>
  `SELECT ${columns}, CASE WHEN e.stream = lag(e.stream) OVER w THEN NULL ELSE e.stream::text END, ` +
  `CASE WHEN e.txid >= (SELECT pg_snapshot_xmin(pg_current_snapshot())) THEN '' ` +
  'WHEN e.position = lag(e.position) OVER w + 1 THEN NULL ELSE e.position::text END ' +
  `FROM ${t}.events e WHERE e.position >= $1 WINDOW w AS (ORDER BY e.position) ORDER BY e.position LIMIT $2`;

/** What {@link readAllRows} reads with. */
export type ReadAllSource = {
  /** Runs {@link readAllStatement} from position `from`. */
  readonly fetch: (from: number, limit: number) => Promise<AllRow[]>;
  /** The names of the streams numbered `nos`, as [number, name] pairs (a number no stream has: left out). */
  readonly names: (nos: readonly string[]) => Promise<readonly (readonly [string, string])[]>;
  /**
   * The names known so far, by number: the store's, shared by its reads (a stream's number never changes: streams
   * are only ever added, postgresSchema.ts).
   */
  readonly known: Map<string, string>;
  /** The event of a row whose stream's name is filled in. */
  readonly eventOf: (row: string[]) => RecordedEvent;
  /** The store, as a message names it. */
  readonly location: string;
};

/**
 * Every event from position `fromPosition` on, in position order, each with its position.
 *
 * Positions have gaps (a rolled-back append keeps the ones it reserved), so pages are keyset pages. A row is shown
 * only once every transaction that started before its own has ended (txid below the snapshot's xmin): positions are
 * reserved in transaction-id order, so nothing can commit later below a row shown. A committed row still held back
 * by an older running transaction is waited for (up to horizonWaitMs), so that a reader sees what it appended; after
 * that the read ends before it, and the next read shows it. A row whose stream number names no stream (only
 * tampering makes one) fails the read with an {@link IntegrityError} when the reader reaches it, naming its position
 * and the number.
 */
export function readAllRows(
  source: ReadAllSource,
  fromPosition = 1,
): AsyncIterableIterator<{ position: number; event: RecordedEvent }> {
  const { fetch, names, known } = source;
  async function* pages() {
    let from = Math.max(1, fromPosition);
    const started = Date.now();
    let pending: Promise<AllRow[]> | null = null;
    for (let pause = 1; ;) {
      const found = await (pending ?? fetch(from, pageSize));
      pending = null;
      // Each row gets its position as a number, up to the first held row; the streams not known yet are looked up.
      let held = -1;
      let position = 0;
      let missing: Set<string> | null = null;
      for (let i = 0; i < found.length; i++) {
        const row = found[i]!;
        const at = row[7];
        if (at === '') {
          held = i;
          break;
        }
        position = at === null ? position + 1 : Number(at);
        row[7] = position;
        const no = row[6] as string | null;
        if (no !== null && !known.has(no)) (missing ??= new Set()).add(no);
      }
      const rows = held === -1 ? found : found.slice(0, held);
      if (missing !== null) for (const [no, name] of await names([...missing])) known.set(no, name);
      let stream: string | undefined = '';
      let no = '';
      for (const row of rows) {
        if (row[6] !== null) stream = known.get((no = row[6] as string));
        row[6] = stream ?? null;
        if (stream === undefined) row[8] = no; // no such stream: see the item below
      }
      if (rows.length > 0) {
        from = position + 1;
        if (held === -1 && found.length === pageSize) {
          // A full page with nothing held: the next one is asked for now, and is on the wire while the reader works
          // through this one. Its own statement keeps to its own snapshot's horizon, as any page's does.
          pending = fetch(from, pageSize);
          pending.catch(() => {}); // awaited on the next turn; a reader that stops early leaves it unheard
          await requestSent();
        }
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
  return pagedItems(pages(), (row) => {
    if (row[6] === null) {
      throw new IntegrityError(
        `${source.location}: the event at position ${row[7]} belongs to stream number ${row[8]}, which the store's ` +
          'streams table does not hold; the record was altered outside phasegate: verify the store, and restore it ' +
          'from a copy',
      );
    }
    return { position: row[7] as number, event: source.eventOf(row as string[]) };
  });
}
