// Readers that tail the PostgreSQL store by global position while 16 writers append, some
// holding their transaction open (pg_sleep) before COMMIT and some rolling back. Every committed event must reach
// the subscriber and the polling tailer once, in position order; no rolled-back event may reach either.
import { afterAll, describe, expect, it } from 'vitest';
import { type EventStore, type PositionedEvent } from '../../src/index.ts';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { fcSeed } from '../fcSeed.ts';
import { reportFigures, seededRandom } from './crashHarness.ts';
import { chainEvents } from './storeEvents.ts';
import { dropSchemas, pgUrl, uniqueSchema } from './storeFixtures.ts';

const schema = uniqueSchema('latecommit');
afterAll(() => dropSchemas([schema]));

const writers = 16;
const appendsPerWriter = Number(process.env.LATE_COMMIT_APPENDS ?? 15);

describe(`PostgreSQL readers vs. slow and rolled-back transactions (seed ${fcSeed})`, () => {
  it('delivers every committed event once, in position order, and nothing rolled back', async () => {
    const random = seededRandom(fcSeed);
    let slow = 0;
    let rolledBack = 0;
    let transactions = 0;
    // Every eighth transaction rolls back, and about a third of the rest hold their commit back. The writers' appends
    // arrive together, so most go in groups (one transaction each, however many appends): a rollback left to a 10%
    // draw over the 45-70 transactions a run makes came out at none once in CI.
    const beforeCommit = async (query: (sql: string, values?: readonly unknown[]) => Promise<unknown>) => {
      if (++transactions % 8 === 0) {
        rolledBack++;
        throw new Error('rolled back on purpose');
      }
      if (random() < 0.3) {
        slow++;
        await query('SELECT pg_sleep($1)', [random() * 0.04]);
      }
    };
    // Two "application servers" write; a third store reads.
    const servers = await Promise.all(
      [1, 2].map(() => openPostgresEventStore(pgUrl, { schema, maxConnections: 8, beforeCommit })),
    );
    const reader = await openPostgresEventStore(pgUrl, { schema, maxConnections: 2 });
    const delivered: PositionedEvent[] = [];
    const subscription = reader.subscribe({}, (item) => void delivered.push(item));
    const tailed: PositionedEvent[] = [];
    let tailing = true;
    const tailer = (async () => {
      while (tailing) {
        for await (const item of reader.readAll({ fromPosition: (tailed.at(-1)?.position ?? 0) + 1 }))
          tailed.push(item);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();

    const committed = new Set<string>();
    const refused = new Set<string>();
    const write = async (store: EventStore, writer: number) => {
      const stream = `w${writer}`;
      let head: { seq: number; hash: string } | null = null;
      for (let n = 0; n < appendsPerWriter; n++) {
        const size = 1 + Math.floor(random() * 3);
        const events = chainEvents(
          stream,
          Array.from({ length: size }, (_, i) => ({ id: `w${writer}-${n}-${i}` })),
          head,
        );
        try {
          await store.append(stream, events, { expectedSeq: head?.seq ?? 0 });
          for (const event of events) committed.add(event.id);
          head = { seq: events.at(-1)!.seq, hash: events.at(-1)!.hash };
        } catch (error) {
          if (!String((error as Error).message).includes('rolled back on purpose')) throw error;
          for (const event of events) refused.add(event.id);
        }
      }
    };
    await Promise.all(Array.from({ length: writers }, (_, w) => write(servers[w % 2]!, w + 1)));

    const until = Date.now() + 20_000;
    while ((delivered.length < committed.size || tailed.length < committed.size) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // anything extra (a duplicate) would show up now
    tailing = false;
    await tailer;
    await subscription.stop();
    await Promise.all([...servers, reader].map((s) => s.close()));

    const figures = (seen: PositionedEvent[]) => {
      const ids = seen.map((p) => p.event.id);
      return {
        delivered: ids.length,
        skipped: [...committed].filter((id) => !ids.includes(id)).length,
        duplicated: ids.length - new Set(ids).size,
        rolledBackDelivered: ids.filter((id) => refused.has(id)).length,
        outOfOrder: seen.filter((p, i) => i > 0 && p.position <= seen[i - 1]!.position).length,
      };
    };
    const report = {
      writers,
      appendsPerWriter,
      committedEvents: committed.size,
      rolledBackAppends: rolledBack,
      slowTransactions: slow,
      subscriber: figures(delivered),
      tailingReader: figures(tailed),
    };
    reportFigures('postgres-late-commit', report);
    expect(slow).toBeGreaterThan(0);
    expect(rolledBack).toBeGreaterThan(0);
    for (const reader of [report.subscriber, report.tailingReader]) {
      expect(reader).toEqual({
        delivered: committed.size,
        skipped: 0,
        duplicated: 0,
        rolledBackDelivered: 0,
        outOfOrder: 0,
      });
    }
  }, 120_000);
});
