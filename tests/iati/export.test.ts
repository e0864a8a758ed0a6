import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { programmeVersions } from '../../machines/index.ts';
import { programmeReadModel } from '../../machines/readModel/index.ts';
import { createEngine, createMemoryEventStore, createWorkflowRegistry, type EventStore } from '../../src/index.ts';
import type { IatiActivity } from '../../src/iati/activity.ts';
import { exportIati, IatiExportError } from '../../src/iati/export.ts';
import { iatiRuleProblems } from '../../src/iati/rules.ts';
import { readStreamModel } from '../../src/projections/queries.ts';
import { implementationToClosure, seedProposals, type TestProposal } from '../support/lifecycle.ts';
import { runCli, seedFile, tempDir } from '../support/cli.ts';
import { xmllint } from './iatiSupport.ts';
import { exitCodeOf } from '../../src/cli/exitCodes.ts';

const registry = createWorkflowRegistry([...programmeVersions]);
const model = programmeReadModel;
const golden = join(import.meta.dirname, 'lcz-shenzhen.iati.xml');
const generatedAt = '2013-01-01T00:00:00Z';

async function recorded(streams: Record<string, readonly TestProposal[]>): Promise<EventStore> {
  const store = createMemoryEventStore();
  let now = Date.parse('2012-12-31T00:00:00Z');
  const engine = createEngine({ workflows: registry, store, clock: () => new Date((now += 1000)) });
  for (const [stream, proposals] of Object.entries(streams)) {
    await engine.recordBatch(stream, (stream === 'lcz-shenzhen' ? proposals : ownIds(stream, proposals)) as never);
  }
  return store;
}
/** Returns proposals whose seed ids (and the evidence citing them) are the stream's own: ids are unique in a store. */
function ownIds(stream: string, proposals: readonly TestProposal[]): TestProposal[] {
  return JSON.parse(JSON.stringify(proposals).replaceAll('"lcz-', `"${stream}-lcz-`)) as TestProposal[];
}
const query = (store: EventStore) => ({ store, tables: null, model, registry });

async function activityOf(store: EventStore, stream: string): Promise<IatiActivity> {
  const row = await readStreamModel(query(store), stream);
  return model.iati!(row!.model as never, { stream, generatedAt }).activity!;
}

