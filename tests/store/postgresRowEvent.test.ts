import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeProblem } from '../../src/envelope/contract.ts';
import type { RecordedEvent } from '../../src/envelope/envelope.ts';
import { compactRowEvent } from '../../src/store/postgresRowEvent.ts';
import { fromRow, toRow } from '../../src/store/postgresRows.ts';
import { fcSeed } from '../fcSeed.ts';
import { envelope, hex, hostileValue, text } from './envelopeArbitraries.ts';
import { chainEvents } from './storeEvents.ts';

// The PostgreSQL store's quick judgement of a compact row (src/store/postgresRowEvent.ts) may only accept what the
// whole envelope contract accepts, and must accept every row the store writes for an envelope (else reads pay for
// both). Rows come from generated envelopes through toRow, then one part is replaced by something hostile: a value
// of another type or format, a forbidden key deep inside data or actor, a body that is not the compact array.
type Row = [stream: string, seq: number, id: string, hash: string, prev: string, recorded: string | null, body: string];

/** Replaces one part of a row: a column, one element of the compact body, or the body's shape. */
const mutation = fc.oneof(
  fc.record({ column: fc.constantFrom(0, 1, 2, 3, 4, 5), value: fc.oneof(hostileValue, text, hex) }),
  fc.record({ element: fc.nat({ max: 9 }), value: hostileValue }),
  fc.record({ body: fc.oneof(text, fc.json()) }),
);

function mutate(row: Row, change: { column?: number; element?: number; body?: string; value?: unknown }): Row {
  const out = [...row] as Row;
  if (change.body !== undefined) out[6] = change.body;
  else if (change.element !== undefined) {
    const values = JSON.parse(row[6]) as unknown[];
    values[change.element] = change.value;
    out[6] = JSON.stringify(values);
  } else {
    const value = change.value;
    // Columns as the raw text rows carry them: seq a whole number, recorded the digits of a bigint or null.
    if (change.column === 1) out[1] = typeof value === 'number' && Number.isInteger(value) ? value : 0;
    else if (change.column === 5) out[5] = typeof value === 'number' && Number.isInteger(value) ? String(value) : null;
    else (out as unknown[])[change.column!] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** The whole contract's verdict on a row: the event, or null when the row is not an envelope. */
function judged(row: Row): RecordedEvent | null {
  try {
    const event = fromRow(...row);
    return envelopeProblem(event) === null ? event : null;
  } catch {
    return null;
  }
}

describe(`PostgreSQL compact rows judged quickly (seed ${fcSeed})`, () => {
  it('accepts every row the store writes, and a hostile row only when the whole contract accepts it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(envelope, fc.option(mutation, { nil: undefined })), { maxLength: 6 }), (rows) => {
        for (const [spec, change] of rows) {
          const fields = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
          const event = { data: {}, ...fields } as unknown as RecordedEvent;
          const stored = toRow(event);
          const row: Row = [
            event.stream,
            event.seq,
            event.id,
            stored.hash!,
            stored.prev!,
            String(stored.recorded),
            stored.body,
          ];
          if (change === undefined) {
            expect(compactRowEvent(...row)).toEqual(event);
            continue;
          }
          const quick = compactRowEvent(...mutate(row, change));
          if (quick !== null) expect(quick).toEqual(judged(mutate(row, change)));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('judges each repeating field again when it differs from the last value that passed', () => {
    // stream, occurredAt, type, workflow and recordedAt pass unchecked when equal to the last value that passed them:
    // a row whose value differs, right after rows that passed, is judged by the rule (and refused here), and the value
    // that passed before still passes after.
    const [event] = chainEvents('programme-1', [{ id: 'evt-1' }]) as [RecordedEvent];
    const stored = toRow(event);
    const row = (values: Partial<Record<'stream' | 'type' | 'workflow' | 'occurredAt', string>>, recorded?: string) => {
      const body = JSON.parse(stored.body) as unknown[];
      if (values.occurredAt !== undefined) body[2] = values.occurredAt;
      if (values.type !== undefined) body[4] = values.type;
      if (values.workflow !== undefined) body[5] = values.workflow;
      return compactRowEvent(
        values.stream ?? event.stream,
        1,
        event.id,
        stored.hash!,
        stored.prev!,
        recorded ?? String(stored.recorded),
        JSON.stringify(body),
      );
    };
    const refused = [
      { stream: 'no spaces' },
      { type: 'no "quotes"' },
      { workflow: 'programme' },
      { occurredAt: '2 July 2011' },
    ];
    for (const values of refused) {
      expect(row({})).toEqual(event);
      expect(row(values)).toBeNull();
      expect(row({})).toEqual(event);
    }
    // recordedAt from milliseconds a Date holds but toISOString writes with a sign and six digits (year 275760).
    expect(row({}, String(8.64e15))).toBeNull();
    expect(row({})).toEqual(event);
  });

  it('leaves a row in the general form to the whole contract', () => {
    const row = toRow({ id: 'a', stream: 's', seq: 1, type: 'T', extra: 1 } as unknown as RecordedEvent);
    expect(row.recorded).toBeNull();
    expect(compactRowEvent('s', 1, 'a', '', '', null, row.body)).toBeNull();
  });
});
