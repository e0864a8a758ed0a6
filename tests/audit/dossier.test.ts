import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportSection } from '../../src/index.ts';
import { type Dossier } from '../../src/entries/audit.ts';
import { temporaryDirectory } from '../support/logs.ts';
import { buildDossierFixture, corpus, hostile, length, total } from './dossierFixture.ts';

const dir = temporaryDirectory();
let dossier: Dossier;
let html = '';
let markdown = '';
let json = '';

beforeAll(async () => {
  ({ dossier, html, markdown, json } = await buildDossierFixture(dir));
});
afterAll(() => dir.dispose());

const section = (title: string | RegExp): ReportSection => {
  const found = dossier.sections.find((s) => (typeof title === 'string' ? s.title === title : title.test(s.title)));
  if (found === undefined)
    throw new Error(`no section ${String(title)} among ${dossier.sections.map((s) => s.title).join(' / ')}`);
  return found;
};
const rows = (s: ReportSection) => (s.kind === 'table' ? s.rows : []);

describe('the audit dossier', () => {
  it('opens with the integrity verdict: chain, signatures, checkpoint, replay and refusals', () => {
    expect(dossier.integrity.verdict).toBe('intact');
    expect(dossier.integrity.summary.join('\n')).toMatch(
      new RegExp(
        `^Verdict: the history of "lcz" is intact: the hash chain, the signatures and the replay hold \\(the checkpoint of 2013-02-01T00:00:00Z matches at seq ${total} but is unsigned\\)\\.\nHash chain: intact, ${total} events`,
      ),
    );
    expect(dossier.integrity.checkpoint).toEqual({
      issuedAt: '2013-02-01T00:00:00Z',
      signature: 'unsigned',
      covers: true,
      matches: true,
      seq: total,
    });
    for (const text of [markdown, html, json])
      expect(text).toContain(`the checkpoint of 2013-02-01T00:00:00Z matches at seq ${total} but is unsigned`);
    expect(dossier.integrity.summary).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^Signatures: ${total} of ${total} events signed and verified`)),
        expect.stringMatching(
          new RegExp(`^Checkpoint of 2013-02-01T00:00:00Z \\(unsigned\\): the log matches it at seq ${total}`),
        ),
        expect.stringMatching(/^Replay: every event would have been accepted/),
        expect.stringMatching(/^Refusals: 1 refused proposal on record; their stream is intact/),
      ]),
    );
  });

  it('names the programme, its state and the workflow versions it went through', () => {
    expect(dossier.identity).toEqual(
      expect.arrayContaining([
        { label: 'IATI identifier', value: 'NL-KVK-27378529-LCZ-SZ' },
        { label: 'State', value: `closed after seq ${total}, under programme@3` },
      ]),
    );
    expect(dossier.versions).toEqual([{ workflow: 'programme@3', fromSeq: 1, toSeq: total }]);
  });

  it('lists every gate decision with who decided, the criteria as assessed, and what became of the conditions', () => {
    const g1 = section(/^G1 decision: go with conditions \(seq \d+\)$/);
    expect(g1.kind === 'facts' && g1.facts).toEqual(
      expect.arrayContaining([
        { label: 'Recorded by', value: 'eli (gatekeeper), signed with eli, event lcz-12-g1-decision' },
        {
          label: 'Decision makers',
          value: expect.stringMatching(
            /Shenzhen Municipal Government \(sz-gov\), CN, TANG Jie, Vice-mayor of Shenzhen: go/,
          ),
        },
      ]),
    );
    expect(rows(section(/^G1 decision.*: criteria$/))).toContainEqual([
      'G1-C1',
      'Delegation visit done with "agreement on the expert meeting"',
      'must',
      'yes',
      'lcz-07-visit-completed',
    ]);
    expect(rows(section(/^G1 decision.*: conditions$/))[0]).toEqual([
      'K1',
      'Joint working group installed',
      '2 Performance',
      'TWA Guangzhou (Innovation Attaché network China) (twa-guangzhou), Shenzhen Development and Reform Commission (sz-drc)',
      '2012-01-31',
      expect.stringMatching(
        /^satisfied on 2012-01-12, seq \d+ \(lcz-15-k1-satisfied\), evidence lcz-14-joint-working-group$/,
      ),
    ]);
    expect(
      dossier.sections
        .filter((s) => /^G\d decision: [^:]*$/.test(s.title))
        .map((s) => s.title.replace(/ \(seq \d+\)/, '')),
    ).toEqual(['G1 decision: go with conditions', 'G2 decision: go', 'G3 decision: go']);
  });

  it('lists the agreements and the timeline of meetings, visits, decisions and signings', () => {
    expect(rows(section('Agreements'))).toContainEqual(
      expect.arrayContaining(['mou-lcz', 'mou', false, expect.stringMatching(/^2012-06-14 in Beijing \(high level\)/)]),
    );
    const timeline = rows(section('Timeline: every fact'));
    expect(timeline).toHaveLength(length);
    expect(timeline.map((r) => r[2])).toEqual(
      expect.arrayContaining([
        'NetworkMeetingHeld',
        'DelegationVisitCompleted',
        'ExpertMeetingHeld',
        'GateDecisionRecorded',
        'AgreementSigned',
        'ProgrammeClosed',
        'FinancialTransactionRecorded',
        'BudgetLinePlanned',
        'DocumentLinked',
        'ParticipantRegistered',
      ]),
    );
    const said = timeline.map((r) => String(r[3]));
    expect(said).toContain(
      'Incoming Commitment of EUR 150,000 from Ministry of Economic Affairs, Agriculture and Innovation (EL&I) to NL Agency on 2011-07-05',
    );
    expect(said.find((t) => t.startsWith('Delegation visit CN TO NL planned'))).toMatch(
      /headed by TANG Jie, Vice-mayor of Shenzhen \(Shenzhen Municipal Government\)$/,
    );
    expect(said).toContain(
      'Document linked: Memorandum of understanding on cooperation on a low-carbon zone in Shenzhen (A09 Memorandum of understanding (If agreed by all parties))',
    );
  });

  it('shows results R1-R7 with the events that evidence them', () => {
    const results = rows(section('Results R1-R7'));
    expect(results.map((r) => String(r[0]).slice(0, 2))).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7']);
    expect(results[0]).toEqual([
      'R1 Organisational structure of the Sino-Dutch cooperation in place',
      '1 Output',
      'Joint governance bodies established',
      '1 Unit',
      '0 (2011)',
      '1 (One joint body)',
      '2011: 0; 2012: 1',
      'met',
      expect.stringMatching(/\(lcz-14-joint-working-group\)/),
    ]);
    expect(results[1]).toEqual(
      expect.arrayContaining(['4 Ordinal', '2011: 0; 2012: 2', 'met', expect.stringMatching(/\(lcz-22-mou-signed\)/)]),
    );
    // R3 counts the private sector showcased at the expert meeting; R4-R6 are qualitative, R7's target is the registered "several"
    expect(results[2]).toEqual(
      expect.arrayContaining([
        '2 Outcome',
        '2011: 3; 2012: 3',
        'no target',
        expect.stringMatching(/Dutch private sector \(companies showcased at the expert meeting\) contributing/),
      ]),
    );
    expect(results[3]).toEqual(
      expect.arrayContaining(['5 Qualitative', 'Endorsed by both sides', '2011: endorsed; 2012: endorsed', 'met']),
    );
    expect(results[6]).toEqual(
      expect.arrayContaining([
        '3 (3 activities ("several"))',
        '2011: 0; 2012: 4',
        'met',
        expect.stringMatching(/lcz-24-kt-workshop.*lcz-kt-4/),
      ]),
    );
  });

  it('lists the refused proposals with their actor and reasons', () => {
    expect(dossier.refusals.rows).toMatchObject([
      { seq: 1, actor: 'nl-agency', role: hostile.attribute, proposed: 'ParticipantRegistered', kind: 'forbidden' },
    ]);
  });
});

describe('the dossier keeps hostile payloads inert', () => {
  const tags = new Set([
    'html',
    'head',
    'meta',
    'title',
    'style',
    'body',
    'header',
    'main',
    'section',
    'h1',
    'h2',
    'p',
    'ul',
    'li',
    'dl',
    'dt',
    'dd',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'details',
    'summary',
    'strong',
  ]);
  const attributes = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'scope']);

  it('writes HTML with no tag, attribute, script or control character that did not come from the template', () => {
    const found = [...html.matchAll(/<\/?([A-Za-z!][^\s>/]*)([^>]*)>/g)];
    expect(found.length).toBeGreaterThan(100);
    for (const [, name, rest] of found) {
      if (name === '!DOCTYPE') continue;
      expect(tags.has(name!.toLowerCase()), `tag <${name}>`).toBe(true);
      const names = rest!.replace(/"[^"]*"/g, '""').matchAll(/([A-Za-z-]+)=""/g);
      for (const [, attribute] of names)
        expect(attributes.has(attribute!), `attribute ${attribute} on <${name}>`).toBe(true);
      expect(rest!.replace(/\s[A-Za-z-]+="[^"]*"/g, '').trim(), `<${name}${rest}>`).toBe('');
    }
    expect(html).not.toMatch(/<script/i);
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).toContain('\\u202e bidi');
  });

  it('defuses every formula prefix in HTML and Markdown cells', () => {
    for (const [, text] of html.matchAll(/<(?:td|dd)>([^<]*)<\/(?:td|dd)>/g))
      expect(text, text).not.toMatch(/^[=+\-@]/);
    expect(html).toContain(`<dd>&#39;=HYPERLINK(&#34;http://evil.example&#34;,&#34;click&#34;)`);
    expect(markdown).toContain(`| '=HYPERLINK("http://evil.example","click") |`);
  });

  it('writes Markdown that no renderer turns into HTML, links or broken tables', () => {
    expect(markdown).not.toMatch(/(?<!\\)<[A-Za-z/!]/);
    expect(markdown).toContain('\\<script>alert("x")\\</script>');
    expect(markdown).toContain('\\| cell \\| break \\| \\*\\*bold\\*\\* \\[link\\](javascript:alert(1)) \\`code\\`');
    expect(markdown).toContain('\\&amp; \\&lt;b\\&gt; \\&#60;');
    // no HTML entity anywhere: a name with an ampersand reads as written
    expect(markdown).not.toMatch(/(?<!\\)&(#\d+|[a-z]+);/);
    expect(markdown).toContain('Ministry of Economic Affairs, Agriculture and Innovation (EL&I)');
    const pipes = (line: string) => line.split(/(?<!\\)\|/).length;
    let columns = 0;
    const lines = markdown.split('\n');
    lines.forEach((line, i) => {
      if (!line.startsWith('| ')) return (columns = 0);
      if (lines[i + 1]?.startsWith('| ---')) columns = pipes(line);
      expect(pipes(line), line).toBe(columns);
      return columns;
    });
    // eslint-disable-next-line no-control-regex
    expect(markdown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  });

  it('keeps every hostile string intact in JSON, where no < or control character appears raw', () => {
    const parsed = JSON.parse(json) as Dossier;
    const text = JSON.stringify(parsed);
    for (const entry of corpus) expect(text).toContain(JSON.stringify(entry).slice(1, -1));
    expect(json).not.toMatch(/[<>\u2028\u2029]/);
  });

  it('lets no payload pollute a prototype', () => {
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
