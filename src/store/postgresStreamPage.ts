/**
 * The statement of a `readStream` page over the events of `t` (a quoted schema), rows in seq order, whose stream is
 * `streamNo` (an expression of parameter $1) and seq from $2 to $3. Three fields are left out where the row before
 * in the page makes them certain, so the driver makes no string for them: seq (NULL when it is the row before's
 * plus one), prev (NULL when its bytes are the row before's hash) and recorded (`''` when it is the row before's).
 * Each page's first row carries all three. The markers cannot be taken for a stored value: seq is never NULL, prev
 * reads as hex or `''` (a NULL prev, which only a row in the general form or tampering has), recorded as digits or
 * NULL (the general form). On a stream of one writer's appends (every event's prev the hash before it, recorded
 * shared by an append's events) this took the driver's rows from 103 to 79 ms of client CPU per 100k
 * (docs/performance.md, "PostgreSQL appends and reads against Emmett").
 */
export const streamPageStatement = (t: string, streamNo: string): string =>
  `SELECT CASE WHEN e.seq = lag(e.seq) OVER w + 1 THEN NULL ELSE e.seq::text END, e.id, encode(e.hash, 'hex'), ` +
  `CASE WHEN e.prev = lag(e.hash) OVER w THEN NULL ELSE coalesce(encode(e.prev, 'hex'), '') END, ` +
  `CASE WHEN e.recorded = lag(e.recorded) OVER w THEN '' ELSE e.recorded::text END, e.body ` +
  `FROM ${t}.events e WHERE e.stream = ${streamNo} AND e.seq BETWEEN $2 AND $3 ` +
  'WINDOW w AS (ORDER BY e.seq) ORDER BY e.seq';

/** A row's fields once {@link streamPageRows} has filled in what {@link streamPageStatement} left out. */
type EventFields = [seq: number, id: string, hash: string, prev: string, recorded: string | null, body: string];

/**
 * Returns a function that takes the rows of {@link streamPageStatement}, in the order of the pages and of each page,
 * fills in what a row left out from the row before it, and hands the whole row to `event`. The rows must come in
 * order: each page's first row carries every field, so nothing is carried from one page to the next.
 */
export function streamPageRows<T>(event: (...fields: EventFields) => T): (row: (string | null)[]) => T {
  let seq = 0;
  let hash = '';
  let recorded: string | null = null;
  return (row) => {
    const s = row[0];
    seq = s === null ? seq + 1 : Number(s);
    const prev = row[3] ?? hash;
    const r = row[4];
    if (r !== '') recorded = r ?? null;
    hash = row[2]!;
    return event(seq, row[1]!, hash, prev, recorded, row[5]!);
  };
}
