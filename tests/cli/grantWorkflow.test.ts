/**
 * The CLI runs any workflow: every command on the grant example (examples/grant), a workflow of a second kind, loaded
 * with --workflows or from a phasegate.config file, as its own process (the built dist/, as a user runs it).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, runCli, tempDir } from '../support/cli.ts';
import { freePort } from '../support/freePort.ts';

const grantModule = fileURLToPath(new URL('../../dist/examples/grant/grantWorkflow.js', import.meta.url));
const applicationFile = fileURLToPath(new URL('../../examples/grant/grant-application.jsonl', import.meta.url));
const exampleDir = fileURLToPath(new URL('../../examples/grant/', import.meta.url));
const withGrant = ['--workflows', grantModule];
const proposal = (type: string, actor: [string, string], data: object, occurredAt = '2026-04-01') =>
  JSON.stringify({ type, occurredAt, actor: { id: actor[0], role: actor[1] }, data });

let dir: string;
let db: string;
const events = readFileSync(applicationFile, 'utf8').trim().split('\n').length;

beforeAll(async () => {
  dir = tempDir();
  db = join(dir, 'grants.db');
  expect(await runCli(['record', db, 'westwijk-solar', applicationFile, ...withGrant])).toMatchObject({
    code: 0,
    stderr: '',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI on a workflow of its own (examples/grant)', () => {
  it("record: a file of proposals is one batch under the module's newest version", async () => {
    const other = join(dir, 'record.db');
    const run = await runCli(['record', other, 'g', applicationFile, ...withGrant]);
    expect(run.code).toBe(0);
    const stored = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number; workflow: string });
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: events }, (_, i) => i + 1));
    expect(new Set(stored.map((e) => e.workflow))).toEqual(new Set(['grant@2']));
    const v1 = await runCli(
      ['record', other, 'g1', '-', '--workflow', 'grant@1', ...withGrant],
      proposal('GrantDrafted', ['ana', 'applicant'], { title: 'x', amount: 5, currency: 'EUR' }),
    );
    expect(v1.code).toBe(0);
    expect(JSON.parse(v1.stdout)).toMatchObject({ workflow: 'grant@1' });
  });

  it("record: refusals and invalid input speak the workflow's words, with exit codes 3 and 2", async () => {
    const other = join(dir, 'refused.db');
    const draft = proposal('GrantDrafted', ['ana', 'applicant'], { title: 'Trees', amount: 500, currency: 'EUR' });
    expect((await runCli(['record', other, 'trees', '-', ...withGrant], draft)).code).toBe(0);
    const early = await runCli(
      ['record', other, 'trees', '-', ...withGrant],
      proposal('GrantApproved', ['olga', 'officer'], { amount: 1 }),
    );
    expect(early).toMatchObject({ code: 3 });
    expect(early.stderr).toContain('GrantApproved is not allowed in draft; it can be recorded in review');
    const bad = await runCli(
      ['record', other, 'trees', '-', ...withGrant],
      proposal('GrantDrafted', ['ana', 'applicant'], { title: 'Trees', amount: -1, currency: 'EUR' }),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('GrantDrafted: data.amount');
  });

  it("state: the state, the workflow's own description, and --json", async () => {
    const text = await runCli(['state', db, 'westwijk-solar', ...withGrant]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('approved');
    expect(text.stdout).toMatch(/reviews\s+2/);
    const json = JSON.parse((await runCli(['state', db, 'westwijk-solar', '--json', ...withGrant])).stdout);
    expect(json).toMatchObject({
      stream: 'westwijk-solar',
      seq: events,
      workflow: 'grant@2',
      state: 'approved',
      status: 'done',
    });
    expect(json.context).toMatchObject({ applicant: 'ana', requested: 12000, scores: { ben: 4, cho: 5 } });
  });

  it('replay and audit: intact with the module; without it "cannot check" (exit 2), never "not intact"', async () => {
    expect(await runCli(['replay', db, ...withGrant])).toMatchObject({ code: 0 });
    const audit = await runCli(['audit', db, 'westwijk-solar', '--format', 'json', ...withGrant]);
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout).integrity.verdict).toBe('intact');
    for (const args of [
      ['replay', db],
      ['audit', db, 'westwijk-solar'],
      ['state', db, 'westwijk-solar'],
      ['next', db, 'westwijk-solar'],
    ]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('cannot check: workflow grant@2 is not registered (use --workflows');
      expect(run.stderr + run.stdout).not.toMatch(/not intact|NOT intact|faithful/);
    }
  });

  it("verify and checkpoint need no workflow; keygen and record --sign sign the workflow's events", async () => {
    expect(await runCli(['verify', db])).toMatchObject({ code: 0 });
    const checkpoint = join(dir, 'checkpoint.json');
    expect((await runCli(['checkpoint', db, '-o', checkpoint])).code).toBe(0);
    expect(await runCli(['verify', db, '--checkpoint', checkpoint])).toMatchObject({ code: 0 });
    const key = join(dir, 'ana.key');
    const registry = join(dir, 'keys.json');
    expect(
      (
        await runCli([
          'keygen',
          'ana-key',
          '-o',
          key,
          '--actor',
          'ana',
          '--valid-from',
          '2026-01-01T00:00:00Z',
          '--registry',
          registry,
        ])
      ).code,
    ).toBe(0);
    const signed = join(dir, 'signed.db');
    const draft = proposal('GrantDrafted', ['ana', 'applicant'], { title: 'Signed', amount: 10, currency: 'EUR' });
    const run = await runCli(['record', signed, 'signed', '-', '--sign', key, ...withGrant], draft);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).sig).toMatchObject({ keyId: 'ana-key', alg: 'ed25519' });
    expect(await runCli(['verify', signed, '--keys', registry, '--require-signatures'])).toMatchObject({ code: 0 });
  });

  it("chart: the workflow's statechart, and its current state lit", async () => {
    const mermaid = await runCli(['chart', '--format', 'mermaid', ...withGrant]);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^stateDiagram-v2\n/);
    expect(mermaid.stdout).toContain('GrantApproved');
    const lit = await runCli(['chart', '--format', 'dot', '--store', db, '--stream', 'westwijk-solar', ...withGrant]);
    expect(lit.code).toBe(0);
    expect(lit.stdout).toMatch(/^digraph "grant"/);
    expect(lit.stdout).toContain('state lit');
    expect((await runCli(['chart', '--format', 'scxml', '--workflow', 'grant@1', ...withGrant])).code).toBe(0);
  });

  it('next: what may be recorded now', async () => {
    const other = join(dir, 'next.db');
    const draft = proposal('GrantDrafted', ['ana', 'applicant'], { title: 'Next', amount: 10, currency: 'EUR' });
    expect((await runCli(['record', other, 'n', '-', ...withGrant], draft)).code).toBe(0);
    const run = await runCli(['next', other, 'n', '--json', ...withGrant]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('GrantSubmitted');
  });

  it('export and import: the log moves to a JSONL file and into another store, and still replays', async () => {
    const file = join(dir, 'grants.jsonl');
    expect((await runCli(['export', db, '--all', '-o', file])).code).toBe(0);
    const copy = join(dir, 'copy.db');
    expect(await runCli(['import', file, copy, ...withGrant])).toMatchObject({ code: 0 });
    expect(await runCli(['replay', file, ...withGrant])).toMatchObject({ code: 0 });
    expect(JSON.parse((await runCli(['state', copy, 'westwijk-solar', '--json', ...withGrant])).stdout)).toMatchObject({
      state: 'approved',
    });
  });

  it('inspect: replays the stream into the inspector server until stopped', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [bin, 'inspect', db, 'westwijk-solar', '--port', String(port), ...withGrant],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const replayed = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (stderr.includes('Press Ctrl-C to stop')) resolve();
      });
      child.on('close', (code) => reject(new Error(`inspect ended early (exit ${code}): ${stderr}`)));
    });
    await replayed;
    expect(stderr).toContain(`serving "westwijk-solar" (${events} ${events === 1 ? 'event' : 'events'})`);
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
  });

  it('finds a phasegate.config file from the working directory up (the example directory holds one)', async () => {
    const nested = join(exampleDir, 'phasegate.config.json');
    expect(JSON.parse(readFileSync(nested, 'utf8'))).toEqual({
      workflows: '../../dist/examples/grant/grantWorkflow.js',
    });
    const run = await runCli(['state', db, 'westwijk-solar', '--json'], undefined, { cwd: exampleDir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ workflow: 'grant@2', state: 'approved' });
    const configDir = tempDir();
    try {
      writeFileSync(join(configDir, 'phasegate.config.json'), JSON.stringify({ workflows: grantModule }));
      const sub = join(configDir, 'sub');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(sub);
      expect(
        JSON.parse((await runCli(['state', db, 'westwijk-solar', '--json'], undefined, { cwd: sub })).stdout),
      ).toMatchObject({ state: 'approved' });
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('says which module cannot be loaded or exports no workflows (exit 1)', async () => {
    const empty = join(dir, 'empty.mjs');
    writeFileSync(empty, 'export const nothing = 1;\n');
    const run = await runCli(['state', db, 'westwijk-solar', '--workflows', empty]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`--workflows ${empty} exports no workflows: export default [grantV1, grantV2]`);
    const missing = await runCli(['state', db, 'westwijk-solar', '--workflows', join(dir, 'nope.js')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('there is no module at');
  });
});
