import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { seedProposals } from '../support/seed.ts';

let dir: string;
let db: string;
/** The seed again, as stream lcz-v1 under programme@1 (event ids are unique per store, so in a store of its own). */
let dbV1: string;

function capture(): { io: CliIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, readStdin: async () => '' },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phasegate-chart-'));
  db = join(dir, 'lcz.db');
  dbV1 = join(dir, 'v1.db');
  const seed = join(dir, 'seed.jsonl');
  writeFileSync(seed, seedProposals.map((p) => JSON.stringify(p)).join('\n'));
  expect(await main(['record', db, 'lcz-shenzhen', seed], capture().io)).toBe(0);
  const v1 = capture();
  const code = await main(['record', dbV1, 'lcz-v1', seed, '--workflow', 'programme@1'], v1.io);
  expect(v1.err()).toBe('');
  expect(code).toBe(0);
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
    const run = capture();
    expect(await main(['chart', '--format', format], run.io)).toBe(0);
    expect(run.out()).toMatch(start);
    expect(run.out()).not.toMatch(/\blit\b/);
  });

  it('lights the stream\'s current state in DOT, SVG and Mermaid', async () => {
    for (const format of ['dot', 'svg', 'mermaid']) {
      const run = capture();
      expect(await main(['chart', '--format', format, '--store', db, '--stream', 'lcz-shenzhen'], run.io)).toBe(0);
      expect(run.out()).toContain(format === 'mermaid' ? 'programme_running_implementation_active lit' : 'state lit');
    }
  });

  it('writes the programme page to a file', async () => {
    const file = join(dir, 'page.html');
    expect(await main(['chart', '--format', 'html', '--store', db, '--stream', 'lcz-shenzhen', '-o', file], capture().io)).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('class="node state lit"');
    expect(html).toContain('<title>lcz-shenzhen: implementation.active</title>');
  });

  it('refuses a page without a stream, and an unknown format, with exit code 1', async () => {
    const run = capture();
    expect(await main(['chart', '--format', 'html'], run.io)).toBe(1);
    expect(run.err()).toContain('--format html draws a programme');
    expect(await main(['chart', '--format', 'png'], capture().io)).toBe(1);
  });
});

describe('phasegate next', () => {
  it('prints what may be recorded and what G3 misses, and the way to closure as JSON', async () => {
    const run = capture();
    expect(await main(['next', db, 'lcz-shenzhen', '--to', 'closed', '--json'], run.io)).toBe(0);
    const report = JSON.parse(run.out()) as { state: string; eventTypes: string[]; gates: Array<{ gate: string }>; path: { eventTypes: string[] } };
    expect(report.state).toBe('implementation.active');
    expect(report.eventTypes).toContain('KnowledgeTransferActivityHeld');
    expect(report.gates[0]!.gate).toBe('G3');
    expect(report.path.eventTypes.at(-1)).toBe('ProgrammeClosed');
  });

  it('explains an unknown target state', async () => {
    const run = capture();
    expect(await main(['next', db, 'lcz-shenzhen', '--to', 'heaven'], run.io)).toBe(1);
    expect(run.err()).toContain('has no state "heaven"');
  });

  it('says when no path leads back (closure is final)', async () => {
    const run = capture();
    expect(await main(['next', db, 'lcz-shenzhen', '--to', 'unregistered'], run.io)).toBe(3);
    expect(run.out()).toContain('no sequence of sample events reaches unregistered');
  });
});

describe('a stream under an older workflow version', () => {
  const v1Rule = 'At least 3 knowledge-transfer activities';
  const v2Rule = 'At least 4 knowledge-transfer activities';

  it('next shows the gate criteria of the version the stream is under', async () => {
    for (const [store, stream, rule, other] of [[dbV1, 'lcz-v1', v1Rule, v2Rule], [db, 'lcz-shenzhen', v2Rule, v1Rule]] as const) {
      const run = capture();
      expect(await main(['next', store, stream, '--json'], run.io)).toBe(0);
      const report = JSON.parse(run.out()) as { workflow: string; gates: Array<{ gate: string; criteria: Array<{ text: string }> }> };
      expect(report.workflow).toBe(stream === 'lcz-v1' ? 'programme@1' : 'programme@2');
      const texts = report.gates.find((g) => g.gate === 'G3')!.criteria.map((c) => c.text);
      expect(texts.some((t) => t.startsWith(rule))).toBe(true);
      expect(texts.some((t) => t.startsWith(other))).toBe(false);
    }
  });

  it('the programme page and the charts are drawn with that version, every frame included', async () => {
    const run = capture();
    expect(await main(['chart', '--format', 'html', '--store', dbV1, '--stream', 'lcz-v1'], run.io)).toBe(0);
    expect(run.out()).toContain(v1Rule);
    expect(run.out()).not.toContain(v2Rule);
    for (const format of ['dot', 'svg']) {
      const chart = capture();
      expect(await main(['chart', '--format', format, '--store', dbV1, '--stream', 'lcz-v1'], chart.io)).toBe(0);
      expect(chart.out()).toContain('programme@1');
    }
  });

  it('the dossier judges result R7 by that version\'s target', async () => {
    const results = async (store: string, stream: string) => {
      const run = capture();
      expect(await main(['audit', store, stream, '--format', 'json'], run.io)).toBe(0);
      const dossier = JSON.parse(run.out()) as { sections: Array<{ title: string; rows?: unknown[][] }> };
      return dossier.sections.find((s) => s.title === 'Results R1-R7')!.rows!.find((r) => r[0] === 'R7')!;
    };
    expect((await results(dbV1, 'lcz-v1'))[3]).toBe(3);
    expect((await results(db, 'lcz-shenzhen'))[3]).toBe(4);
  });
});
