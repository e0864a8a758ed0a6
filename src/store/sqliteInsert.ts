import type Database from 'better-sqlite3';
import { encodeEvent } from '../envelope/canonical.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';

/**
 * Rows per INSERT statement, largest first. A batch goes in as few multi-row statements as these sizes allow (100
 * events: 64 + 16 + 16 + 4), which costs about a third less than one statement per row; four prepared statements
 * serve every batch size.
 */
const rowsPerStatement = [64, 16, 4, 1] as const;

/**
 * Returns how the SQLite store inserts a batch's rows, in order, inside the caller's transaction. Databases made
 * before the `type` column was dropped (nothing read it: the type is in the body) still have it, NOT NULL, so their
 * rows get it filled in.
 */
export function eventInserter(db: Database.Database): (events: readonly RecordedEvent[]) => void {
  const hasType = db.prepare(`SELECT 1 FROM pragma_table_info('events') WHERE name = 'type'`).get() !== undefined;
  const columns = ['stream', 'seq', 'id', ...(hasType ? ['type'] : []), 'workflow', 'recorded_at', 'hash', 'body'];
  const row = `(${columns.map(() => '?').join(', ')})`;
  const statements = rowsPerStatement.map((rows) =>
    db.prepare(
      `INSERT INTO events (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`,
    ),
  );
  return (events) => {
    let at = 0;
    rowsPerStatement.forEach((rows, index) => {
      for (; events.length - at >= rows; at += rows) {
        const values: unknown[] = [];
        for (let i = at; i < at + rows; i++) {
          const e = events[i]!;
          if (hasType) values.push(e.stream, e.seq, e.id, e.type, e.workflow, e.recordedAt, e.hash, encodeEvent(e));
          else values.push(e.stream, e.seq, e.id, e.workflow, e.recordedAt, e.hash, encodeEvent(e));
        }
        statements[index]!.run(values);
      }
    });
  };
}
