import type pg from 'pg';

/**
 * The part of `pg`'s connection a submittable query drives (the one pg-cursor drives too). `parsedStatements` and
 * `submittedNamedStatements` are `pg`'s internals: `pg` is pinned, and an upgrade must check them again
 * (docs/performance.md, "PostgreSQL appends and reads against Emmett").
 */
export type Connection = {
  readonly parsedStatements: Record<string, string | undefined>;
  readonly submittedNamedStatements: Record<string, string | undefined>;
  readonly stream: {
    readonly writable: boolean;
    write(buffer: Buffer): boolean;
    cork?: () => void;
    uncork?: () => void;
  };
  parse(query: { text: string; name: string }): void;
  bind(config: { statement: string; values: readonly string[] }): void;
  execute(config?: object): void;
  sync(): void;
};

type Callback<T> = (error: Error | null, result?: T) => void;

/**
 * A prepared statement run through `pg`'s submittable interface, as pg-cursor runs its queries: the client hands it
 * the connection when its turn comes, then the messages of the reply. The statement is parsed once per connection
 * under its name, with the bookkeeping `pg`'s own named queries keep, so a statement that failed to parse is parsed
 * again next time; the portal is not described, so no RowDescription comes. A subclass sends the rest of the request
 * and gathers the rows; the query answers once, with its result or the first error.
 */
export abstract class Submittable<T> {
  /** Set by `pg` from the callback given to `query`. */
  callback: Callback<T> | undefined;

  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  submit(connection: Connection): Error | null {
    const known = connection.parsedStatements[this.name] ?? connection.submittedNamedStatements[this.name];
    if (known !== undefined && known !== this.text) return new Error(`statement ${this.name} was prepared as another`);
    return this.send(connection, known === undefined);
  }

  /** Sends the request: first the statement itself (with {@link parseOn}) when `unparsed`. */
  protected abstract send(connection: Connection, unparsed: boolean): Error | null;

  /** Takes one DataRow message's fields (as `pg` read them off the wire: text, null for SQL NULL). */
  abstract handleDataRow(message: { fields: (string | null)[] }): void;

  /** What the query answers once the reply is complete. */
  protected abstract result(): T;

  /** Sends the statement to be parsed under its name, and records it as `pg` does for its named queries. */
  protected parseOn(connection: Connection): void {
    connection.parse({ text: this.text, name: this.name });
    connection.submittedNamedStatements[this.name] = this.text;
  }

  handleReadyForQuery(): void {
    this.done(null);
  }

  handleError(error: Error): void {
    this.done(error);
  }

  /** The rest of the reply: nothing to take from it. */
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
    else callback?.(null, this.result());
  }
}

/** Runs `query` on `target` (a pool, or a client checked out of one) and returns its result. */
export function submit<T>(target: pg.Pool | pg.PoolClient, query: Submittable<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const callback: Callback<T> = (error, result) => (error ? reject(error) : resolve(result as T));
    (target.query as unknown as (query: Submittable<T>, callback: Callback<T>) => void).call(target, query, callback);
  });
}
