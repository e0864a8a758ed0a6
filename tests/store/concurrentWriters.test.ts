import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConcurrentWriters } from './concurrencyHarness.ts';
import { reportFigures } from './crashHarness.ts';
import { dropSchemas, pgUrl, tempDir, uniqueSchema } from './storeFixtures.ts';

const writers = Number(process.env.CONCURRENCY_WRITERS ?? 8);
const appends = Number(process.env.CONCURRENCY_APPENDS ?? 40);
const { dir, remove } = tempDir('concurrency');
const schema = uniqueSchema('concurrency');
afterAll(async () => {
  remove();
  await dropSchemas([schema]);
});

describe(`${writers} processes x ${appends} appends to one stream through the engine`, () => {
  const stores: Array<[string, string]> = [
    ['SQLite', join(dir, 'shared.db')],
    ['PostgreSQL', `${pgUrl}?schema=${schema}`],
    ['JSONL', join(dir, 'shared.jsonl')],
  ];
  it.each(stores)(
    'stores every intended event once on %s, seqs gapless, each writer in order, seen by a subscriber',
    async (_name, url) => {
      const report = await runConcurrentWriters(url, 'lcz-shenzhen', writers, appends);
      reportFigures(`concurrency-${report.store}`, report);
      expect(report).toMatchObject({
        stored: writers * appends,
        lost: 0,
        duplicated: 0,
        outOfOrder: 0,
        chainVerified: true,
      });
      expect(report.subscriber).toEqual({ delivered: writers * appends + 1, duplicated: 0, outOfOrder: 0 });
      expect(report.conflictsRetried).toBeGreaterThan(0);
    },
    10 * 60_000,
  );
});
