import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { programmeVersions } from '../../machines/index.ts';
import { createEngine, createMemoryEventStore, createWorkflowRegistry, encodeEvent } from '../../src/index.ts';
import { buildDossier, type Dossier } from '../../src/audit/dossier/buildDossier.ts';
import { dossierCsvFiles } from '../../src/audit/dossier/csv.ts';
import { renderDossierHtml } from '../../src/audit/dossier/html.ts';
import { renderDossierJson } from '../../src/audit/dossier/json.ts';
import { renderDossierMarkdown } from '../../src/audit/dossier/markdown.ts';
import { seedProposals } from '../support/lifecycle.ts';
import { temporaryDirectory } from '../support/logs.ts';
import { runCli, seedFile, tempDir } from '../support/cli.ts';

const registry = createWorkflowRegistry([...programmeVersions]);
let dossier: Dossier;
let md = '';
let html = '';
let json = '';

beforeAll(async () => {
  const store = createMemoryEventStore();
  await createEngine({ workflows: registry, store, clock: () => new Date('2013-01-01T00:00:00Z') }).recordBatch(
    'lcz',
    seedProposals() as never,
  );
  const dir = temporaryDirectory();
  let text = '';
  for await (const { event } of store.readAll()) text += `${encodeEvent(event)}\n`;
  dossier = await buildDossier({ kind: 'file', path: dir.file('lcz.jsonl', text) }, registry, 'lcz', {
    generatedAt: '2012-10-10T12:00:00Z',
  });
  md = renderDossierMarkdown(dossier);
  html = renderDossierHtml(dossier);
  json = renderDossierJson(dossier);
  dir.dispose();
});

