import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { describeEventStoreContract } from './eventStoreContract.ts';
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
});
