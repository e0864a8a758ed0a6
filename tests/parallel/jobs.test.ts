// Which walks left to the default number of jobs spread over the cores (src/parallel/jobs.ts, README "Command line",
// `--jobs`): stores from 20,000 events, JSONL logs from 8 MiB for replay, never a JSONL log for verify.
import { describe, expect, it } from 'vitest';
import { inProcessBelow, spreadsByDefault } from '../../src/parallel/jobs.ts';

describe('spreadsByDefault', () => {
  it('spreads a store of verify or replay from inProcessBelow.events, not below', () => {
    for (const command of ['verify', 'replay'] as const) {
      expect(spreadsByDefault(command, 'store', inProcessBelow.events)).toBe(true);
      expect(spreadsByDefault(command, 'store', inProcessBelow.events - 1)).toBe(false);
    }
  });

  it('spreads the replay of a JSONL log from inProcessBelow.bytes, and keeps its verify in one thread at any size', () => {
    expect(spreadsByDefault('replay', 'file', inProcessBelow.bytes)).toBe(true);
    expect(spreadsByDefault('replay', 'file', inProcessBelow.bytes - 1)).toBe(false);
    expect(spreadsByDefault('verify', 'file', inProcessBelow.bytes)).toBe(false);
    expect(spreadsByDefault('verify', 'file', 1 << 30)).toBe(false);
  });
});
