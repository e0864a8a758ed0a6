import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { IntegrityError } from '../../src/errors.ts';
import { describeEventStoreContract } from './eventStoreContract.ts';
import { encodeEvent } from '../../src/envelope/canonical.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { dropSchemas, pgUrl, postgresFixture, uniqueSchema } from './storeFixtures.ts';

describeEventStoreContract(postgresFixture());

describe('PostgreSQL store reading a tampered table', () => {
  it('shows rows deleted from a stream as gaps to the reader, and reads on past them', async () => {
    const schema = uniqueSchema('gap');
    const store = await openPostgresEventStore(pgUrl, { schema });
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      await store.append(
        's',
        chainEvents(
          's',
          Array.from({ length: 12_000 }, (_, i) => ({ id: `g${i}` })),
        ),
        { expectedSeq: 0 },
      );
      const stream = `(SELECT no FROM "${schema}".streams WHERE name = 's')`;
      await client.query(`DELETE FROM "${schema}".events WHERE stream = ${stream} AND seq IN (5000, 5001, 11999)`);
      const seqs = (await collect(store.readStream('s'))).map((e) => e.seq);
      expect(seqs.length).toBe(12_000 - 3);
      expect(seqs.slice(4997, 5000)).toEqual([4998, 4999, 5002]);
      expect(seqs.at(-1)).toBe(12_000);
      expect((await collect(store.readAll({ fromPosition: 4999 }))).map((p) => p.position).slice(0, 3)).toEqual([
        4999, 5002, 5003,
      ]);
    } finally {
      await client.end();
      await store.close();
      await dropSchemas([schema]);
    }
  });
  // A readStream page leaves out seq, prev and recorded where the row before makes them certain
  // (src/store/postgresStreamPage.ts): what is read is still what is stored, row by row.
  it('reads seq, prev and recorded as stored where a row differs from the one before, and fails on a prev set to NULL', async () => {
    const schema = uniqueSchema('rel');
    const store = await openPostgresEventStore(pgUrl, { schema });
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const events = chainEvents(
        's',
        Array.from({ length: 40 }, (_, i) => ({ id: `r${i}` })),
      );
      await store.append('s', events, { expectedSeq: 0 });
      expect(await collect(store.readStream('s'))).toEqual(events);
      const row = (seq: number) => `stream = (SELECT no FROM "${schema}".streams WHERE name = 's') AND seq = ${seq}`;
      await client.query(
        `UPDATE "${schema}".events SET prev = (SELECT hash FROM "${schema}".events WHERE ${row(3)}) WHERE ${row(12)}`,
      );
      await client.query(`UPDATE "${schema}".events SET recorded = recorded + 1 WHERE ${row(15)}`);
      await client.query(`UPDATE "${schema}".events SET seq = 45 WHERE ${row(20)}`);
      await client.query(`DELETE FROM "${schema}".events WHERE ${row(21)} OR ${row(31)}`);
      const read = await collect(store.readStream('s', { fromSeq: 2 }));
      const expected = events.slice(1).filter((e) => e.seq !== 20 && e.seq !== 21 && e.seq !== 31);
      expected.push({ ...events[19]!, seq: 45 });
      expected[expected.findIndex((e) => e.seq === 12)] = { ...events[11]!, prev: events[2]!.hash };
      expected[expected.findIndex((e) => e.seq === 15)] = { ...events[14]!, recordedAt: '2024-01-01T00:00:00.001Z' };
      expect(read).toEqual(expected);
      await client.query(`UPDATE "${schema}".events SET prev = NULL WHERE ${row(10)}`);
      await expect(collect(store.readStream('s'))).rejects.toThrow(/seq 10\b/);
      await expect(collect(store.readStream('s'))).rejects.toThrow(IntegrityError);
    } finally {
      await client.end();
      await store.close();
      await dropSchemas([schema]);
    }
  });
});

