import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, seedFile, tempDir } from '../support/cli.ts';

/**
 * Issue 9 §4: `phasegate streams <store>` lists the streams with their length, head, workflow version and state
 * (refusal streams marked), so nobody has to provoke an error to learn the names; `state` says how many refusals a
 * stream has and the command that shows them.
 */
const seedLength = readFileSync(seedFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '').length;
const forged = JSON.stringify({
  type: 'ProgrammeCancelled',
  occurredAt: '2012-10-10',
  actor: { id: 'sz-epb', role: 'gatekeeper' },
  data: { reason: 'x', decidedBy: ['sz-epb'] },
});

async function seededWithRefusal(location: string): Promise<void> {
  expect((await runMain(['record', location, 'lcz-shenzhen', seedFile])).code).toBe(0);
  expect((await runMain(['record', location, 'lcz-shenzhen', '-', '--record-refusals'], { stdin: forged })).code).toBe(
    3,
  );
}

describe('phasegate streams', () => {
  it.each(['lcz.db', 'lcz.jsonl'])(
    'lists every stream of %s with its length, head, version and state, the refusals marked',
    async (name) => {
      const store = join(tempDir(), name);
      await seededWithRefusal(store);
      const json = await runMain(['streams', store, '--json']);
      expect(json.code, json.stderr).toBe(0);
      const { streams } = JSON.parse(json.stdout) as { streams: Array<Record<string, unknown>> };
      expect(streams).toHaveLength(2);
      expect(streams[0]).toMatchObject({
        stream: 'lcz-shenzhen',
        events: seedLength,
        workflow: 'programme@3',
        state: 'implementation.active',
      });
      expect(streams[0]!.head).toMatch(/^[0-9a-f]{64}$/);
      expect(streams[1]).toMatchObject({
        stream: 'lcz-shenzhen.refusals',
        events: 1,
        workflow: 'phasegate-refusals@1',
        refusalsOf: 'lcz-shenzhen',
        state: '1 refusal',
      });

      const text = await runMain(['streams', store]);
      expect(text.code).toBe(0);
      const lines = text.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^stream\s+events\s+head\s+workflow\s+state$/);
      expect(lines[1]).toMatch(
        new RegExp(
          `^lcz-shenzhen\\s+${seedLength}\\s+${String(streams[0]!.head).slice(0, 12)}\\s+programme@3\\s+implementation\\.active$`,
        ),
      );
      expect(lines[2]).toMatch(
        /^lcz-shenzhen\.refusals\s+1\s+[0-9a-f]{12}\s+phasegate-refusals@1\s+refusals of lcz-shenzhen: 1 refusal$/,
      );
      expect(text.stderr).toBe(`phasegate: 2 streams in ${store}\n`);
    },
  );

  it('counts in agreement with the number, and says so when a store holds none', async () => {
    const store = join(tempDir(), 'one.jsonl');
    expect((await runMain(['record', store, 'lcz', seedFile])).code).toBe(0);
    expect((await runMain(['streams', store])).stderr).toBe(`phasegate: 1 stream in ${store}\n`);
    const missing = await runMain(['streams', join(tempDir(), 'typo.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no store at');
  });
});

describe('phasegate state and refusals', () => {
  it('says how many refusals the stream has and the command that shows them', async () => {
    const store = join(tempDir(), 'lcz.db');
    await seededWithRefusal(store);
    const state = await runMain(['state', store, 'lcz-shenzhen']);
    expect(state.stdout).toMatch(
      new RegExp(
        `^refusals\\s+1 refused proposal on record: phasegate export ${store.replace(/[.]/g, '\\.')} lcz-shenzhen\\.refusals$`,
        'm',
      ),
    );
    const shown = await runMain(['export', store, 'lcz-shenzhen.refusals']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('"type":"ProposalRefused"');
    const clean = join(tempDir(), 'clean.db');
    expect((await runMain(['record', clean, 'lcz-shenzhen', seedFile])).code).toBe(0);
    expect((await runMain(['state', clean, 'lcz-shenzhen'])).stdout).not.toMatch(/^refusals/m);
  });
});
