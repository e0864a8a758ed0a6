import pg from 'pg';
import { PhasegateError, StoreError, UsageError, VersionConflictError } from '../errors.ts';
import { encodeEvent } from '../envelope/canonical.ts';
import type { PositionedEvent, RecordedEvent } from '../envelope/envelope.ts';
import type { StreamId } from '../ids.ts';
import { headAfter, planAppend } from './appendPlan.ts';
import { connectionLost, guard, redact } from './postgresConnection.ts';
import { migrate } from './postgresSchema.ts';
import type { AppendOutcome, EventStore, StoredSnapshot, StreamHead, Subscription } from './eventStore.ts';
import { tailStore } from './subscription.ts';

/** Options of the PostgreSQL store. */
export type PostgresStoreOptions = {
  /** The schema that holds the store's tables, created on first open. @defaultValue `phasegate` */
  readonly schema?: string;
  /** Create the schema and tables when they do not exist. Reading commands open with `readOnly` instead. @defaultValue true */
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

const pageSize = 5000;
const maxInt = 2 ** 31 - 1;
/** Batches up to this size are sent as literals together with BEGIN and the lock: one round trip less. */
const inlineEvents = 4;
/** Rows per INSERT statement: at most 5 parameters each, under PostgreSQL's 65,535. */
const insertChunk = 10_000;
const schemaPattern = /^(?!pg_)[a-z_][a-z0-9_]{0,47}$/;

/**
 * Returns the PostgreSQL store (many processes, many machines). Events are kept as the TEXT of their canonical bytes
 * (the only copy of each field: head and hash are read from it) beside `UNIQUE(stream, seq)` and a unique `id`. Appends are serialized per schema with `pg_advisory_xact_lock`, so
 * global positions are handed out in commit order: a reader tailing by position never skips a transaction that
 * commits late. Subscriptions LISTEN for the NOTIFY each append sends at commit, and catch up from the table.
 * Throws {@link StoreError} when the server cannot be reached or (with `create: false`) the store does not exist.
 */
export async function openPostgresEventStore(url: string, options: PostgresStoreOptions = {}): Promise<EventStore> {
  const schema = options.schema ?? 'phasegate';
  if (!schemaPattern.test(schema)) {
    throw new UsageError(`PostgreSQL schema name "${schema}" must be 1 to 48 of a-z 0-9 _, not start with a digit or pg_`);
  }
  const where = `PostgreSQL store ${redact(url)} (schema ${schema})`;
  const t = `"${schema}"`;
  const channel = `phasegate_${schema}`;
  // The lock that serializes appends: one per schema, so stores in other schemas never wait for each other.
  const appendLock = `SELECT pg_advisory_xact_lock(hashtext('phasegate.append.${schema}'))`;
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  pool.on('error', () => {}); // an idle connection dropped by the server: the next query reconnects
  // A connection cut while its client is checked out, or just as it connects (a restarted server, a terminated
  // backend), emits 'error' on the client outside any query; unheard, that event would crash the process. The
  // query in flight fails on its own and the client, released with that error, leaves the pool.
  pool.on('connect', (client) => client.on('error', () => {}));
  const subscriptions = new Set<Subscription>();

  const readOnly = options.readOnly ?? false;
  await migrate(pool, schema, !readOnly && (options.create ?? true), where).catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });

  /**
   * Runs one statement on a pooled connection. Each of these statements (reads, the snapshot upsert) is idempotent,
   * so one that fails because its connection was lost (a backend terminated while idle in the pool, whose death the
   * pool had not heard of yet) is run once more on a fresh connection; appends never come through here.
   */
  const query = async <TRow extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) =>
    guard(where, async () => {
      const run = async () => (await pool.query<TRow>({ name: `${name}.${schema}`, text, values })).rows;
      try {
        return await run();
      } catch (error) {
        if (!connectionLost(error)) throw error;
        return run();
      }
    });

  /** Inserts sealed events after position `last`, as multi-row VALUES (chunked under the 65,535-parameter limit). */
  const insertRows = async (client: pg.PoolClient, last: number, events: readonly RecordedEvent[]): Promise<void> => {
    for (let from = 0; from < events.length; from += insertChunk) {
      const values: unknown[] = [];
      const rows = events.slice(from, from + insertChunk).map((e, k) => {
        const o = values.length;
        values.push(last + from + k + 1, e.stream, e.seq, e.id, encodeEvent(e));
        return `($${o + 1}::bigint, $${o + 2}, $${o + 3}::int, $${o + 4}, $${o + 5})`;
      });
      await client.query(`INSERT INTO ${t}.events (position, stream, seq, id, body) VALUES ${rows.join(', ')}`, values);
    }
  };

  const append = async (stream: StreamId, events: readonly RecordedEvent[], expectedSeq: number): Promise<AppendOutcome> => {
    // The shared rules refuse an empty batch (IntegrityError) before any SQL is built: `IN ()` does not parse.
    if (events.length === 0) planAppend(stream, events, expectedSeq, null, new Map());
    const client = await guard(where, () => pool.connect());
    let failed: unknown = null;
    try {
      const ids = events.map((e) => client.escapeLiteral(e.id)).join(', ');
      const literal = client.escapeLiteral(stream);
      let last: number | null = null; // the position before the first inserted event, once inserted
      if (events.length <= insertChunk && continuesHead(stream, events, expectedSeq)) {
        // Fast path: insert only if the stream is at `expectedSeq` with the hash the batch continues and none of its
        // ids is stored (a statement after the lock, so its snapshot sees every append committed before the lock
        // was granted). A few events go as escaped literals in the same round trip as BEGIN and the lock; a
        // larger batch as parameters, which PostgreSQL parses faster than long literals.
        const inline = events.length <= inlineEvents;
        const values: unknown[] = [stream, expectedSeq, events[0]!.prev, events.map((e) => e.id)];
        const param = (value: unknown, cast = '') => {
          if (inline) return typeof value === 'number' ? String(value) : client.escapeLiteral(String(value));
          values.push(value);
          return `$${values.length}${cast}`;
        };
        const [s1, s2, s3, s4] = inline
          ? [literal, String(expectedSeq), client.escapeLiteral(events[0]!.prev), `ARRAY[${ids}]`]
          : ['$1', '$2::int', '$3', '$4::text[]'];
        const rows = events.map((e) => `(${param(e.seq, '::int')}, ${param(e.id)}, ${param(encodeEvent(e))})`);
        const insert =
          `INSERT INTO ${t}.events (position, stream, seq, id, body) SELECT m.last + v.seq - ${s2}, ${s1}, v.seq, v.id, v.body ` +
          `FROM (VALUES ${rows.join(', ')}) AS v(seq, id, body), (SELECT coalesce(max(position), 0) AS last FROM ${t}.events) AS m ` +
          `WHERE coalesce((SELECT max(seq) FROM ${t}.events WHERE stream = ${s1}), 0) = ${s2} ` +
          `AND (${s2} = 0 OR (SELECT body FROM ${t}.events WHERE stream = ${s1} AND seq = ${s2})::json->>'hash' = ${s3}) ` +
          `AND NOT EXISTS (SELECT 1 FROM ${t}.events WHERE id = ANY(${s4})) RETURNING position`;
        let inserted: Array<{ position: string }>;
        if (inline) {
          const results = (await client.query(`BEGIN; ${appendLock}; ${insert}`)) as unknown as Array<pg.QueryResult<{ position: string }>>;
          inserted = results[2]!.rows;
        } else {
          await client.query(`BEGIN; ${appendLock}`);
          inserted = (await client.query<{ position: string }>(insert, values)).rows;
        }
        if (inserted.length === events.length) last = Math.max(...inserted.map((r) => Number(r.position))) - events.length;
      } else {
        await client.query(`BEGIN; ${appendLock}`);
      }
      if (last === null) {
        // Slow path (a stale seq, a retry, a reused id, a batch that does not fit): read the state under the lock
        // and let planAppend, the rules every store shares, decide.
        const { rows } = await client.query<{ last: string; head: string | null; existing: string[] }>(
          `SELECT (SELECT coalesce(max(position), 0) FROM ${t}.events) AS last, ` +
            `(SELECT body FROM ${t}.events WHERE stream = ${literal} AND seq = ` +
            `(SELECT max(seq) FROM ${t}.events WHERE stream = ${literal})) AS head, ` +
            `(SELECT coalesce(array_agg(body), '{}') FROM ${t}.events WHERE id IN (${ids})) AS existing`,
        );
        const state = rows[0]!;
        const existing = new Map<string, RecordedEvent>();
        for (const body of state.existing) {
          const event = JSON.parse(body) as RecordedEvent;
          existing.set(event.id, event);
        }
        const plan = planAppend(stream, events, expectedSeq, headOf(state.head), existing);
        if (plan.kind === 'already_appended') {
          await client.query('ROLLBACK');
          return { outcome: 'already_appended', events: plan.events };
        }
        last = Number(state.last);
        await insertRows(client, last, events);
      }
      if (options.beforeCommit) await options.beforeCommit((sql, values) => client.query(sql, values as unknown[]));
      // NOTIFY is delivered at COMMIT, so a listener never hears of an event it cannot read yet.
      await client.query(`SELECT pg_notify('${channel}', '${last! + events.length}'); COMMIT`);
      return { outcome: 'appended', events };
    } catch (error) {
      failed = error;
      await client.query('ROLLBACK').catch(() => {});
      if (error instanceof PhasegateError) throw error;
      const code = (error as { code?: string }).code;
      if (code === '23505' || code === '40001') {
        // Only a writer that bypasses the lock can get here; the constraint keeps the log whole regardless.
        const head = await store.head(stream);
        throw new VersionConflictError(stream, expectedSeq, head?.seq ?? 0);
      }
      throw new StoreError(`${where}: the append failed: ${(error as Error).message}. Nothing was stored unless a retry with the same ids says so.`, { cause: error });
    } finally {
      client.release(failed !== null && !(failed instanceof PhasegateError) ? (failed as Error) : undefined);
    }
  };

  const store: EventStore = {
    kind: 'postgres',
    location: redact(url),
    append: async (stream, events, { expectedSeq }) => {
      if (readOnly) throw new StoreError(`${where} was opened read-only; open it without readOnly to append`);
      return append(stream, events, expectedSeq);
    },
    // Pages are ranges of seq (or position), which are gapless: each page reads exactly its rows through the
    // index, whatever the planner's statistics say (an ORDER BY ... LIMIT page sorted the whole stream tail
    // when statistics were missing). A short page means the end, or a gap that only tampering makes: skip to
    // the next row so that a verifier sees the gap.
    async *readStream(stream, range = {}) {
      let from = Math.max(1, range.fromSeq ?? 1);
      const to = Math.min(range.toSeq ?? maxInt, maxInt);
      while (from <= to) {
        const until = Math.min(to, from + pageSize - 1);
        const rows = await query<{ seq: number; body: string }>(
          'read-stream',
          `SELECT seq, body FROM ${t}.events WHERE stream = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
          [stream, from, until],
        );
        for (const row of rows) yield JSON.parse(row.body) as RecordedEvent;
        if (rows.length === until - from + 1) {
          from = until + 1;
          continue;
        }
        const [next] = await query<{ seq: number | null }>(
          'next-seq',
          `SELECT min(seq) AS seq FROM ${t}.events WHERE stream = $1 AND seq > $2`,
          [stream, until],
        );
        if (next?.seq == null) return;
        from = next.seq;
      }
    },
    async *readAll(readOptions = {}) {
      let from = Math.max(1, readOptions.fromPosition ?? 1);
      for (;;) {
        const until = from + pageSize - 1;
        const rows = await query<{ position: string; body: string }>(
          'read-all',
          `SELECT position, body FROM ${t}.events WHERE position BETWEEN $1 AND $2 ORDER BY position`,
          [from, until],
        );
        for (const row of rows) yield { position: Number(row.position), event: JSON.parse(row.body) } as PositionedEvent;
        if (rows.length === pageSize) {
          from = until + 1;
          continue;
        }
        const [next] = await query<{ position: string | null }>(
          'next-position',
          `SELECT min(position) AS position FROM ${t}.events WHERE position > $1`,
          [until],
        );
        if (next?.position == null) return;
        from = Number(next.position);
      }
    },
    subscribe(subscribeOptions, handler) {
      const watch = async (wake: () => void) => {
        const listener = new pg.Client({ connectionString: url });
        listener.on('notification', wake);
        listener.on('error', wake); // a lost connection: polling carries on
        await guard(where, async () => {
          await listener.connect();
          await listener.query(`LISTEN "${channel}"`);
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
      subscription.done.then(() => subscriptions.delete(subscription), () => subscriptions.delete(subscription));
      return subscription;
    },
    async head(stream) {
      const rows = await query<{ body: string }>(
        'head',
        `SELECT body FROM ${t}.events WHERE stream = $1 AND seq = (SELECT max(seq) FROM ${t}.events WHERE stream = $1)`,
        [stream],
      );
      return headOf(rows[0]?.body ?? null);
    },
    async findById(id) {
      const rows = await query<{ body: string }>('find-by-id', `SELECT body FROM ${t}.events WHERE id = $1`, [id]);
      return rows[0] ? (JSON.parse(rows[0].body) as RecordedEvent) : null;
    },
    async listStreams(): Promise<StreamId[]> {
      const rows = await query<{ stream: string }>('streams', `SELECT stream FROM ${t}.events GROUP BY stream ORDER BY stream COLLATE "C"`, []);
      return rows.map((row) => row.stream);
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

/**
 * True when `events` would be accepted on a stream whose head is at `expectedSeq` with the hash the batch's first
 * `prev` names (planAppend's own check); the fast path then only has to confirm that head in the database.
 */
function continuesHead(stream: StreamId, events: readonly RecordedEvent[], expectedSeq: number): boolean {
  const head = expectedSeq === 0 ? null : { seq: expectedSeq, hash: events[0]?.prev ?? '', recordedAt: '', workflow: '' };
  try {
    return planAppend(stream, events, expectedSeq, head, new Map()).kind === 'append';
  } catch {
    return false;
  }
}

/** Returns the head a stream's last stored event gives (the row keeps only the body: one copy of each byte). */
function headOf(body: string | null): StreamHead | null {
  if (body === null) return null;
  return headAfter([JSON.parse(body) as RecordedEvent]);
}
