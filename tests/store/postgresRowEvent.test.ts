import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeProblem } from '../../src/envelope/contract.ts';
import type { RecordedEvent } from '../../src/envelope/envelope.ts';
import { compactRowEvent } from '../../src/store/postgresRowEvent.ts';
import { fromRow, toRow } from '../../src/store/postgresRows.ts';
import { fcSeed } from '../fcSeed.ts';

// The PostgreSQL store's quick judgement of a compact row (src/store/postgresRowEvent.ts) may only accept what the
// whole envelope contract accepts, and must accept every row the store writes for an envelope (else reads pay for
// both). Rows come from generated envelopes through toRow, then one part is replaced by something hostile: a value
// of another type or format, a forbidden key deep inside data or actor, a body that is not the compact array.
const text = fc.string({ unit: 'binary', maxLength: 8 });
const noForbiddenKey = (value: unknown) => !/"(__proto__|constructor)":/.test(JSON.stringify(value));
const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const eventId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const envelope = fc.record(
  {
    id: eventId,
    stream: fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/),
    seq: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    // eslint-disable-next-line no-control-regex -- an event type holds no control character: the point of the range
    type: fc.oneof(fc.constantFrom('DocumentLinked', 'GateApproved'), fc.stringMatching(/^[^"\\\u0000-\u001f]{1,64}$/)),
    schema: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    workflow: fc.oneof(fc.constant('programme@1'), fc.stringMatching(/^[A-Za-z0-9._-]{1,12}@[1-9]\d{0,8}$/)),
    occurredAt: fc.constantFrom('2011-07-02', '2011-07-02T09:00Z', '2011-07-02T09:00:00.5+08:00'),
    recordedAt: fc
      .date({ min: new Date(-62_167_219_200_000), max: new Date(253_402_300_799_999), noInvalidDate: true })
      .map((d) => d.toISOString()),
    actor: fc.record({ id: text, role: text }),
    data: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).filter(noForbiddenKey),
    hash: hex,
    prev: hex,
    causationId: fc.option(eventId, { nil: undefined }),
    correlationId: fc.option(eventId, { nil: undefined }),
    sig: fc.option(fc.record({ keyId: text, alg: fc.constant('ed25519'), value: text }), { nil: undefined }),
  },
  {
    requiredKeys: [
      'id',
      'stream',
      'seq',
      'type',
      'schema',
      'workflow',
      'occurredAt',
      'recordedAt',
      'actor',
      'hash',
      'prev',
    ],
  },
);

type Row = [stream: string, seq: number, id: string, hash: string, prev: string, recorded: string | null, body: string];

const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', 'x"y', '2011-13-45', 'programme', 'a@0', 0, -1, 1.5, 2 ** 53, null, [], {}),
  fc.constantFrom({ ['__proto__']: 1 }, { a: [{ constructor: 2 }] }, { id: 'a', role: 'b', constructor: 'c' }),
  fc.constantFrom({ keyId: 'k', alg: 'rsa', value: 'v' }, { id: 'a' }),
);
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

  it('leaves a row in the general form to the whole contract', () => {
    const row = toRow({ id: 'a', stream: 's', seq: 1, type: 'T', extra: 1 } as unknown as RecordedEvent);
    expect(row.recorded).toBeNull();
    expect(compactRowEvent('s', 1, 'a', '', '', null, row.body)).toBeNull();
  });
});
