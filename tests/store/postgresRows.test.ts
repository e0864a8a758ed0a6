import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { encodeEvent, hashEvent, type EventStore, type RecordedEvent } from '../../src/index.ts';
import { fcSeed } from '../fcSeed.ts';
import { collect } from './storeEvents.ts';
import { dropSchemas, pgUrl, uniqueSchema } from './storeFixtures.ts';

// README "Stores": the PostgreSQL store keeps each field of an event once (hash and prev as bytea, recordedAt as
// milliseconds, the rest a JSON array of values, or a JSON object for an envelope that does not fit). Whatever the
// envelope holds, it must read back as the same envelope, byte for byte in its canonical form, through every read.
const schema = uniqueSchema('rows');
let store: EventStore;
beforeAll(async () => {
  store = await openPostgresEventStore(pgUrl, { schema });
});
afterAll(async () => {
  await store.close();
  await dropSchemas([schema]);
});

// Envelopes within the envelope contract (src/envelope/contract.ts), whose free-form parts (actor, data, sig) hold
// any text and JSON: what the store has to keep byte for byte.
const text = fc.string({ unit: 'binary', maxLength: 12 });
const noForbiddenKey = (value: unknown) => !/"(__proto__|constructor)":/.test(JSON.stringify(value));
const json = fc.jsonValue({ maxDepth: 3 });
const eventId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const time = fc.oneof(
  fc
    .date({ min: new Date(-62_167_219_200_000), max: new Date(253_402_300_799_999), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-01T00:00:00.123456789Z', '2024-02-29T23:59:59.5Z'),
);
const envelope = fc.record(
  {
    // An event type holds no control character: the range excluded is the point of the pattern.
    // eslint-disable-next-line no-control-regex
    type: fc.stringMatching(/^[^"\\\u0000-\u001f]{1,64}$/),
    schema: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    workflow: fc.stringMatching(/^[A-Za-z0-9._-]{1,12}@[1-9]\d{0,8}$/),
    occurredAt: fc.constantFrom('2011-07-02', '2011-07-02T09:00Z', '2011-07-02T09:00:00.5+08:00'),
    recordedAt: time,
    actor: fc.record({ id: text, role: text }),
    data: fc.dictionary(text, json, { maxKeys: 4 }).filter(noForbiddenKey),
    causationId: fc.option(eventId, { nil: undefined }),
    correlationId: fc.option(eventId, { nil: undefined }),
    sig: fc.option(fc.record({ keyId: text, alg: fc.constant('ed25519'), value: text }), { nil: undefined }),
  },
  { requiredKeys: ['type', 'schema', 'workflow', 'occurredAt', 'recordedAt', 'actor', 'data'] },
);

describe(`PostgreSQL rows (seed ${fcSeed})`, () => {
  it('read back every envelope as it was appended: readStream, readAll, findById, head', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(envelope, { minLength: 1, maxLength: 4 }), async (specs) => {
        const stream = `s${++n}`;
        let prev = '0'.repeat(64);
        const events = specs.map((spec, i) => {
          const fields = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
          const unhashed = { ...fields, id: `${stream}-${i}`, stream, seq: i + 1, prev };
          const event = { ...unhashed, hash: hashEvent(unhashed as never) } as unknown as RecordedEvent;
          prev = event.hash;
          return event;
        });
        await store.append(stream, events, { expectedSeq: 0 });
        const read = await collect(store.readStream(stream));
        expect(read.map(encodeEvent)).toEqual(events.map(encodeEvent));
        const all = (await collect(store.readAll())).filter((p) => p.event.stream === stream);
        expect(all.map((p) => encodeEvent(p.event))).toEqual(events.map(encodeEvent));
        expect(encodeEvent((await store.findById(events[0]!.id))!)).toBe(encodeEvent(events[0]!));
        expect((await store.head(stream))?.hash).toBe(events.at(-1)!.hash);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('refuse on read a compact row given a value past its fields, naming the stream and seq', async () => {
    // An edit behind the store's back that leaves every field alone but adds to the row: the hash still matches the
    // fields, so only the row's shape betrays it, and a read must not drop the extra quietly.
    const stream = 'extra-value';
    const unhashed = {
      id: 'extra-1',
      stream,
      seq: 1,
      type: 'DocumentLinked',
      schema: 1,
      workflow: 'programme@1',
      occurredAt: '2011-07-02',
      recordedAt: '2011-07-02T00:00:00.000Z',
      actor: { id: 'nl-agency', role: 'programme_manager' },
      data: { title: 'x' },
      prev: '0'.repeat(64),
    };
    await store.append(stream, [{ ...unhashed, hash: hashEvent(unhashed) }], {
      expectedSeq: 0,
    });
    const client = new pg.Client(pgUrl);
    await client.connect();
    try {
      const altered = await client.query(
        `UPDATE "${schema}".events SET body = (body::jsonb || '[null, null, null, "tenth"]'::jsonb)::text WHERE id = 'extra-1'`,
      );
      expect(altered.rowCount).toBe(1);
    } finally {
      await client.end();
    }
    await expect(collect(store.readStream(stream))).rejects.toThrow(
      /stream "extra-value" seq 1 is not an event envelope \(its compact body must be an array of at most 9 values\)/,
    );
  });
});
