import pg from 'pg';
import { StoreError, UsageError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { StreamId } from '../ids.ts';
import { headAfter } from './appendPlan.ts';
import { postgresAppend } from './postgresAppend.ts';
import { connectionLost, wrapDriverError, redact } from './postgresConnection.ts';
import { fromRow } from './postgresRows.ts';
import { compactRowEvent } from './postgresRowEvent.ts';
import { queryRows, requestSent } from './postgresRowsQuery.ts';
import { pagedItems } from './pagedItems.ts';
import { streamPageRows, streamPageStatement } from './postgresStreamPage.ts';
import { pageSize, readAllRows, readAllStatement } from './postgresReadAll.ts';
import { announceListener, migrate } from './postgresSchema.ts';
import { storedEnvelope } from './storedEvent.ts';
import type { EventStore, StoredSnapshot, StreamHead, Subscription } from './eventStore.ts';
import { tailStore } from './subscription.ts';

/** Options of the PostgreSQL store. */
export type PostgresStoreOptions = {
  /** The schema that holds the store's tables, created on first open. @defaultValue `phasegate` */
  readonly schema?: string;
  /**
   * Create the schema and tables when they do not exist. Reading commands open with `readOnly` instead.
   * @defaultValue true
   */
  readonly create?: boolean;
  /**
   * Open an existing store for reading only: the schema is never created or migrated (a missing one is a
   * {@link StoreError}), `append` throws a {@link StoreError}, `saveSnapshot` does nothing (a snapshot is only a
   * cache). Implies `create: false`. @defaultValue false
   */
  readonly readOnly?: boolean;
  /** Most connections the store opens at once (subscriptions hold one more each). @defaultValue 10 */
  readonly maxConnections?: number;
  /** How often a subscription reads again when no notification came, in ms. @defaultValue 1000 */
  readonly pollMs?: number;
  /**
   * Runs inside every append transaction right before COMMIT, with a way to send SQL on that transaction. Throwing
   * rolls the append back. A test hook (slow or failing transactions); leave it out in production.
   * @internal
   */
  readonly beforeCommit?: (query: (sql: string, values?: readonly unknown[]) => Promise<unknown>) => Promise<void>;
};

const maxInt = 2 ** 31 - 1;

const schemaPattern = /^(?!pg_)[a-z_][a-z0-9_]{0,47}$/;
/** Rows come back as arrays of raw text: no per-row object, no bytea to Buffer conversion. */
const raw = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;
type Page = string[][];

/**
 * Returns the PostgreSQL store (many processes, many machines). Each field of an event is kept once (stream, seq and
 * id as columns, hash and prev as `bytea`, the rest as a compact body: postgresRows.ts) beside `UNIQUE(stream, seq)`
 * and a unique index on the id. An append is one statement, its own transaction: the schema's `append` function
 * checks the expected seq and head, reserves positions in transaction-id order and inserts (postgresSchema.ts).
 * Appends to different streams do not wait for each other; `readAll` shows only rows below the oldest running
 * transaction, so a reader tailing by position never skips a transaction that commits late. Subscriptions LISTEN
 * for the NOTIFY sent after an append while one listens (postgresSchema.ts `announceListener`), and catch up from
 * the table.
 * Throws {@link StoreError} when the server cannot be reached or (with `create: false`) the store does not exist.
 */
export async function openPostgresEventStore(url: string, options: PostgresStoreOptions = {}): Promise<EventStore> {
  const schema = options.schema ?? 'phasegate';
  if (!schemaPattern.test(schema)) {
    throw new UsageError(
      `PostgreSQL schema name "${schema}" must be 1 to 48 of a-z 0-9 _, not start with a digit or pg_`,
    );
  }
  const where = `PostgreSQL store ${redact(url)} (schema ${schema})`;
  const t = `"${schema}"`;
  const channel = `phasegate_${schema}`; // the NOTIFY channel of postgresAppend.ts
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  pool.on('error', () => {}); // an idle connection dropped by the server: the next query reconnects
  // A connection cut while its client is checked out, or just as it connects (a restarted server, a terminated
  // backend), emits 'error' on the client outside any query; unheard, that event would crash the process. The
  // query in flight fails on its own and the client, released with that error, leaves the pool.
  pool.on('connect', (client) => client.on('error', () => {}));
  const subscriptions = new Set<Subscription>();
  /** Stream names by number, as `readAll` has looked them up (postgresReadAll.ts). */
  const streamNames = new Map<string, string>();

  const readOnly = options.readOnly ?? false;
  await migrate(pool, schema, !readOnly && (options.create ?? true), !readOnly, where).catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });

  /**
   * Runs one statement on a pooled connection. Each of these statements (reads, the snapshot upsert) is idempotent,
   * so one that fails because its connection was lost (a backend terminated while idle in the pool, whose death the
   * pool had not heard of yet) is run once more on a fresh connection; appends never come through here.
   */
  const twice = <TResult>(run: () => Promise<TResult>) =>
    wrapDriverError(where, async () => {
      try {
        return await run();
      } catch (error) {
        if (!connectionLost(error)) throw error;
        return run();
      }
    });
  const query = <TRow extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) =>
    twice(async () => (await pool.query<TRow>({ name: `${name}.${schema}`, text, values })).rows);
  /** The same for a page of rows as raw text arrays. */
  const page = (name: string, text: string, values: unknown[]): Promise<Page> =>
    twice(async () => {
      const config = { name: `${name}.${schema}`, text, values, rowMode: 'array' as const, types: raw };
      return (await pool.query<string[]>(config)).rows;
    });
  /** The same for parameters that are strings and numbers, through the cheaper row path of postgresRowsQuery.ts. */
  const textRows = (name: string, text: string, values: readonly (string | number)[]) =>
    twice(() => queryRows(pool, `${name}.${schema}`, text, values) as Promise<Page>);

  const columns = `e.seq, e.id, encode(e.hash, 'hex'), encode(e.prev, 'hex'), e.recorded, e.body`;
  /** The event of a row whose first columns are {@link columns}; its stream's name is given, or the 7th column. */
  // Every event read goes through the envelope contract (README "Stores"): a row off it is an integrity failure.
  // A compact row that passes compactRowEvent's checks is that judgement; any other is judged whole.
  const eventAt = (
    stream: string,
    seq: number,
    id: string,
    hash: string,
    prev: string,
    recorded: string | null,
    body: string,
  ) => {
    const event = compactRowEvent(stream, seq, id, hash, prev, recorded, body);
    if (event !== null) return event;
    const at = { location: where, stream, seq };
    return storedEnvelope(() => fromRow(stream, seq, id, hash, prev, recorded, body), at);
  };
  const eventOf = (r: string[], stream = r[6]!) =>
    eventAt(stream, Number(r[0]), r[1]!, r[2]!, r[3]!, r[4] ?? null, r[5]!);
  const readAllText = readAllStatement(t, columns);
  /** The stream number of the stream named by parameter $1. */
  const streamNo = `(SELECT no FROM ${t}.streams WHERE name = $1)`;

  const append = postgresAppend({
    pool,
    schema,
    where,
    beforeCommit: options.beforeCommit,
    readState: async (stream, ids) => {
      const found = await page(
        'append-state',
        `(SELECT 'head', ${columns}, $1 FROM ${t}.events e WHERE e.stream = ${streamNo} ORDER BY e.seq DESC LIMIT 1) ` +
          `UNION ALL SELECT 'id', ${columns}, s.name FROM ${t}.events e JOIN ${t}.streams s ON s.no = e.stream ` +
          'WHERE md5(e.id)::uuid = ANY (ARRAY(SELECT md5(i)::uuid FROM unnest($2::text[]) AS i)) AND e.id = ANY ($2)',
        [stream, ids],
      );
      let head: StreamHead | null = null;
      const existing = new Map<string, RecordedEvent>();
      for (const row of found) {
        const event = eventOf(row.slice(1));
        if (row[0] === 'head') head = headAfter([event]);
        else existing.set(event.id, event);
      }
      return { head, existing };
    },
  });

  const store: EventStore = {
    kind: 'postgres',
    location: redact(url),
    append: async (stream, events, { expectedSeq }) => {
      if (readOnly) throw new StoreError(`${where} was opened read-only; open it without readOnly to append`);
      return append(stream, events, expectedSeq);
    },
    // Pages are ranges of seq, which are gapless: each page reads exactly its rows through the index, whatever the
    // planner's statistics say (an ORDER BY ... LIMIT page sorted the whole stream tail when statistics were
    // missing). A short page means the end, or a gap that only tampering makes: skip to the next row so that a
    // verifier sees the gap. The next page is fetched while the caller works through this one.
    readStream(stream, range = {}) {
      const to = Math.min(range.toSeq ?? maxInt, maxInt);
      const fetch = (first: number) =>
        textRows('read-stream', streamPageStatement(t, streamNo), [stream, first, Math.min(to, first + pageSize - 1)]);
      async function* pages() {
        let from = Math.max(1, range.fromSeq ?? 1);
        let pending = from <= to ? fetch(from) : null;
        while (pending !== null) {
          const rows = await pending;
          const until = Math.min(to, from + pageSize - 1);
          const full = rows.length === until - from + 1;
          pending = full && until < to ? fetch(until + 1) : null;
          if (pending !== null) {
            pending.catch(() => {}); // awaited on the next turn; a caller that stops early leaves it unheard
            await requestSent();
          }
          yield rows;
          if (full) {
            from = until + 1;
            continue;
          }
          const [next] = await query<{ seq: number | null }>(
            'next-seq',
            `SELECT min(seq) AS seq FROM ${t}.events WHERE stream = ${streamNo} AND seq > $2 AND seq <= $3`,
            [stream, until, to],
          );
          if (next?.seq == null) return;
          from = next.seq;
          pending = fetch(from);
        }
      }
      return pagedItems(
        pages(),
        streamPageRows((seq, id, hash, prev, recorded, body) => eventAt(stream, seq, id, hash, prev, recorded, body)),
      );
    },
    readAll(readOptions = {}) {
      const source = {
        fetch: (from: number, limit: number) => textRows('read-all', readAllText, [from, limit]),
        names: async (nos: readonly string[]) =>
          (await textRows('stream-names', `SELECT no::text, name FROM ${t}.streams WHERE no = ANY ($1::int[])`, [
            `{${nos.join(',')}}`,
          ])) as [string, string][],
        known: streamNames,
        eventOf,
        location: where,
      };
      return readAllRows(source, readOptions.fromPosition);
    },
    subscribe(subscribeOptions, handler) {
      const watch = async (wake: () => void) => {
        const listener = new pg.Client({ connectionString: url });
        listener.on('notification', wake);
        listener.on('error', wake); // a lost connection: polling carries on
        await wrapDriverError(where, async () => {
          await listener.connect();
          await listener.query(`LISTEN "${channel}"`);
          await announceListener(listener, schema);
        });
        return async () => {
          await listener.end().catch(() => {});
        };
      };
      const subscription = tailStore(
        { readAll: (o) => store.readAll(o), watch, pollMs: options.pollMs ?? 1000 },
        subscribeOptions,
        handler,
      );
      subscriptions.add(subscription);
      subscription.done.then(
        () => subscriptions.delete(subscription),
        () => subscriptions.delete(subscription),
      );
      return subscription;
    },
    async head(stream) {
      const rows = await textRows(
        'head',
        `SELECT ${columns} FROM ${t}.events e WHERE e.stream = ${streamNo} ORDER BY e.seq DESC LIMIT 1`,
        [stream],
      );
      return rows[0] ? headAfter([eventOf(rows[0], stream)]) : null;
    },
    async findById(id) {
      const rows = await textRows(
        'find-by-id',
        `SELECT ${columns}, s.name FROM ${t}.events e JOIN ${t}.streams s ON s.no = e.stream ` +
          'WHERE md5(e.id)::uuid = md5($1)::uuid AND e.id = $1',
        [id],
      );
      return rows[0] ? eventOf(rows[0]) : null;
    },
    async listStreams(): Promise<StreamId[]> {
      const rows = await query<{ name: string }>(
        'streams',
        `SELECT name FROM ${t}.streams s WHERE EXISTS (SELECT 1 FROM ${t}.events e WHERE e.stream = s.no) ` +
          'ORDER BY name COLLATE "C"',
        [],
      );
      return rows.map((row) => row.name);
    },
    async loadSnapshot(stream, workflow): Promise<StoredSnapshot | null> {
      const rows = await query<{ seq: number; hash: string; body: string }>(
        'load-snapshot',
        `SELECT seq, hash, body FROM ${t}.snapshots WHERE stream = $1 AND workflow = $2`,
        [stream, workflow],
      );
      const row = rows[0];
      return row ? { workflow, seq: row.seq, hash: row.hash, state: JSON.parse(row.body) } : null;
    },
    async saveSnapshot(stream, snapshot) {
      if (readOnly) return; // a snapshot is a cache: a reader goes without
      await query(
        'save-snapshot',
        `INSERT INTO ${t}.snapshots (stream, workflow, seq, hash, body) VALUES ($1, $2, $3, $4, $5) ` +
          'ON CONFLICT (stream, workflow) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, body = excluded.body',
        [stream, snapshot.workflow, snapshot.seq, snapshot.hash, JSON.stringify(snapshot.state)],
      );
    },
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      await pool.end().catch(() => {});
    },
  };
  return store;
}
