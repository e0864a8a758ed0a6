import Database from 'better-sqlite3';
import { PhasegateError, StoreError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { StreamId } from '../ids.ts';
import { decodeStoredEvent, decodeStoredRecord, quickStoredEvent } from './storedEvent.ts';
import type { AppendOutcome, EventStore, StoredSnapshot, StreamHead } from './eventStore.ts';
import { pulledAll, pulledIterable } from './pulledIterable.ts';
import { sqliteAppend } from './sqliteAppend.ts';
import { insertStatement } from './sqliteInsert.ts';
import { openReadOnly, openWritable } from './sqliteOpen.ts';
import { createOrMigrate } from './sqliteSchema.ts';
import { registerStoredRows } from './sqliteRows.ts';
import { createChangeSignal, tailStore, watchSignal } from './subscription.ts';

/** How many rows a streaming read fetches at a time. */
const pageSize = 1000;

/** Options of the SQLite store. */
export type SqliteStoreOptions = {
  /** How long a writer waits for another process's write lock before failing, in ms. @defaultValue 5000 */
  readonly busyTimeoutMs?: number;
  /** How often a subscription looks for events other processes committed, in ms. @defaultValue 100 */
  readonly pollMs?: number;
  /**
   * Open an existing store for reading only (SQLite's read-only mode): no schema is created or changed, `append`
   * throws a {@link StoreError}, `saveSnapshot` does nothing (a snapshot is only a cache). @defaultValue false
   */
  readonly readOnly?: boolean;
};

/**
 * Returns the embedded SQLite store (better-sqlite3): WAL with `synchronous=FULL`, `UNIQUE(stream, seq)` and a
 * unique `id`, every append one `BEGIN IMMEDIATE` transaction. Several processes may share one file.
 * Throws {@link StoreError} when the file cannot be opened as a phasegate store.
 */
export async function openSqliteEventStore(path: string, storeOptions: SqliteStoreOptions = {}): Promise<EventStore> {
  const readOnly = storeOptions.readOnly ?? false;
  let db: Database.Database | undefined;
  let cleanup = (): void => {};
  let q: ReturnType<typeof statements>;
  try {
    if (readOnly) {
      ({ db, cleanup } = openReadOnly(path));
      db.pragma(`busy_timeout = ${storeOptions.busyTimeoutMs ?? 5000}`);
    } else {
      const writable = openWritable(path).db;
      db = writable;
      db.pragma(`busy_timeout = ${storeOptions.busyTimeoutMs ?? 5000}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      createOrMigrate(writable);
    }
    q = statements(db);
  } catch (error) {
    db?.close(); // never leave the file open (and its locks held) behind a failed open
    cleanup();
    if (error instanceof PhasegateError) throw error;
    const code = (error as { code?: string }).code;
    const hint =
      readOnly && code === 'SQLITE_CANTOPEN'
        ? 'A read-only open of a WAL database still needs its -wal and -shm files, or a directory where SQLite can ' +
          'create them: make the directory writable, or read a copy of the file.'
        : code === 'SQLITE_FULL' || code?.startsWith('SQLITE_IOERR')
          ? 'The disk may be full: the store was left as it was (its schema is made or migrated in one ' +
            'transaction); free space and open it again.'
          : 'Check the path, its permissions, and that it is a phasegate SQLite file.';
    throw new StoreError(
      `Cannot open "${path}" as a SQLite store${readOnly ? ' (read-only)' : ''}: ${(error as Error).message}. ${hint}`,
      {
        cause: error,
      },
    );
  }
  const open = db;
  const readHead = (stream: string): StreamHead | null => {
    const row = q.head.get(stream);
    return row ? { seq: row[0], hash: row[1], recordedAt: row[2], workflow: row[3] } : null;
  };
  const append = sqliteAppend(open, {
    readHead,
    lookUp: (ids) => {
      // One query for the whole batch's ids (idempotency), not one per event.
      const found = ids.length === 1 ? q.byId.all(ids[0]!) : q.byIds.all(JSON.stringify(ids));
      return new Map(found.map((row) => [row.id, parseRow(path, row)]));
    },
    insertAll: q.insert,
  });

  const changes = createChangeSignal();
  const store: EventStore = {
    kind: 'sqlite',
    location: path,
    async append(stream, events, { expectedSeq }): Promise<AppendOutcome> {
      if (readOnly)
        throw new StoreError(`SQLite store "${path}" was opened read-only; open it without readOnly to append`);
      const outcome = wrapDriverError(path, () => append(stream, events, expectedSeq));
      if (outcome.outcome === 'appended') changes.notify();
      return outcome;
    },
    subscribe(options, handler) {
      return tailStore(
        { readAll: (o) => store.readAll(o), watch: watchSignal(changes), pollMs: storeOptions.pollMs ?? 100 },
        options,
        handler,
      );
    },
    readStream(stream, range = {}) {
      const to = range.toSeq ?? Number.MAX_SAFE_INTEGER;
      const location = storeName(path);
      // A page is its bodies alone (no array per row): the rows of seqs from `start` up to, not including, `start +
      // pageSize`, so that pages tile the seqs and no row is left between two. A full page (a stream's seqs have no gaps
      // unless rows were taken out behind the store's back) is followed by the next range at once, with no query for
      // where it ended (about 2% of a 100k-event read, docs/performance.md "SQLite appends and reads against Emmett");
      // any other, by the next stored seq, if there is one. A row's seq is looked up only to name a body that fails.
      const pageFrom = (start: number) => wrapDriverError(path, () => q.page.all(stream, start, start + pageSize, to));
      const seqAt = (start: number, offset: number) =>
        wrapDriverError(path, () => q.seqAt.get(stream, start, to, offset)!);
      return pulledIterable(() => {
        let start = Math.max(1, range.fromSeq ?? 1);
        let bodies: string[] = pageFrom(start);
        let i = 0;
        return () => {
          while (i === bodies.length) {
            const bound = start + pageSize;
            if (bound > to) return pulledAll;
            const next =
              bodies.length === pageSize ? bound : wrapDriverError(path, () => q.seqAt.get(stream, bound, to, 0));
            if (next === undefined) return pulledAll;
            start = next;
            bodies = pageFrom(start);
            i = 0;
          }
          const body = bodies[i]!;
          const at = i++;
          return quickStoredEvent(body) ?? decodeStoredEvent(body, { location, stream, seq: seqAt(start, at) });
        };
      });
    },
    readAll(options = {}) {
      const location = storeName(path);
      return pulledIterable(() => {
        let rows = wrapDriverError(path, () => q.allPage.all(Math.max(1, options.fromPosition ?? 1), pageSize));
        let i = 0;
        return () => {
          if (i === rows.length) {
            if (rows.length < pageSize) return pulledAll;
            const from = rows.at(-1)![1] + 1;
            rows = wrapDriverError(path, () => q.allPage.all(from, pageSize));
            i = 0;
            if (rows.length === 0) return pulledAll;
          }
          const row = rows[i++]!;
          return { position: row[1], event: decodeStoredRecord(row[0], location, row[2], row[3]) };
        };
      });
    },
    async head(stream) {
      return wrapDriverError(path, () => readHead(stream));
    },
    async findById(id) {
      const row = wrapDriverError(path, () => q.byId.get(id));
      return row ? parseRow(path, row) : null;
    },
    async listStreams(): Promise<StreamId[]> {
      return wrapDriverError(path, () => q.streams.all().map((row) => row.stream));
    },
    async loadSnapshot(stream, workflow): Promise<StoredSnapshot | null> {
      const row = wrapDriverError(path, () => q.loadSnapshot.get(stream, workflow));
      return row ? { workflow, seq: row.seq, hash: row.hash, state: JSON.parse(row.body) } : null;
    },
    async saveSnapshot(stream, snapshot) {
      if (readOnly) return; // a snapshot is a cache: a reader goes without
      wrapDriverError(path, () =>
        q.saveSnapshot.run(stream, snapshot.workflow, snapshot.seq, snapshot.hash, JSON.stringify(snapshot.state)),
      );
    },
    async close() {
      if (open.open) open.close();
      cleanup();
    },
  };
  registerStoredRows(store, open, storeName(path), (run) => wrapDriverError(path, run));
  return store;
}

/** An event row as read back: its canonical bytes and where it says it stands. */
type Row = { readonly body: string; readonly stream: string; readonly seq: number };

/**
 * Returns the event a row holds, by the envelope contract. A body that is not an envelope (a row altered behind the
 * store's back) is an `IntegrityError` naming the stream and seq (exit 4 in the CLI), as a malformed JSONL line is.
 */
function parseRow(path: string, row: Row): RecordedEvent {
  return decodeStoredEvent(row.body, { location: storeName(path), stream: row.stream, seq: row.seq });
}

/** The store as messages name it. */
const storeName = (path: string) => `SQLite store "${path}"`;

/** Returns the store's prepared statements. */
function statements(db: Database.Database) {
  return {
    // Every append reads its stream's head: an array (raw mode) costs 0.35 of the query's 4.1 us less than an object.
    head: db
      .prepare<[string], [seq: number, hash: string, recordedAt: string, workflow: string]>(
        'SELECT seq, hash, recorded_at, workflow FROM events WHERE stream = ? ORDER BY seq DESC LIMIT 1',
      )
      .raw(),
    byId: db.prepare<[string], Row & { id: string }>('SELECT id, body, stream, seq FROM events WHERE id = ?'),
    byIds: db.prepare<[string], Row & { id: string }>(
      'SELECT id, body, stream, seq FROM events WHERE id IN (SELECT value FROM json_each(?))',
    ),
    insert: insertStatement(db),
    // Pages come back as bodies (pluck) or [body, position, ...] arrays (raw mode): no object per row.
    page: db
      .prepare<[string, number, number, number], string>(
        'SELECT body FROM events WHERE stream = ? AND seq >= ? AND seq < ? AND seq <= ? ORDER BY seq',
      )
      .pluck(),
    seqAt: db
      .prepare<[string, number, number, number], number>(
        'SELECT seq FROM events WHERE stream = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT 1 OFFSET ?',
      )
      .pluck(),
    allPage: db
      .prepare<[number, number], [string, number, string, number]>(
        'SELECT body, position, stream, seq FROM events WHERE position >= ? ORDER BY position LIMIT ?',
      )
      .raw(),
    // Each stream name is found by one seek in the (stream, seq) index, from the one before: a DISTINCT scanned the
    // whole index, every event (16-25 ms for 1,000 streams of 500 events against 1 ms; docs/performance.md).
    streams: db.prepare<[], { stream: string }>(
      `WITH RECURSIVE names(stream) AS (
         SELECT (SELECT min(stream) FROM events)
         UNION ALL SELECT (SELECT min(stream) FROM events WHERE stream > names.stream) FROM names
         WHERE names.stream IS NOT NULL)
       SELECT stream FROM names WHERE stream IS NOT NULL`,
    ),
    loadSnapshot: db.prepare<[string, string], { seq: number; hash: string; body: string }>(
      'SELECT seq, hash, body FROM snapshots WHERE stream = ? AND workflow = ?',
    ),
    saveSnapshot: db.prepare(
      'INSERT INTO snapshots (stream, workflow, seq, hash, body) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (stream, workflow) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, body = excluded.body',
    ),
  };
}

/** Runs a driver call; phasegate's own errors pass through, driver errors become a {@link StoreError}. */
function wrapDriverError<TResult>(path: string, run: () => TResult): TResult {
  try {
    return run();
  } catch (error) {
    if (error instanceof Database.SqliteError) {
      const code = error.code;
      const hint =
        code === 'SQLITE_BUSY'
          ? 'stayed locked by another writer past the busy timeout; try again'
          : code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')
            ? `failed: ${error.message} (${code}). The disk may be full, or the file too large for its limits. ` +
              'Nothing was acknowledged (a batch is stored whole or not at all; a retry with the same ids tells ' +
              'which): free space, or check the disk, and try again'
            : `failed: ${error.message}`;
      throw new StoreError(`SQLite store "${path}" ${hint}`, { cause: error });
    }
    throw error;
  }
}
