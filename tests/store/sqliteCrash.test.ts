import { afterAll, describe, expect, it } from 'vitest';
import { fcSeed } from '../fcSeed.ts';
import { reportFigures, runCrashTest } from './crashHarness.ts';
import { tempDir } from './storeFixtures.ts';

const kills = Number(process.env.CRASH_KILLS ?? 200);
const { dir, remove } = tempDir('sqlite-crash');
afterAll(remove);

describe(`SQLite store under kill -9 (seed ${fcSeed})`, () => {
  it(
    `keeps every acknowledged event and a verifiable chain through ${kills} kills mid-append`,
    async () => {
      const report = await runCrashTest('sqlite', kills, fcSeed, dir);
      reportFigures('crash-sqlite', report);
      expect(report).toMatchObject({
        kills,
        acknowledgedLost: 0,
        partialBatches: 0,
        chainVerified: true,
        integrityCheck: 'ok',
      });
      expect(report.acknowledgedEvents).toBeGreaterThan(0);
      expect(report.storedEvents).toBeGreaterThanOrEqual(report.acknowledgedEvents);
    },
    15 * 60_000,
  );
});
