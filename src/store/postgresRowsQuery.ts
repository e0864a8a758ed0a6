import type pg from 'pg';
import { submit, Submittable, type Connection } from './postgresSubmittable.ts';

type Rows = (string | null)[][];

/**
 * A prepared statement whose rows come back as the raw text `pg` read off the wire: each row the field array of its
 * DataRow message, as it is. A plain `pg` query with `rowMode: 'array'` copies every row into a second array and
 * calls a type parser per field, and asks the server to describe each portal first; reading a 100k-event stream, that
 * cost about 7% of the read's client CPU and a fifth to a third of its garbage collection (docs/performance.md,
 * "PostgreSQL appends and reads against Emmett").
 */
class RowsQuery extends Submittable<Rows> {
  readonly rows: Rows = [];

  constructor(
    name: string,
    text: string,
    readonly values: readonly string[],
  ) {
    super(name, text);
  }

  protected send(connection: Connection, unparsed: boolean): Error | null {
    connection.stream.cork?.();
    try {
      if (unparsed) this.parseOn(connection);
      connection.bind({ statement: this.name, values: this.values });
      connection.execute();
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    this.rows.push(message.fields);
  }

  protected result(): Rows {
    return this.rows;
  }
}

/**
 * Runs the prepared statement `name` (`text`, parameters `values` sent as text) on a pooled connection and returns
 * its rows as arrays of raw text (null for SQL NULL).
 */
export function queryRows(
  pool: pg.Pool,
  name: string,
  text: string,
  values: readonly (string | number)[],
): Promise<Rows> {
  return submit(pool, new RowsQuery(name, text, values.map(String)));
}

/**
 * Resolves once a query just handed to the pool is on the wire. `pg-pool` checks an idle connection out on the next
 * `process.nextTick`, which runs only when the microtask queue is empty: a reader that goes through a page of rows as
 * resolved promises (`for await` over `readStream` or `readAll`) never empties it, so the next page's query would wait
 * for the whole page to be read, and the server's work would follow the client's instead of overlapping it
 * (docs/performance.md, "PostgreSQL appends and reads against Emmett"). A tick queued after the pool's runs after it,
 * when the query is sent.
 */
export const requestSent = (): Promise<void> => new Promise<void>((resolve) => process.nextTick(resolve));
