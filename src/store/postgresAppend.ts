import type pg from 'pg';
import { PhasegateError, StoreError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { StreamId } from '../ids.ts';
import { planAppend } from './appendPlan.ts';
import type { AppendOutcome, StreamHead } from './eventStore.ts';
import type { PostgresStoreOptions } from './postgresEventStore.ts';
import { notifyLatest } from './notifyLatest.ts';
import { bigintArray, textArray } from './postgresBinary.ts';
import { toRow, type EventRow } from './postgresRows.ts';
import { queryValue, type Parameter } from './postgresAppendQuery.ts';
import { appendGroups } from './postgresAppendGroups.ts';

/** The test hook that runs SQL on the append's transaction before COMMIT. */
type BeforeCommit = NonNullable<PostgresStoreOptions['beforeCommit']>;

/** What the append path needs from its store. */
export type AppendContext = {
  readonly pool: pg.Pool;
  readonly schema: string;
  readonly where: string;
  readonly beforeCommit: BeforeCommit | undefined;
  /** Reads a stream's head and the stored events among `ids` (any stream), for the shared rules. */
  readonly readState: (
    stream: StreamId,
    ids: readonly string[],
  ) => Promise<{ head: StreamHead | null; existing: Map<string, RecordedEvent> }>;
};

/**
 * Returns the PostgreSQL store's append (README "Stores"). A batch that continues the head it names goes straight
 * to the schema's append function (postgresFunctions.ts): one statement, its own transaction, so one round trip;
 * batches that come in the same turn of the event loop go together, in one call of `append8` (schema 8,
 * postgresAppendGroups.ts), and each alone again when that call stores nothing. Anything else (a stale seq, a retry, a reused id, a batch that does not continue the chain), and an append that
 * lost a race to another on the same stream or id, is decided by planAppend, the rules every store shares, from
 * the state read back; then inserted, and decided again if it loses once more.
 */
export function postgresAppend(context: AppendContext) {
  const { pool, schema, where, beforeCommit, readState } = context;
  const t = `"${schema}"`;
  const channel = `phasegate_${schema}`;
  const name = `append7.${schema}`;
  const text = `SELECT ${t}.append7($1, $2, $3, $4, $5, $6, $7, $8) AS last`;
  const groupName = `append8.${schema}`;
  const groupText = `SELECT ${t}.append8($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS last`;

  /**
   * Runs the append function: the last position it stored and whether a subscription listens, or null when the
   * stream was not at `expectedSeq` (with `head` as its hash, unless null) or the insert hit a unique index (an id
   * stored already, or a seq or id a concurrent append took first).
   */
  type Batch = readonly RecordedEvent[];
  const insert = (
    stream: StreamId,
    events: Batch,
    expectedSeq: number,
    head: string | null,
    rows: readonly EventRow[] = events.map(toRow),
  ) => {
    const values = [
      stream,
      String(expectedSeq),
      head,
      textArray(rows.map((r) => r.id)),
      textArray(rows.map((r) => r.hash)),
      textArray(rows.map((r) => r.prev)),
      bigintArray(rows.map((r) => r.recorded)),
      textArray(rows.map((r) => r.body)),
    ];
    return call(name, text, values);
  };

  /**
   * Runs the group function (schema 8's `append8`) on the members, each of another stream: what it stored for all of
   * them, or null when it stored nothing (a member's head had moved, an insert hit a unique index, or the server
   * broke a deadlock with another group by failing this one). The members go in order of their streams' names, so
   * that two groups of the same new streams create them, and insert their first seqs, in the same order.
   */
  const insertGroup = (group: readonly Member[]) => {
    const members = [...group].sort((x, y) => (x.stream < y.stream ? -1 : x.stream > y.stream ? 1 : 0));
    const rows = members.flatMap((m) => m.rows);
    const ints = (values: readonly number[]) => `{${values.join(',')}}`;
    const values = [
      textArray(members.map((m) => m.stream)),
      ints(members.map((m) => m.expectedSeq)),
      textArray(members.map((m) => m.head)),
      ints(members.flatMap((m, i) => m.rows.map(() => i + 1))),
      ints(members.flatMap((m) => m.events.map((e) => e.seq))),
      textArray(rows.map((r) => r.id)),
      textArray(rows.map((r) => r.hash)),
      textArray(rows.map((r) => r.prev)),
      bigintArray(rows.map((r) => r.recorded)),
      textArray(rows.map((r) => r.body)),
    ];
    return call(groupName, groupText, values, deadlock);
  };

  /**
   * Runs one call of an append function as its own transaction (with the test hook, inside BEGIN and COMMIT). A
   * connection whose statement fails is discarded with its error (which also drops the session lock the function
   * holds for an instant, should a cancel land inside it).
   */
  const call = async (name: string, text: string, values: readonly Parameter[], alsoLost?: string) => {
    const client = await pool.connect();
    let failed: Error | undefined;
    try {
      if (!beforeCommit) return lastOf(await queryValue(client, name, text, values));
      await client.query('BEGIN');
      const last = lastOf(await queryValue(client, name, text, values));
      if (last !== null) await beforeCommit((sql, values) => client.query(sql, values as unknown[]));
      await client.query(last === null ? 'ROLLBACK' : 'COMMIT');
      return last;
    } catch (error) {
      if (beforeCommit) await client.query('ROLLBACK').catch(() => {});
      // A unique violation is a race lost in the insert, after the function let go of its lock: the connection is
      // sound and stays in the pool. Anything else discards it.
      const code = (error as { code?: string }).code;
      if (code === uniqueViolation || (code !== undefined && code === alsoLost)) return null;
      failed = error as Error;
      throw error;
    } finally {
      client.release(failed);
    }
  };

  /**
   * After a commit, wakes subscribers, when the append function saw one listening (README "Stores": otherwise the
   * append is its one round trip); NOTIFY inside the transaction would serialize every notifying commit. A named
   * (prepared) statement: parsed and planned once per connection, the server spent 8-17 us on each instead of 50-58
   * (8 concurrent senders, load average 7).
   */
  const notifyQuery = { name: `notify.${schema}`, text: 'SELECT pg_notify($1, $2)' };
  const notify = notifyLatest((last) => pool.query({ ...notifyQuery, values: [channel, String(last)] }));
  const appended = (events: readonly RecordedEvent[], { last, listened }: Appended): AppendOutcome => {
    if (listened) notify(last);
    return { outcome: 'appended', events };
  };

  const settle = async (stream: StreamId, events: readonly RecordedEvent[], expectedSeq: number) => {
    for (let round = 1; round <= 100; round++) {
      const { head, existing } = await readState(
        stream,
        events.map((e) => e.id),
      );
      const plan = planAppend(stream, events, expectedSeq, head, existing);
      if (plan.kind === 'already_appended') return { outcome: 'already_appended', events: plan.events } as const;
      const last = await insert(stream, events, expectedSeq, null);
      if (last !== null) return appended(events, last);
    }
    throw new StoreError(`${where}: the append to "${stream}" lost 100 races in a row to other appends; try again`);
  };

  /** Appends that continue their head: alone while no other is in flight, else together (postgresAppendGroups.ts). */
  const fast = appendGroups<Member, Appended | null>({
    alone: (m) => insert(m.stream, m.events, m.expectedSeq, m.head, m.rows),
    together: insertGroup,
  });

  return async (stream: StreamId, events: readonly RecordedEvent[], expectedSeq: number): Promise<AppendOutcome> => {
    try {
      if (continuesHead(stream, events, expectedSeq)) {
        const rows = events.map(toRow);
        const head = rows[0]!.prev;
        if (expectedSeq === 0 || head !== null) {
          const last = await fast({ stream, size: events.length, events, expectedSeq, head, rows });
          if (last !== null) return appended(events, last);
        }
      }
      return await settle(stream, events, expectedSeq);
    } catch (error) {
      if (error instanceof PhasegateError) throw error;
      throw new StoreError(
        `${where}: the append failed: ${(error as Error).message}. ` +
          'Nothing was stored unless a retry with the same ids says so.',
        { cause: error },
      );
    }
  };
}

/**
 * True when `events` would be accepted on a stream whose head is at `expectedSeq` with the hash the batch's first
 * `prev` names (planAppend's own check); the fast path then only has to confirm that head in the database.
 */
function continuesHead(stream: StreamId, events: readonly RecordedEvent[], expectedSeq: number): boolean {
  const prev = events[0]?.prev ?? '';
  const head = expectedSeq === 0 ? null : { seq: expectedSeq, hash: prev, recordedAt: '', workflow: '' };
  try {
    return planAppend(stream, events, expectedSeq, head, new Map()).kind === 'append';
  } catch {
    return false;
  }
}

/** An append on the fast path: its events, the seq its stream's head must be at, that head's hash, its rows. */
type Member = {
  readonly stream: StreamId;
  readonly size: number;
  readonly events: readonly RecordedEvent[];
  readonly expectedSeq: number;
  readonly head: string | null;
  readonly rows: readonly EventRow[];
};

/** PostgreSQL's error codes for a unique violation and for the transaction it failed to break a deadlock. */
const uniqueViolation = '23505';
const deadlock = '40P01';

/** What the append function returned (schema 7): the last position it stored, negated when a subscription listens. */
type Appended = { readonly last: number; readonly listened: boolean };

/** What the append function stored, from its value as text, or null when it stored nothing. */
function lastOf(last: string | null): Appended | null {
  if (last === null) return null;
  const position = Number(last);
  return position < 0 ? { last: -position, listened: true } : { last: position, listened: false };
}
