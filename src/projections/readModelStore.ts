import type { ReadModelRow } from './readModel.ts';

/** How far a read model's tables have folded the log: the last global position, under which version. */
export type ReadModelCheckpoint = { readonly position: number; readonly version: number };

/** A summary as the portfolio reads it. */
export type StoredSummary = { readonly stream: string; readonly seq: number; readonly summary: unknown };

/** What one batch of folded events changes: the streams' rows and history, and the checkpoint it moves. */
export type ReadModelCommit = {
  readonly version: number;
  /** The checkpoint position the batch was folded from; the commit is refused when the stored one differs. */
  readonly from: number;
  /** The position of the last event of the batch. */
  readonly to: number;
  /** The changed streams' rows (each stream once, its newest). */
  readonly rows: readonly ReadModelRow[];
  /** One summary per (stream, asOf) the batch reached: what `--as-of` reads. */
  readonly history: ReadonlyArray<Pick<ReadModelRow, 'stream' | 'seq' | 'asOf' | 'summary'>>;
};

/**
 * Where read models are kept, beside the events in the same store (SQLite and PostgreSQL tables; memory). Rows and
 * checkpoint change in one transaction, so a process that dies mid-batch leaves the tables at the previous batch,
 * and a restart folds on from there without counting an event twice.
 */
export interface ReadModelStore {
  /** `sqlite`, `postgres` or `memory`. */
  readonly kind: string;
  /** Returns the checkpoint of read model `name`, or null when its tables were never built. */
  checkpoint(name: string): Promise<ReadModelCheckpoint | null>;
  /** Returns the stored rows of the given streams (streams without one are left out). */
  rows(name: string, streams: readonly string[]): Promise<Map<string, ReadModelRow>>;
  /**
   * Stores a batch and moves the checkpoint from `change.from` to `change.to`, all or nothing. Returns false and
   * changes nothing when the checkpoint is no longer at `change.from` (another process folded the same events).
   */
  commit(name: string, change: ReadModelCommit): Promise<boolean>;
  /** Deletes every row of `name` and sets its checkpoint to position 0 under `version` (a rebuild starts here). */
  reset(name: string, version: number): Promise<void>;
  /**
   * Returns every stream's summary, in stream order: the newest, or with `asOf` (ms) the one of the longest prefix
   * whose events all occurred by then (streams that had not started are left out).
   */
  summaries(name: string, asOf?: number): Promise<StoredSummary[]>;
  /** Releases the connection. */
  close(): Promise<void>;
}

/** Returns read-model tables held in memory: for `memory:` stores, tests and embedding. */
export function createMemoryReadModelStore(): ReadModelStore {
  const checkpoints = new Map<string, ReadModelCheckpoint>();
  const tables = new Map<string, Map<string, ReadModelRow>>();
  const histories = new Map<string, Map<string, Map<number, StoredSummary>>>();
  const table = (name: string) => tables.get(name) ?? tables.set(name, new Map()).get(name)!;
  const history = (name: string) => histories.get(name) ?? histories.set(name, new Map()).get(name)!;
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T; // what a table would give back
  return {
    kind: 'memory',
    async checkpoint(name) {
      return checkpoints.get(name) ?? null;
    },
    async rows(name, streams) {
      const found = new Map<string, ReadModelRow>();
      for (const stream of streams) {
        const row = table(name).get(stream);
        if (row !== undefined) found.set(stream, copy(row));
      }
      return found;
    },
    async commit(name, change) {
      const current = checkpoints.get(name);
      if (current === undefined || current.position !== change.from || current.version !== change.version) return false;
      for (const row of change.rows) table(name).set(row.stream, copy(row));
      for (const h of change.history) {
        const byStream = history(name).get(h.stream) ?? history(name).set(h.stream, new Map()).get(h.stream)!;
        byStream.set(h.asOf, copy({ stream: h.stream, seq: h.seq, summary: h.summary }));
      }
      checkpoints.set(name, { position: change.to, version: change.version });
      return true;
    },
    async reset(name, version) {
      tables.delete(name);
      histories.delete(name);
      checkpoints.set(name, { position: 0, version });
    },
    async summaries(name, asOf) {
      const out: StoredSummary[] = [];
      if (asOf === undefined) {
        for (const row of table(name).values())
          out.push({ stream: row.stream, seq: row.seq, summary: copy(row.summary) });
      } else {
        for (const byStream of history(name).values()) {
          const keys = [...byStream.keys()].filter((k) => k <= asOf);
          if (keys.length > 0) out.push(copy(byStream.get(Math.max(...keys))!));
        }
      }
      return out.sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
    },
    async close() {},
  };
}
