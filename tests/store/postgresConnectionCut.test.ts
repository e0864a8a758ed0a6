import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError, type RecordedEvent } from '../../src/index.ts';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { dropSchemas, pgUrl, uniqueSchema } from './storeFixtures.ts';

// The connection is cut (pg_terminate_backend) at a random moment of an append, also after
// COMMIT was sent, so the writer cannot know whether its batch was stored. It retries with the same event ids and
// the same expected seq; idempotency must turn every retry into exactly one stored copy. A cut that lands after the
// server committed but before the client read the reply is rare on loopback, so one batch in five also plays it
// out: its acknowledgement is dropped and the writer retries a batch that is in fact stored.
const cuts = Number(process.env.CONNECTION_CUTS ?? 200);
const batchSize = 5;
const schema = uniqueSchema('cut');
const application = `phasegate_cut_${schema}`;

afterAll(() => dropSchemas([schema]));

describe('PostgreSQL store with its connection cut mid-append', () => {
  it(`stores every intended event exactly once across ${cuts} cut connections`, async () => {
    const url = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}application_name=${application}`;
    const store = await openPostgresEventStore(url, { schema, maxConnections: 1 });
    const killer = new pg.Client({ connectionString: pgUrl });
    await killer.connect();
    const events = chainEvents(
      's',
      Array.from({ length: cuts * batchSize }, (_, i) => ({ id: `cut-${i}` })),
    );
    const figures = {
      cutsLanded: 0,
      unknownOutcomes: 0,
      committedBeforeCut: 0,
      storedOnRetry: 0,
      attempts: 0,
      acksDropped: 0,
    };
    try {
      for (let batch = 0; batch < cuts; batch++) {
        const intended = events.slice(batch * batchSize, (batch + 1) * batchSize);
        const expectedSeq = batch * batchSize;
        // cut after a random delay: before BEGIN, inside the transaction, during or just after COMMIT
        const cut = sleep(Math.random() * 4).then(() =>
          killer.query<{ cut: boolean }>(
            `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = $1`,
            [application],
          ),
        );
        let failedOnce = false;
        for (;;) {
          figures.attempts++;
          try {
            const result = await store.append('s', intended, { expectedSeq });
            if (failedOnce) figures[result.outcome === 'already_appended' ? 'committedBeforeCut' : 'storedOnRetry']++;
            if (!failedOnce && result.outcome === 'appended' && Math.random() < 0.2) {
              figures.acksDropped++;
              failedOnce = true;
              continue;
            }
            break;
          } catch (error) {
            if (!(error instanceof StoreError)) throw error; // a conflict here would be a lost or doubled batch
            if (!failedOnce) figures.unknownOutcomes++;
            failedOnce = true;
            if (figures.attempts > cuts * 20)
              throw new Error(`giving up: ${(error as Error).message}`, { cause: error });
          }
        }
        if ((await cut).rows.some((row) => row.cut)) figures.cutsLanded++;
      }

      const stored = await collect(store.readStream('s'));
      const ids = stored.map((event: RecordedEvent) => event.id);
      const lost = events.filter((event) => !ids.includes(event.id)).length;
      const duplicated = ids.length - new Set(ids).size;
      console.log(
        `postgres-connection-cut: ${JSON.stringify({ batches: cuts, batchSize, ...figures, lost, duplicated })}`,
      );
      expect(lost).toBe(0);
      expect(duplicated).toBe(0);
      expect(stored.map((event) => event.seq)).toEqual(events.map((event) => event.seq));
      expect(stored.map((event) => event.hash)).toEqual(events.map((event) => event.hash));
      expect(figures.cutsLanded).toBeGreaterThan(0); // the test cut something, or it proves nothing
      expect(figures.unknownOutcomes).toBeGreaterThan(0);
      expect(figures.committedBeforeCut).toBeGreaterThanOrEqual(figures.acksDropped);
    } finally {
      await killer.end();
      await store.close();
    }
  }, 120_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
