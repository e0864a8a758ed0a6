import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { seedProposals } from '../support/seed.ts';

let dir: string;
let db: string;

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
  const seed = join(dir, 'seed.jsonl');
  writeFileSync(seed, seedProposals.map((p) => JSON.stringify(p)).join('\n'));
  expect(await main(['record', db, 'lcz-shenzhen', seed], capture().io)).toBe(0);
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
