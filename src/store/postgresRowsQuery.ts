import type pg from 'pg';

/** The part of `pg`'s connection a submittable query drives (the one pg-cursor drives too). */
type Connection = {
  readonly parsedStatements: Record<string, string | undefined>;
  readonly submittedNamedStatements: Record<string, string | undefined>;
  readonly stream: { cork?: () => void; uncork?: () => void };
  parse(query: { text: string; name: string }): void;
  bind(config: { statement: string; values: readonly string[] }): void;
  execute(config?: object): void;
  sync(): void;
};

type Callback = (error: Error | null, rows?: (string | null)[][]) => void;

/**
 * A prepared statement whose rows come back as the raw text `pg` read off the wire: each row the field array of its
 * DataRow message, as it is. A plain `pg` query with `rowMode: 'array'` copies every row into a second array and
 * calls a type parser per field, and asks the server to describe each portal first; reading a 100k-event stream, that
 * cost about 7% of the read's client CPU and a fifth to a third of its garbage collection (docs/performance.md,
 * "PostgreSQL appends and reads against Emmett"). It speaks to the connection through `pg`'s submittable interface, as pg-cursor does:
 * the client hands it the connection when its turn comes and the messages of the reply after. The statement is
 * parsed once per connection under its name, with the bookkeeping `pg`'s own named queries keep, so a statement that
 * failed to parse is parsed again next time.
 */
class RowsQuery {
  readonly rows: (string | null)[][] = [];
  /** Set by `pg` from the callback given to `query`. */
  callback: Callback | undefined;

  constructor(
    readonly name: string,
    readonly text: string,
    readonly values: readonly string[],
  ) {}

  submit(connection: Connection): Error | null {
    const known = connection.parsedStatements[this.name] ?? connection.submittedNamedStatements[this.name];
    if (known !== undefined && known !== this.text) return new Error(`statement ${this.name} was prepared as another`);
    connection.stream.cork?.();
    try {
      if (known === undefined) {
        connection.parse({ text: this.text, name: this.name });
        connection.submittedNamedStatements[this.name] = this.text;
      }
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

  handleReadyForQuery(): void {
    this.done(null);
  }

  handleError(error: Error): void {
    this.done(error);
  }

  /** The rest of the reply (no RowDescription comes: the portal is not described); a SELECT copies nothing. */
  handleRowDescription(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('not a COPY');
  }

  private done(error: Error | null): void {
    const callback = this.callback;
    this.callback = undefined; // an error is followed by nothing else, but answer once whatever comes
    if (error !== null) callback?.(error);
    else callback?.(null, this.rows);
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
): Promise<(string | null)[][]> {
  return new Promise((resolve, reject) => {
    const query = new RowsQuery(name, text, values.map(String));
    const callback: Callback = (error, rows) => (error ? reject(error) : resolve(rows!));
    (pool.query as unknown as (query: RowsQuery, callback: Callback) => void).call(pool, query, callback);
  });
}
