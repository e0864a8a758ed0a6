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
