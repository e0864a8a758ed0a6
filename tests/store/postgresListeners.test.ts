import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { chainEvents } from './storeEvents.ts';
import { dropSchemas, pgUrl, sql, uniqueSchema } from './storeFixtures.ts';

// README "Stores": an append sends its NOTIFY only while a subscription listens on the store (schema 6); a
// subscription that starts while an append that found none is committing waits for it before its first read.
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

describe('PostgreSQL store NOTIFY', () => {
  it('is not sent while no subscription listens, and is sent after appends while one does', async () => {
    const schema = uniqueSchema('notify');
    schemas.push(schema);
    const writer = await openPostgresEventStore(pgUrl, { schema });
    const reader = await openPostgresEventStore(pgUrl, { schema, pollMs: 600_000 });
    // A bare LISTEN on the store's channel (no subscription): hears what the appends send.
    const ear = new pg.Client({ connectionString: pgUrl });
    await ear.connect();
    let heard = 0;
    ear.on('notification', () => heard++);
    await ear.query(`LISTEN "phasegate_${schema}"`);
    try {
      const events = chainEvents(
        's',
        Array.from({ length: 10 }, (_, n) => ({ id: `e${n}` })),
      );
      for (const event of events.slice(0, 5)) await writer.append('s', [event], { expectedSeq: event.seq - 1 });
      await ear.query('SELECT 1'); // a round trip after the appends: a NOTIFY sent by then has arrived
      expect(heard).toBe(0);

      const delivered: string[] = [];
      let wakeUp = () => {};
      const subscription = reader.subscribe({}, (item) => {
        delivered.push(item.event.id);
        wakeUp();
      });
      while (delivered.length < 5) await new Promise<void>((resolve) => (wakeUp = resolve));
      for (const event of events.slice(5)) await writer.append('s', [event], { expectedSeq: event.seq - 1 });
      // Ten minutes between polls: only a NOTIFY brings the rest in while the test runs.
      while (delivered.length < 10) await new Promise<void>((resolve) => (wakeUp = resolve));
      expect(delivered).toEqual(events.map((e) => e.id));
      expect(heard).toBeGreaterThan(0);

      await subscription.stop();
      // A round trip first: the NOTIFYs of the appends above may still be on their way to `ear` (the subscription,
      // on its own connection, can have heard them first), and each must count before `after`, not after it.
      await ear.query('SELECT 1');
      const after = heard;
      const last = chainEvents('t', [{ id: 't1' }]);
      await writer.append('t', last, { expectedSeq: 0 });
      await ear.query('SELECT 1');
      expect(heard).toBe(after);
    } finally {
      await ear.end();
      await reader.close();
      await writer.close();
    }
  });

  it('a subscription that starts while an append that sent none is committing still delivers it without polling', async () => {
    const schema = uniqueSchema('notify_race');
    schemas.push(schema);
    let entered = () => {};
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // The append has run the store's function (and found no subscription) when this hook runs, before COMMIT.
    const writer = await openPostgresEventStore(pgUrl, {
      schema,
      beforeCommit: async () => {
        entered();
        await released;
      },
    });
    const reader = await openPostgresEventStore(pgUrl, { schema, pollMs: 600_000 });
    try {
      const [event] = chainEvents('s', [{ id: 'late' }]);
      const appending = writer.append('s', [event!], { expectedSeq: 0 });
      await inside;
      const delivered: string[] = [];
      let wakeUp = () => {};
      const subscription = reader.subscribe({}, (item) => {
        delivered.push(item.event.id);
        wakeUp();
      });
      // Let the subscription's listener reach the store's listener locks (it waits there for the append) before the
      // append commits; up to 5 s, then the commit goes ahead anyway.
      for (let i = 0; i < 500; i++) {
        const [row] = await sql<{ waiting: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND ` +
            `classid::bigint = (hashtext('phasegate.listeners.${schema}')::bigint & 4294967295)) AS waiting`,
        );
        if (row!.waiting) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      release();
      expect((await appending).outcome).toBe('appended');
      // Ten minutes between polls: the event must come with the subscription's first read.
      while (delivered.length < 1) await new Promise<void>((resolve) => (wakeUp = resolve));
      expect(delivered).toEqual(['late']);
      await subscription.stop();
    } finally {
      release();
      await reader.close();
      await writer.close();
    }
  });
});
