// Which walks left to the default number of jobs spread over the cores (src/parallel/jobs.ts, README "Command line",
// `--jobs`): stores from 20,000 events (a SQLite store's verify from 100,000), JSONL logs from 8 MiB for replay, never
// a JSONL log for verify.
import { describe, expect, it } from 'vitest';
import { inProcessBelow, spreadsByDefault, sqliteVerifyFrom } from '../../src/parallel/jobs.ts';

describe('spreadsByDefault', () => {
  it('spreads a store of verify or replay from inProcessBelow.events, not below', () => {
    for (const command of ['verify', 'replay'] as const) {
      expect(spreadsByDefault(command, 'store', inProcessBelow.events)).toBe(true);
      expect(spreadsByDefault(command, 'store', inProcessBelow.events - 1)).toBe(false);
    }
  });

  it('spreads the verify of a SQLite store from sqliteVerifyFrom events, above the stores threshold, and its replay from that', () => {
    expect(sqliteVerifyFrom).toBeGreaterThan(inProcessBelow.events);
    expect(spreadsByDefault('verify', 'sqlite', sqliteVerifyFrom)).toBe(true);
    expect(spreadsByDefault('verify', 'sqlite', sqliteVerifyFrom - 1)).toBe(false);
    expect(spreadsByDefault('replay', 'sqlite', inProcessBelow.events)).toBe(true);
  });

  it('spreads the replay of a JSONL log from inProcessBelow.bytes, and keeps its verify in one thread at any size', () => {
    expect(spreadsByDefault('replay', 'file', inProcessBelow.bytes)).toBe(true);
    expect(spreadsByDefault('replay', 'file', inProcessBelow.bytes - 1)).toBe(false);
    expect(spreadsByDefault('verify', 'file', inProcessBelow.bytes)).toBe(false);
    expect(spreadsByDefault('verify', 'file', 1 << 30)).toBe(false);
  });
});
