import Database from 'better-sqlite3';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { planAppend } from './appendPlan.ts';
import type { AppendOutcome, StreamHead } from './eventStore.ts';

/** What the append needs from its store's statements. */
export type SqliteAppendContext = {
  readonly readHead: (stream: string) => StreamHead | null;
  /** Returns the stored events among `ids` (any stream), by id. */
  readonly lookUp: (ids: readonly string[]) => ReadonlyMap<string, RecordedEvent>;
  /** Inserts the batch's rows in order (src/store/sqliteEventStore.ts: several rows a statement). */
  readonly insertAll: (events: readonly RecordedEvent[]) => void;
};

/** No id of the batch stored: what the usual append assumes, and the unique index on ids checks. */
const noneStored: ReadonlyMap<string, RecordedEvent> = new Map();
/** Thrown out of an append's transaction (rolling it back) when an insert hit a unique index. */
const idStored = new Error('an id of the batch is stored already');

/**
 * Returns the SQLite store's append (README "Stores"), each call one `BEGIN IMMEDIATE` transaction. A batch that
 * continues the head it names is inserted without looking its ids up first: an id stored already fails the insert on
 * the unique index on ids, and the append is rolled back and decided again, in a new transaction, by the rules every
 * store shares (planAppend) from the head and the stored events among its ids. Anything else the rules would refuse
 * without the ids (a stale seq, a retry, a batch that does not continue the chain) is decided so in the same
 * transaction. A table without a unique index on ids alone (no phasegate schema lacks one) is always decided so.
 */
export function sqliteAppend(
  db: Database.Database,
  { readHead, lookUp, insertAll }: SqliteAppendContext,
): (stream: string, events: readonly RecordedEvent[], expectedSeq: number) => AppendOutcome {
  const decide = (stream: string, events: readonly RecordedEvent[], expectedSeq: number): AppendOutcome => {
    const existing = lookUp(events.map((event) => event.id));
    const plan = planAppend(stream, events, expectedSeq, readHead(stream), existing);
    if (plan.kind === 'already_appended') return { outcome: 'already_appended', events: plan.events };
    insertAll(events);
    return { outcome: 'appended', events };
  };
  const decideTx = db.transaction(decide);
  if (!hasUniqueIds(db)) return (stream, events, expectedSeq) => decideTx.immediate(stream, events, expectedSeq);
  const usualTx = db.transaction((stream: string, events: readonly RecordedEvent[], expectedSeq: number) => {
    try {
      planAppend(stream, events, expectedSeq, readHead(stream), noneStored);
    } catch {
      return decide(stream, events, expectedSeq); // the rules say which refusal, or that it is a retry
    }
    try {
      insertAll(events);
    } catch (error) {
      if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_CONSTRAINT')) throw idStored;
      throw error;
    }
    return { outcome: 'appended', events } as const;
  });
  return (stream, events, expectedSeq) => {
    try {
      return usualTx.immediate(stream, events, expectedSeq);
    } catch (error) {
      if (error !== idStored) throw error;
      return decideTx.immediate(stream, events, expectedSeq);
    }
  };
}

/** Whether the events table has a unique index on `id` alone. */
function hasUniqueIds(db: Database.Database): boolean {
  const indexes = db
    .prepare<[], { name: string; unique: number }>(`SELECT name, "unique" FROM pragma_index_list('events')`)
    .all();
  const columns = db.prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?)');
  return indexes.some(
    (index) =>
      index.unique === 1 &&
      columns
        .all(index.name)
        .map((c) => c.name)
        .join() === 'id',
  );
}