describe('PostgreSQL store reading all streams', () => {
  // A row carries its stream's name and its position only where they change (postgresEventStore.ts `readAll`): across
  // pages, gaps and interleaved streams every event still comes with its own stream and position.
  it('gives each event its own stream and position across pages, gaps and interleaved streams', async () => {
    const schema = uniqueSchema('all');
    const store = await openPostgresEventStore(pgUrl, { schema });
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const heads = new Map<string, { seq: number; hash: string }>();
      for (let round = 0; round < 40; round++) {
        for (const [stream, size] of [
          ['a', 1],
          ['b', 3],
          ['c', 300],
        ] as const) {
          const events = chainEvents(
            stream,
            Array.from({ length: size }, (_, i) => ({ id: `${stream}${round}-${i}` })),
            heads.get(stream) ?? null,
          );
          await store.append(stream, events, { expectedSeq: heads.get(stream)?.seq ?? 0 });
          heads.set(stream, { seq: events.at(-1)!.seq, hash: events.at(-1)!.hash });
        }
      }
      // Gaps: on a page's first and last row, and a run of them inside a stream's batch.
      await client.query(`DELETE FROM "${schema}".events WHERE position IN (5000, 5001, 10001, 7000, 7001, 7002)`);
      const { rows } = await client.query<{ position: string; name: string; seq: number }>(
        `SELECT e.position, s.name, e.seq FROM "${schema}".events e JOIN "${schema}".streams s ON s.no = e.stream ` +
          'ORDER BY e.position',
      );
      const expected = rows.map((r) => `${r.position} ${r.name} ${r.seq}`);
      expect(expected.length).toBe(40 * 304 - 6);
      const all = await collect(store.readAll());
      expect(all.map((p) => `${p.position} ${p.event.stream} ${p.event.seq}`)).toEqual(expected);
      const from = await collect(store.readAll({ fromPosition: 5000 }));
      expect(from.map((p) => `${p.position} ${p.event.stream} ${p.event.seq}`)).toEqual(
        expected.filter((line) => Number(line.split(' ')[0]) >= 5000),
      );
      // A row whose stream number names no stream is reported, not read as the row before's stream.
      await client.query(`UPDATE "${schema}".events SET stream = 999 WHERE position = 6000`);
      const read = collect(store.readAll());
      await expect(read).rejects.toBeInstanceOf(IntegrityError);
      await expect(read).rejects.toThrow(/the event at position 6000 belongs to stream number 999, which the store's/);
    } finally {
      await client.end();
      await store.close();
      await dropSchemas([schema]);
    }
  });
});

describe('PostgreSQL store keeping what array literals would mangle', () => {
  // An append sends its ids and bodies as text[] parameters: whatever quoting or NULL a literal would need, every
  // value comes back as appended, byte for byte.
  it('reads back ids and bodies that spell NULL, braces, commas, quotes, backslashes and other scripts', async () => {
    const schema = uniqueSchema('literal');
    const store = await openPostgresEventStore(pgUrl, { schema });
    try {
      const odd = ['NULL', 'null', '', '{}', '{a,b}', 'a,b', '"', '\\', '\\"', ' ', '\n\t', 'é😀𝄞', '\u0001'];
      const events = chainEvents('s', [
        { id: 'NULL', data: Object.fromEntries(odd.map((value, i) => [`k${i}${value}`, value])) },
        { id: 'null', type: 'a,b{}NULL é', data: { list: odd } },
        { id: 'x', data: {} },
      ]);
      await store.append('s', events, { expectedSeq: 0 });
      expect((await collect(store.readStream('s'))).map(encodeEvent)).toEqual(events.map(encodeEvent));
      expect(encodeEvent((await store.findById('NULL'))!)).toBe(encodeEvent(events[0]!));
    } finally {
      await store.close();
      await dropSchemas([schema]);
    }
  });
});

describe('PostgreSQL store waking subscribers', () => {
  it('wakes a subscriber that never polls for the last of many concurrent appends', async () => {
    const schema = uniqueSchema('wake');
    const writer = await openPostgresEventStore(pgUrl, { schema, maxConnections: 8 });
    // Ten minutes between polls: only a NOTIFY can bring the events in while the test runs.
    const reader = await openPostgresEventStore(pgUrl, { schema, pollMs: 600_000 });
    const delivered: string[] = [];
    let wakeUp = () => {};
    const subscription = reader.subscribe({}, (item) => {
      delivered.push(item.event.id);
      wakeUp();
    });
    try {
      const streams = 8;
      const appends = 25;
      await Promise.all(
        Array.from({ length: streams }, async (_, w) => {
          const events = chainEvents(
            `s${w}`,
            Array.from({ length: appends }, (_, n) => ({ id: `w${w}-${n}` })),
          );
          for (const event of events) await writer.append(event.stream, [event], { expectedSeq: event.seq - 1 });
        }),
      );
      // Bounded by the test's own timeout, not by a timer here: the last wake must arrive.
      while (delivered.length < streams * appends) await new Promise<void>((resolve) => (wakeUp = resolve));
      expect(new Set(delivered).size).toBe(streams * appends);
    } finally {
      await subscription.stop();
      await reader.close();
      await writer.close();
      await dropSchemas([schema]);
    }
  });
});
