import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, seedFile } from '../support/cli.ts';
import { seedProposals } from '../support/seedLog.ts';

let dir: string;
let db: string;
/**
 * The seed again, as stream lcz-v1 under programme@1 and lcz-v2 under programme@2 (event ids are unique per store, so
 * each in a store of its own), registered without ktActivitiesTarget so that "several" is the version's own.
 */
let dbV1: string;
let dbV2: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phasegate-chart-'));
  db = join(dir, 'lcz.db');
  dbV1 = join(dir, 'v1.db');
  dbV2 = join(dir, 'v2.db');
  const seed = join(dir, 'seed.jsonl');
  writeFileSync(seed, seedProposals.map((p) => JSON.stringify(p)).join('\n'));
  const unconfigured = join(dir, 'unconfigured.jsonl');
  const withoutSeveral = seedProposals.map((p) => {
    if (p.type !== 'ProgrammeRegistered') return p;
    const { ktActivitiesTarget: _several, ...data } = p.data as Record<string, unknown>;
    return { ...p, data };
  });
  writeFileSync(unconfigured, withoutSeveral.map((p) => JSON.stringify(p)).join('\n'));
  expect((await runMain(['record', db, 'lcz-shenzhen', seed])).code).toBe(0);
  expect(await runMain(['record', dbV1, 'lcz-v1', unconfigured, '--workflow', 'programme@1'])).toMatchObject({
    code: 0,
    stderr: '',
  });
  expect(await runMain(['record', dbV2, 'lcz-v2', unconfigured, '--workflow', 'programme@2'])).toMatchObject({
    code: 0,
    stderr: '',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('phasegate chart', () => {
  it.each([
    ['stately', /^import \{ and, createMachine/],
    ['mermaid', /^stateDiagram-v2\n/],
    ['dot', /^digraph "programme" \{/],
    ['scxml', /^<\?xml version="1.0" encoding="UTF-8"\?>\n<scxml /],
    ['svg', /<svg /],
  ])('prints the reference workflow as %s', async (format, start) => {
    const run = await runMain(['chart', '--format', format]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(start);
    expect(run.stdout).not.toMatch(/\blit\b/);
  });

  it("lights the stream's current state in DOT, SVG and Mermaid", async () => {
    for (const format of ['dot', 'svg', 'mermaid']) {
      const run = await runMain(['chart', '--format', format, '--store', db, '--stream', 'lcz-shenzhen']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(format === 'mermaid' ? 'programme_running_implementation_active lit' : 'state lit');
    }
  });

  it('refuses --workflow with a stream under another version instead of ignoring it, and names stream and seq when lit', async () => {
    const run = await runMain([
      'chart',
      '--format',
      'svg',
      '--store',
      dbV1,
      '--stream',
      'lcz-v1',
      '--workflow',
      'programme@2',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('stream "lcz-v1" is under programme@1');
    const same = await runMain([
      'chart',
      '--format',
      'svg',
      '--store',
      dbV1,
      '--stream',
      'lcz-v1',
      '--workflow',
      'programme@1',
    ]);
    expect(same.code).toBe(0);
    const seq = readFileSync(seedFile, 'utf8').trim().split('\n').length;
    expect(same.stdout).toContain(`lcz&#45;v1 after event ${seq} of ${seq}: implementation.active`); // Graphviz escapes '-'
    const dot = await runMain(['chart', '--format', 'dot', '--store', dbV1, '--stream', 'lcz-v1']);
    expect(dot.stdout).toContain(`lcz-v1 after event ${seq} of ${seq}: implementation.active`);
  });

  it('writes the programme page to a file', async () => {
    const file = join(dir, 'page.html');
    expect(
      (await runMain(['chart', '--format', 'html', '--store', db, '--stream', 'lcz-shenzhen', '-o', file])).code,
    ).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('class="node state lit"');
    expect(html).toContain(
      '<title>Cooperation on a Sino-Dutch Low-carbon zone Shenzhen: Implementation: work towards G3</title>',
    );
  });

  it('refuses a page without a stream, and an unknown format, with exit code 1', async () => {
    const run = await runMain(['chart', '--format', 'html']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--format html draws a programme');
    expect((await runMain(['chart', '--format', 'png'])).code).toBe(1);
  });
});

describe('phasegate next', () => {
  it('prints what may be recorded and what G3 misses, and the way to closure as JSON', async () => {
    const run = await runMain(['next', db, 'lcz-shenzhen', '--to', 'closed', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      state: string;
      eventTypes: string[];
      gates: Array<{ gate: string }>;
      path: { eventTypes: string[] };
    };
    expect(report.state).toBe('implementation.active');
    expect(report.eventTypes).toContain('KnowledgeTransferActivityHeld');
    expect(report.gates[0]!.gate).toBe('G3');
    expect(report.path.eventTypes.at(-1)).toBe('ProgrammeClosed');
  });

  it('gives each path step its role and required data, and answers for an organisation with --as', async () => {
    const run = await runMain(['next', db, 'lcz-shenzhen', '--to', 'closed', '--as', 'twa-guangzhou', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      as: { id: string; roles: string[] };
      events: Array<{ type: string; roles: string[] }>;
      notNow: Array<{ type: string; reasons: string[] }>;
      gates: Array<{ gate: string; due?: string }>;
      path: { steps: Array<{ type: string; roles: string[]; requiredData: string[]; state: string }> };
    };
    expect(report.as).toEqual({ id: 'twa-guangzhou', roles: ['programme_manager'] });
    expect(report.events.every((e) => e.roles.includes('programme_manager'))).toBe(true);
    expect(report.notNow.map((e) => e.type)).toContain('ProgrammeSuspended');
    expect(report.gates[0]).toMatchObject({ gate: 'G3', due: '2012-12-15' });
    const last = report.path.steps.at(-1)!;
    expect(last).toEqual({
      type: 'ProgrammeClosed',
      roles: ['gatekeeper'],
      requiredData: ['finalReportDocId'],
      state: 'closed',
    });
    const text = await runMain(['next', db, 'lcz-shenzhen', '--to', 'closed']);
    expect(text.stdout).toMatch(/ProgrammeClosed by gatekeeper {2}-> closed\n {6}with finalReportDocId/);
    expect(text.stdout).toContain('G3 (next gate, due by 2012-12-15)');
    expect(text.stdout).toMatch(/not now:\n {2}GateConditionSatisfied +condition K1 is already satisfied/);
    // Under programme@3 the roles come from the grants in the log: eli was granted gatekeeper.
    const eli = JSON.parse((await runMain(['next', db, 'lcz-shenzhen', '--as', 'eli', '--json'])).stdout) as {
      workflow: string;
      as: { roles: string[] };
      eventTypes: string[];
    };
    expect(eli.workflow).toBe('programme@3');
    expect(eli.as.roles).toContain('gatekeeper');
    expect(eli.eventTypes).toContain('ProgrammeSuspended');
    expect(eli.eventTypes).not.toContain('KnowledgeTransferActivityHeld');
  });

  it('explains an unknown target state as invalid input (exit 2)', async () => {
    const run = await runMain(['next', db, 'lcz-shenzhen', '--to', 'heaven']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('has no state "heaven"');
  });

  it('says when no path leads back (closure is final)', async () => {
    const run = await runMain(['next', db, 'lcz-shenzhen', '--to', 'unregistered']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('no sequence of sample events reaches unregistered');
  });
});

describe('a stream under an older workflow version', () => {
  const v1Rule = 'At least 3 knowledge-transfer activities';
  const v2Rule = 'At least 4 knowledge-transfer activities';

  it('next shows the gate criteria of the version the stream is under', async () => {
    for (const [store, stream, rule, other, workflow] of [
      [dbV1, 'lcz-v1', v1Rule, v2Rule, 'programme@1'],
      [dbV2, 'lcz-v2', v2Rule, v1Rule, 'programme@2'],
      [db, 'lcz-shenzhen', v1Rule, v2Rule, 'programme@3'],
    ] as const) {
      const run = await runMain(['next', store, stream, '--json']);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as {
        workflow: string;
        gates: Array<{ gate: string; criteria: Array<{ text: string }> }>;
      };
      expect(report.workflow).toBe(workflow);
      const texts = report.gates.find((g) => g.gate === 'G3')!.criteria.map((c) => c.text);
      expect(texts.some((t) => t.startsWith(rule))).toBe(true);
      expect(texts.some((t) => t.startsWith(other))).toBe(false);
    }
  });

  it('the programme page and the charts are drawn with that version, every frame included', async () => {
    const run = await runMain(['chart', '--format', 'html', '--store', dbV1, '--stream', 'lcz-v1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(v1Rule);
    expect(run.stdout).not.toContain(v2Rule);
    for (const format of ['dot', 'svg']) {
      const chart = await runMain(['chart', '--format', format, '--store', dbV1, '--stream', 'lcz-v1']);
      expect(chart.code).toBe(0);
      expect(chart.stdout).toContain('programme@1');
    }
  });

  it("the dossier judges result R7 by the registered target, else by that version's", async () => {
    const results = async (store: string, stream: string) => {
      const run = await runMain(['audit', store, stream, '--format', 'json']);
      expect(run.code).toBe(0);
      const dossier = JSON.parse(run.stdout) as { sections: Array<{ title: string; rows?: unknown[][] }> };
      return dossier.sections
        .find((s) => s.title === 'Results R1-R7')!
        .rows!.find((r) => String(r[0]).startsWith('R7 '))!;
    };
    expect((await results(dbV1, 'lcz-v1'))[5]).toBe('3 (3 activities ("several"))');
    expect((await results(dbV2, 'lcz-v2'))[5]).toBe('4 (4 activities ("several"))');
    // The seed registers "several" as 3 (its G2 decision asks for three), which holds under any version.
    expect((await results(db, 'lcz-shenzhen'))[5]).toBe('3 (3 activities ("several"))');
  });
});