describe('the IATI 2.03 export', () => {
  it('writes the seed as the golden file, byte for byte, and it validates against the 2.03 XSD', async () => {
    const xml = await exportIati(
      query(await recorded({ 'lcz-shenzhen': seedProposals() })),
      ['lcz-shenzhen'],
      generatedAt,
    );
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, xml);
    expect(xml).toBe(readFileSync(golden, 'utf8'));
    expect(xmllint(xml)).toMatchObject({ code: 0, output: expect.stringMatching(/validates/) });
    expect(xml).toContain('<transaction-type code="11"/>');
    expect(xml).toMatch(
      /<provider-org type="10">\s*<narrative>Ministry of Economic Affairs, Agriculture and Innovation \(EL&amp;I\)<\/narrative>/,
    );
  });

  it('gives every code from an active item of its list and breaks none of the rules the XSD cannot see', async () => {
    // The closure's final report carries its format and is the G3 decision's record, as the export needs.
    const closure = implementationToClosure(4).map((p) =>
      p.type === 'DocumentLinked'
        ? { ...p, data: { ...p.data, format: 'application/pdf' } }
        : p.type === 'GateDecisionRecorded'
          ? { ...p, data: { ...p.data, minutesDocId: 'final-report' } }
          : p,
    );
    const store = await recorded({ 'lcz-shenzhen': seedProposals(), closed: [...seedProposals(), ...closure] });
    for (const stream of ['lcz-shenzhen', 'closed'])
      expect(iatiRuleProblems(await activityOf(store, stream), generatedAt)).toEqual([]);
    const closed = await exportIati(query(store), ['lcz-shenzhen', 'closed'], generatedAt);
    expect(xmllint(closed).code).toBe(0);
    expect(closed).toMatch(
      /<activity-status code="4"\/>\s*<activity-date type="1" iso-date="2011-07-01"\/>\s*<activity-date type="2" iso-date="2011-11-16"\/>\s*<activity-date type="3" iso-date="2012-12-31"\/>\s*<activity-date type="4" iso-date="2012-12-/,
    );
  });

  it('names each rule an activity breaks: prefix, codes, percentages, periods, future dates, qualitative values, nameless organisations', async () => {
    const seed = await activityOf(await recorded({ lcz: seedProposals() }), 'lcz');
    const broken: IatiActivity = {
      ...seed,
      identifier: 'XM-OTHER-1',
      sectors: [
        { vocabulary: '1', code: '99999', percentage: 60 },
        { vocabulary: '1', code: '43030', percentage: 30 },
      ],
      budgets: [{ ...seed.budgets[0]!, periodStart: '2011-01-01', periodEnd: '2012-06-30' }],
      transactions: [{ ...seed.transactions[0]!, date: '2014-01-01', provider: {} }],
      results: seed.results.map((r) => ({
        ...r,
        indicators: r.indicators.map((i) => ({ ...i, baseline: { ...i.baseline, value: '0' } })),
      })),
    };
    const problems = iatiRuleProblems(broken, generatedAt).map((p) => `${p.element}: ${p.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^iati-identifier: "XM-OTHER-1" does not start with the reporting organisation's ref/),
        expect.stringMatching(/^sector\/@code: "99999" is not a code of the IATI Sector codelist/),
        expect.stringMatching(/^sector\/@percentage: the percentages of vocabulary 1 sum to 90, not 100/),
        expect.stringMatching(/^budget: the period 2011-01-01 to 2012-06-30 is longer than a year/),
        expect.stringMatching(/^transaction tx-2011-incoming: its date 2014-01-01 is in the future/),
        expect.stringMatching(/^transaction tx-2011-incoming\/provider-org: has neither a ref nor a name/),
        expect.stringMatching(/qualitative indicator \(measure 5\) carries a value/),
      ]),
    );
  });

  it('refuses (exit 2) to invent what the log does not hold, naming the element and the fact to record', async () => {
    const withoutRef = seedProposals().map((p) =>
      p.id === 'lcz-02-participant-01' ? { ...p, data: { ...p.data, iatiRef: undefined } } : p,
    );
    const withoutFormat = seedProposals().map((p) =>
      p.id === 'lcz-22-mou-text' ? { ...p, data: { ...p.data, format: undefined } } : p,
    );
    const withoutMinutes = seedProposals().map((p) =>
      p.id === 'lcz-23-g2-decision' ? { ...p, data: { ...p.data, minutesDocId: undefined } } : p,
    );
    const store = await recorded({ a: withoutRef, b: withoutFormat, c: withoutMinutes });
    const failure = await exportIati(query(store), ['a', 'b', 'c'], generatedAt).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IatiExportError);
    expect(exitCodeOf(failure as IatiExportError)).toBe(2);
    expect((failure as IatiExportError).problems).toEqual([
      expect.objectContaining({
        stream: 'a',
        element: 'reporting-org/@ref',
        record: 'ParticipantRegistered for nl-agency with its iatiRef',
      }),
      expect.objectContaining({
        stream: 'b',
        element: 'document-link/@format (document mou-lcz-text)',
        record: expect.stringMatching(/^DocumentLinked .* with its format/),
      }),
      expect.objectContaining({
        stream: 'c',
        element: expect.stringMatching(/^document-link \(the G2 decision, seq \d+\)$/),
        problem: 'the decision names no record of it (minutesDocId)',
      }),
    ]);
  });

  it('is a CLI command: one file for a stream or --all (refusal streams left out), written with -o, exit 2 on a gap', async () => {
    const dir = tempDir();
    const store = join(dir, 'lcz.db');
    expect((await runCli(['record', store, 'lcz-shenzhen', seedFile])).code).toBe(0);
    const second = ownIds('second', seedProposals()).map((p) =>
      p.type === 'ProgrammeRegistered' ? { ...p, data: { ...p.data, iatiIdentifier: 'NL-KVK-27378529-LCZ-2' } } : p,
    );
    expect(
      (
        await runCli(
          ['record', store, 'second', '-', '--record-refusals'],
          second.map((p) => JSON.stringify(p)).join('\n'),
        )
      ).code,
    ).toBe(0);
    const file = join(dir, 'all.xml');
    const all = await runCli(['export', store, '--all', '--format', 'iati', '--generated-at', generatedAt, '-o', file]);
    expect(all.code, all.stderr).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(xml.match(/<iati-activity /g)).toHaveLength(2);
    expect(xml).toContain('<iati-identifier>NL-KVK-27378529-LCZ-2</iati-identifier>');
    expect(xmllint(xml).code).toBe(0);
    const one = await runCli(['export', store, 'lcz-shenzhen', '--format', 'iati', '--generated-at', generatedAt]);
    expect(one.stdout.match(/<iati-activity /g)).toHaveLength(1);
    expect(
      await runCli(['export', store, 'lcz-shenzhen', '--format', 'iati', '--generated-at', 'yesterday']),
    ).toMatchObject({ code: 2 });
    const gap = join(dir, 'gap.db');
    const noRef = seedProposals().map((p) =>
      p.id === 'lcz-02-participant-01' ? { ...p, data: { ...p.data, iatiRef: undefined } } : p,
    );
    expect((await runCli(['record', gap, 'p', '-'], noRef.map((p) => JSON.stringify(p)).join('\n'))).code).toBe(0);
    const refused = await runCli(['export', gap, 'p', '--format', 'iati', '-o', join(dir, 'gap.xml')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /p: reporting-org\/@ref: the reporting organisation nl-agency has no IATI organisation identifier; record: ParticipantRegistered for nl-agency with its iatiRef/,
    );
    expect(existsSync(join(dir, 'gap.xml'))).toBe(false);
  });
});
