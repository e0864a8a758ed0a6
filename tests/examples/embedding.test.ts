// docs/embedding.md runs (issue 11 §6): its examples/grant files run as a user runs them (tsx, importing the built
// package by name, so `npm run build` first; `npm test` does), and every ```ts block of the walk-through is still an
// excerpt of one of those files, so the words cannot drift from the code.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const example = (name: string) => join(root, 'examples/grant', name);
const dir = mkdtempSync(join(tmpdir(), 'phasegate-embedding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runExample = async (name: string, args: readonly string[] = []) =>
  (await run(tsx, [example(name), ...args], { cwd: root, timeout: 240_000 })).stdout;

describe('docs/embedding.md, run', () => {
  it('embedGrant.ts records the file, refuses with reasons, migrates, travels in time and subscribes', async () => {
    const out = await runExample('embedGrant.ts');
    const fileEvents = readFileSync(example('grant-application.jsonl'), 'utf8').trim().split('\n').length;
    expect(out).toContain(`westwijk-solar: ${fileEvents} events, now approved`);
    expect(out).toContain('effect: the applicant hears of GrantApproved (westwijk-solar)');
    expect(out).toContain('refused (guards): notTheApplicant: ana applied for this grant and cannot review it');
    expect(out).toContain('old-grant: under grant@2');
    expect(out).toContain('refused: GrantApproved refused in review: 2 review(s) are needed, 1 given');
    expect(out).toContain('westwijk-solar on 2026-03-06: review, 2 reviewer(s)');
    expect(out).toContain('reopened: approved, reviewers a Set: true');
    expect(out).toMatch(/subscription: \d+ events delivered; inbox: library-books \(submitted 2026-04-02\), old-grant/);
  }, 300_000);

  it('embedGrant.ts on a SQLite file: a second run adds nothing (every proposal has an id)', async () => {
    const db = join(dir, 'grants.db');
    const first = await runExample('embedGrant.ts', [db]);
    const second = await runExample('embedGrant.ts', [db]);
    const delivered = (out: string) => /subscription: (\d+) events delivered/.exec(out)?.[1];
    expect(delivered(second)).toBe(delivered(first));
    expect(second).toContain('reopened: approved, reviewers a Set: true');
  }, 300_000);

  it('grantSpecification.ts: every given/when/then holds, the clock option included', async () => {
    const out = await runExample('grantSpecification.ts');
    expect(out).toContain('approved: 2 reviews');
    expect(out).toContain('grant specification: every case holds');
  }, 300_000);

  it('every ts block of the walk-through is an excerpt of an example file', () => {
    const doc = readFileSync(join(root, 'docs/embedding.md'), 'utf8');
    const files = ['grantWorkflow.ts', 'embedGrant.ts', 'grantSpecification.ts'];
    const sources = files.map((name) => readFileSync(example(name), 'utf8'));
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!.trimEnd());
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.filter((block) => !sources.some((source) => source.includes(block)))).toEqual([]);
  });

  it('is linked from the README', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('](docs/embedding.md)');
  });
});
