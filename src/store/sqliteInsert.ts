import type Database from 'better-sqlite3';
import { encodeEvent } from '../envelope/canonical.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';

/** Rows one multi-row INSERT writes: each `run` costs about 0.6 µs of its own (docs/performance.md, SQLite). */
const rowsPerInsert = 16;
const insertInto = 'INSERT INTO events (stream, seq, id, workflow, recorded_at, hash, body) VALUES ';
/** A row whose seven values are bound one by one. */
const ownRow = '(?, ?, ?, ?, ?, ?, ?)';
/**
 * The `j`th row of a run that shares its stream, workflow and time of recording, its seq the run's first plus `j`:
 * those are bound once a statement (named), the id, hash and body of each row by place.
 */
const sharedRow = (j: number) => `(@stream, @seq + ${j}, ?, @workflow, @recordedAt, ?, ?)`;

/**
 * Returns how to insert a batch's event rows, in order: 16 rows a statement while 16 are left, then one a statement.
 * Sixteen events of one stream with consecutive seqs, one workflow and one `recordedAt` (what an append's batch is:
 * the rules have checked the first two, and the engine records a batch at one time) take the statement that binds
 * those four once, not sixteen times: a bound string costs better-sqlite3 a UTF-8 copy and SQLite another
 * (docs/performance.md, "SQLite appends and reads against Emmett"); any other run binds every value of every row.
 * A row that breaks a unique index fails its statement, and the append's transaction rolls back as a whole.
 */
export function insertStatement(db: Database.Database): (events: readonly RecordedEvent[]) => void {
  const one = db.prepare(insertInto + ownRow);
  const many = db.prepare(insertInto + Array.from({ length: rowsPerInsert }, () => ownRow).join(', '));
  const shared = db.prepare(insertInto + Array.from({ length: rowsPerInsert }, (_, j) => sharedRow(j)).join(', '));
  const values = new Array<unknown>(7 * rowsPerInsert);
  const own = new Array<unknown>(3 * rowsPerInsert);
  const common = { stream: '', seq: 0, workflow: '', recordedAt: '' };
  return (events) => {
    let i = 0;
    for (; i + rowsPerInsert <= events.length; i += rowsPerInsert) {
      const first = events[i]!;
      const { stream, seq, workflow, recordedAt } = first;
      // How many of the 16 share the first one's stream, workflow and time, their seqs following on from its.
      let alike = 0;
      for (; alike < rowsPerInsert; alike++) {
        const e = events[i + alike]!;
        if (e.stream !== stream || e.seq !== seq + alike || e.workflow !== workflow || e.recordedAt !== recordedAt) {
          break;
        }
      }
      if (alike === rowsPerInsert) {
        for (let j = 0, k = 0; j < rowsPerInsert; j++) {
          const e = events[i + j]!;
          own[k++] = e.id;
          own[k++] = e.hash;
          own[k++] = encodeEvent(e);
        }
        common.stream = stream;
        common.seq = seq;
        common.workflow = workflow;
        common.recordedAt = recordedAt;
        shared.run(own, common);
        continue;
      }
      for (let j = 0, k = 0; j < rowsPerInsert; j++) {
        const e = events[i + j]!;
        values[k++] = e.stream;
        values[k++] = e.seq;
        values[k++] = e.id;
        values[k++] = e.workflow;
        values[k++] = e.recordedAt;
        values[k++] = e.hash;
        values[k++] = encodeEvent(e);
      }
      many.run(values);
    }
    for (; i < events.length; i++) {
      const e = events[i]!;
      one.run(e.stream, e.seq, e.id, e.workflow, e.recordedAt, e.hash, encodeEvent(e));
    }
  };
}
