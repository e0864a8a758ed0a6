import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent } from '../../src/envelope/canonical.ts';
import { hashEvent, StoreError, type RecordedEvent } from '../../src/index.ts';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { verifyStore } from '../../src/entries/audit.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { dropSchemas, pgUrl, uniqueSchema } from './storeFixtures.ts';

// README "Stores": a store of schema 1 (each event the TEXT of its canonical bytes, appends serialized by one
// advisory lock) is migrated in place the first time it is opened for writing, and refused, with what to do, by a
// read-only open before that.
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

/** The tables schema 1 created (postgresSchema.ts before schema 2), verbatim. */
const schema1 = (t: string) => `
  CREATE SCHEMA IF NOT EXISTS ${t};
  CREATE TABLE IF NOT EXISTS ${t}.events (
    position    bigint  PRIMARY KEY,
    stream      text    NOT NULL,
    seq         integer NOT NULL,
    id          text    NOT NULL UNIQUE,
    body        text    NOT NULL,
    UNIQUE (stream, seq)
  );
  CREATE TABLE IF NOT EXISTS ${t}.snapshots (
    stream   text    NOT NULL,
    workflow text    NOT NULL,
    seq      integer NOT NULL,
    hash     text    NOT NULL,
    body     text    NOT NULL,
    PRIMARY KEY (stream, workflow)
  );`;

/** Events of several shapes: plain, and with links and a signature (an envelope with a member of its own is off the
 * envelope contract: no store takes or gives one, see tests/audit/envelopeContract.test.ts). */
function oldEvents(): RecordedEvent[] {
  const text = 'quote " and \u00e9 and \u0000';
  const a = chainEvents('a', [{ id: 'a1' }, { id: 'a2', data: { text } }, { id: 'a3' }]);
  const [b1] = chainEvents('b', [{ id: 'b1' }]);
  const linked = withHash({ ...b1!, causationId: 'a1', correlationId: 'c-1' });
  const signed = { ...linked, sig: { keyId: 'k1', alg: 'ed25519', value: 'c2ln' } } as RecordedEvent;
  const b = [signed, ...chainEvents('b', [{ id: 'b2' }], signed)];
  return [...a, ...b];
}

/** Returns the event hashed over what it holds now. */
function withHash(event: RecordedEvent): RecordedEvent {
  const { hash: _hash, ...unhashed } = event;
  return { ...unhashed, hash: hashEvent(unhashed) };
}

async function createSchema1Store(schema: string, events: readonly RecordedEvent[]): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(schema1(`"${schema}"`));
    // As schema 1 inserted (postgresEventStore.ts, insertRows): position, stream, seq, id, canonical bytes.
    for (const [i, e] of events.entries()) {
      const insert = `INSERT INTO "${schema}".events (position, stream, seq, id, body) VALUES ($1, $2, $3, $4, $5)`;
      await client.query(insert, [i + 1, e.stream, e.seq, e.id, encodeEvent(e)]);
    }
    const snapshot = `INSERT INTO "${schema}".snapshots VALUES ('a', 'test@1', 3, $1, '{"value":"open"}')`;
    await client.query(snapshot, [events[2]!.hash]);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL store of schema 1', () => {
  it('is refused by a read-only open, with what to do, and left as it was', async () => {
    const schema = uniqueSchema('mig_ro');
    schemas.push(schema);
    await createSchema1Store(schema, oldEvents());
    const error = await openPostgresEventStore(pgUrl, { schema, readOnly: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/has schema 1.*Open it once for writing.*to migrate it/);
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${schema}".events`);
    await client.end();
    expect(rows[0].n).toBe(oldEvents().length);
  });

  it('is migrated on open: same events, bytes, positions and snapshots; appends and verifies after', async () => {
    const schema = uniqueSchema('mig');
    schemas.push(schema);
    const events = oldEvents();
    await createSchema1Store(schema, events);
    const store = await openPostgresEventStore(pgUrl, { schema });
    try {
      const all = await collect(store.readAll());
      expect(all.map((p) => p.position)).toEqual(events.map((_, i) => i + 1));
      expect(all.map((p) => encodeEvent(p.event))).toEqual(events.map(encodeEvent));
      for (const stream of ['a', 'b']) {
        const read = await collect(store.readStream(stream));
        expect(read).toEqual(events.filter((e) => e.stream === stream));
      }
      expect(await store.findById('b1')).toEqual(events[3]);
      const snapshot = { workflow: 'test@1', seq: 3, hash: events[2]!.hash, state: { value: 'open' } };
      expect(await store.loadSnapshot('a', 'test@1')).toEqual(snapshot);
      // a retry of an event stored before the migration is still recognised
      expect((await store.append('a', [events[2]!], { expectedSeq: 2 })).outcome).toBe('already_appended');

      const next = chainEvents('a', [{ id: 'a4' }, { id: 'a5' }], { seq: 3, hash: events[2]!.hash });
      expect((await store.append('a', next, { expectedSeq: 3 })).outcome).toBe('appended');
      const after = await collect(store.readAll({ fromPosition: events.length + 1 }));
      expect(after.map((p) => p.event.id)).toEqual(['a4', 'a5']);
      expect(after[0]!.position).toBeGreaterThan(events.length);
      expect(await store.head('a')).toMatchObject({ seq: 5, hash: next[1]!.hash });
      const report = await verifyStore(store);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.events).toBe(events.length + 2);
    } finally {
      await store.close();
    }
    // opened again: nothing left to migrate, the appended events are there
    const again = await openPostgresEventStore(pgUrl, { schema, readOnly: true });
    expect((await collect(again.readStream('a'))).map((e) => e.id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    await again.close();
  });
});

describe('PostgreSQL store of schema 2 (an unreleased development layout)', () => {
  it('is refused, with what to do', async () => {
    const schema = uniqueSchema('mig2');
    schemas.push(schema);
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`${schema1(`"${schema}"`)} COMMENT ON TABLE "${schema}".events IS 'phasegate events, schema 2'`);
    await client.end();
    const error = await openPostgresEventStore(pgUrl, { schema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/schema 2.*Export it with that build.*import/);
  });
});

describe('PostgreSQL store and envelopes outside the contract', () => {
  it('refuses a non-hex hash, a member of its own or a null link, naming the field; reads back any UTC time', async () => {
    const schema = uniqueSchema('forms');
    schemas.push(schema);
    const store = await openPostgresEventStore(pgUrl, { schema });
    try {
      const [first] = chainEvents('s', [{ id: 'f1' }]);
      const odd = [
        [{ ...first!, hash: 'H'.repeat(64) }, 'hash'],
        [{ ...first!, causationId: null }, 'causationId'],
        [{ ...first!, extra: [1, { x: 2 }] }, 'extra'],
      ] as const;
      for (const [event, field] of odd) {
        const appending = store.append('s', [event as unknown as RecordedEvent], { expectedSeq: 0 });
        const error = await appending.catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'INTEGRITY' });
        expect((error as Error).message).toContain(`"${field}"`);
      }
      expect(await store.head('s')).toBeNull();
      const late = { ...chainEvents('t', [{ id: 't1' }])[0]!, recordedAt: '2024-01-01T00:00:00Z' };
      await store.append('t', [late], { expectedSeq: 0 });
      expect(await collect(store.readStream('t'))).toEqual([late]);
      expect((await collect(store.readAll())).map((p) => encodeEvent(p.event))).toEqual([encodeEvent(late)]);
    } finally {
      await store.close();
    }
  });
});
