/**
 * The verdict of a stream rests on that stream (README "Auditing a log"): one unsigned refusal in `<stream>.refusals`
 * (a proposer whose key is registered, but who did not sign) leaves the dossier of the intact main stream intact, and
 * the refusals get a verdict, and a line, of their own, in the dossier and in `verify`'s output.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, openStore, RefusedError, type Engine } from '../../src/index.ts';
import { formatKeyRegistry, generateSigningKey, publicEntryOf } from '../../src/entries/audit.ts';
import { programmeVersions } from '../../machines/index.ts';
import { runMain } from '../support/cli.ts';
import { temporaryDirectory } from '../support/logs.ts';
import { seedProposals } from '../support/seedLog.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());
const log = dir.file('lcz.jsonl');
const keys = dir.file('keys.json');
const stream = 'lcz';

beforeAll(async () => {
  // A key registered for an organisation that records nothing in the stream, and proposes one thing that is refused.
  const key = generateSigningKey({ keyId: 'tud-1', actorId: 'tu-delft', validFrom: '2000-01-01T00:00:00Z' });
  writeFileSync(keys, formatKeyRegistry([publicEntryOf(key)]));
  const store = await openStore(log, { create: true });
  const engine: Engine = createEngine({ workflows: [...programmeVersions], store, recordRefusals: true });
  try {
    await engine.recordBatch(stream, seedProposals);
    const forged = {
      type: 'ProgrammeCancelled',
      occurredAt: '2012-06-01',
      actor: { id: 'tu-delft', role: 'gatekeeper' },
      data: { reason: 'x', decidedBy: ['tu-delft'] },
    };
    await expect(engine.record(stream, forged as never)).rejects.toBeInstanceOf(RefusedError);
  } finally {
    await engine.close();
  }
});

describe('an unsigned refusal beside an intact stream', () => {
  it('the dossier says the history is intact, and gives the refusals their own verdict line', async () => {
    const result = await runMain(['audit', log, stream, '--format', 'json', '--keys', keys]);
    expect(result.code).toBe(0);
    const dossier = JSON.parse(result.stdout) as {
      integrity: { verdict: string; refusals: string; summary: string[] };
    };
    expect(dossier.integrity.verdict).toBe('intact');
    expect(dossier.integrity.refusals).toBe('not intact');
    expect(dossier.integrity.summary[0]).toMatch(/^Verdict: the history of "lcz" is intact/);
    const refusals = dossier.integrity.summary.filter((line) => line.startsWith('Refusals'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/NOT intact \(unsigned at seq 1/);
    expect(dossier.integrity.summary.filter((line) => line.includes('NOT intact'))).toEqual(refusals);
  });

  it('the Markdown dossier reads the same way, and audit says the refusals stream is not intact on its own', async () => {
    const out = dir.file('lcz.md');
    const result = await runMain(['audit', log, stream, '--format', 'md', '-o', out, '--keys', keys]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('the history is NOT intact');
    expect(result.stderr).toContain('its refusals stream is NOT intact');
  });

  it("verify prints the refusals' verdict on its own line", async () => {
    const result = await runMain(['verify', log, '--keys', keys]);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^verified [\d,]+ events in 1 stream: intact$/));
    expect(lines.at(-1)).toMatch(/^refusals: 1 of 1 refusals stream failed verification/);
    expect(result.code).toBe(4);
  });
});