const headings = (text: string) => [...text.matchAll(/^## (.*)$/gm)].map((m) => m[1]!);

describe('the dossier, for people', () => {
  it('reads in order: status, decisions, finance, results, documents, participants, the timeline, integrity, the event index last', () => {
    const order = headings(md).map((h) => h.replace(/ \(seq \d+\).*$/, '').replace(/ \(.*\)$/, ''));
    const at = (title: string) => order.findIndex((h) => h === title || h.startsWith(title));
    const wanted = [
      'Programme',
      'Status',
      'G1 decision',
      'G2 decision',
      'Finance',
      'Transactions',
      'Results R1-R7',
      'Documents',
      'Participants',
      'Timeline: every fact',
      'Refused proposals',
      'Integrity',
      'Replay findings',
      'Appendix: event index',
    ];
    const positions = wanted.map(at);
    expect(
      positions.every((p) => p >= 0),
      JSON.stringify(order),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(order.at(-1)).toBe('Appendix: event index');
    // the HTML keeps the same order, with the event index collapsed
    const htmlOrder = [...html.matchAll(/<h2>([^<]*)<\/h2>|<summary>([^<]*)<\/summary>/g)].map((m) => (m[1] ?? m[2])!);
    expect(htmlOrder.at(-1)).toMatch(/^Appendix: event index \(\d+ events, with their hashes\)$/);
    expect(html).toMatch(/<details class="hash"><summary>/);
    expect(html).toContain('@media print{');
    expect(html).toMatch(/td\{overflow-wrap:break-word;word-break:normal/);
  });

  it("gives the seed's status and money: implementation, G3 next, a EUR 150,000 incoming commitment from EL&I to NL Agency, nothing disbursed", () => {
    const status = dossier.sections.find((s) => s.title === 'Status')!;
    expect(status.kind === 'facts' && status.facts).toEqual(
      expect.arrayContaining([
        { label: 'Phase', value: 'Implementation' },
        { label: 'IATI activity status', value: '2 Implementation' },
        { label: 'Next gate', value: 'G3 by 2012-12-15' },
        { label: 'Open conditions', value: 'none' },
        { label: 'Overdue', value: 'nothing on 2012-10-10' },
      ]),
    );
    const finance = dossier.sections.find((s) => s.title === 'Finance')!;
    expect(finance.kind === 'facts' && finance.facts).toEqual(
      expect.arrayContaining([
        { label: 'Incoming', value: 'EUR 150,000 committed to the programme (IATI 11), EUR 0 received (IATI 1)' },
        { label: 'Spending', value: 'EUR 0 committed (IATI 2), EUR 0 disbursed (IATI 3), EUR 0 spent (IATI 4)' },
      ]),
    );
    const transactions = dossier.sections.find((s) => s.title === 'Transactions')!;
    expect(transactions.kind === 'table' && transactions.rows).toEqual([
      [
        '2011-07-05',
        'tx-2011-incoming',
        '11 Incoming Commitment',
        150000,
        'EUR',
        'Ministry of Economic Affairs, Agriculture and Innovation (EL&I)',
        'NL Agency',
        expect.any(Number),
      ],
    ]);
    expect(md).toMatch(/\| All years \| total \| 150,000 \| 0 \| 150,000 \| 0 \| 0 \| 0 \| 0 \| 150,000 \|/);
  });

  it('names organisation types, IATI roles and document categories, and shows no empty fact', () => {
    const participants = dossier.sections.find((s) => s.title === 'Participants')!;
    expect(participants.kind === 'table' && participants.rows).toContainEqual([
      'eli',
      'Ministry of Economic Affairs, Agriculture and Innovation (EL&I)',
      'NL',
      '10 Government',
      '1 Funding, 2 Accountable',
      'gatekeeper',
      null,
      expect.stringMatching(/^seq \d+$/),
    ]);
    const documents = dossier.sections.find((s) => s.title === 'Documents')!;
    expect(documents.kind === 'table' && documents.rows.map((r) => [r[0], r[2], r[7]])).toEqual([
      ['expert-meeting-minutes-2011-11', 'A07 Review of project performance and evaluation', 'G1 decision record'],
      ['mou-lcz-text', 'A09 Memorandum of understanding (If agreed by all parties)', null],
      ['jwg-minutes-2012-06', 'A07 Review of project performance and evaluation', 'G2 decision record'],
    ]);
    expect(md).not.toMatch(/^- \*\*[^*]+\*\*: $/m);
    expect(md).not.toContain('Review date');
  });

  it('has the same content in Markdown, HTML and JSON', () => {
    const titles = dossier.sections.map((s) => s.title);
    const parsed = JSON.parse(json) as Dossier;
    expect(parsed.sections.map((s) => s.title)).toEqual(titles);
    for (const title of titles) {
      expect(md).toContain(`## ${title.replaceAll('(', '(').replaceAll('_', '\\_')}`);
      expect(html).toContain(`<h2>${title.replaceAll('"', '&#34;')}</h2>`);
    }
    expect(Object.keys(parsed)).toEqual([
      'format',
      'generatedAt',
      'source',
      'stream',
      'title',
      'identity',
      'state',
      'versions',
      'sections',
      'refusals',
      'integrity',
      'events',
    ]);
  });

  it('writes every table as a CSV file with audit --format csv -o DIR', async () => {
    const files = dossierCsvFiles(dossier);
    expect(files.map((f) => f.name)).toContain('05-finance-by-year-and-budget-line-eur.csv');
    const dir = join(tempDir(), 'tables');
    const store = join(tempDir(), 'lcz.db');
    expect((await runCli(['record', store, 'lcz', seedFile])).code).toBe(0);
    const written = await runCli(['audit', store, 'lcz', '--format', 'csv', '-o', dir]);
    expect(written.code, written.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.name).sort());
    expect(readFileSync(join(dir, '06-transactions.csv'), 'utf8')).toBe(
      'Date,Reference,IATI transaction type,Amount,Currency,Provider,Receiver,Seq\r\n' +
        `2011-07-05,tx-2011-incoming,11 Incoming Commitment,150000,EUR,"Ministry of Economic Affairs, Agriculture and Innovation (EL&I)",NL Agency,${seedProposals().findIndex((p) => p.id === 'lcz-03-funds') + 1}\r\n`,
    );
    expect(await runCli(['audit', store, 'lcz', '--format', 'csv'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/give the directory with -o DIR/),
    });
  });
});
