import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  RefusedError,
  createEngine,
  createMemoryEventStore,
  createWorkflowRegistry,
  encodeEvent,
  type EventStore,
  type RecordedEvent,
  type ReportSection,
} from '../../src/index.ts';
import {
  buildDossier,
  createCheckpoint,
  createKeyRegistry,
  createSigner,
  generateSigningKey,
  publicEntryOf,
  renderDossierHtml,
  renderDossierJson,
  renderDossierMarkdown,
  type Dossier,
} from '../../src/entries/audit.ts';
import { programmeVersions } from '../../machines/index.ts';
import { implementationToClosure, seedProposals, type TestProposal } from '../support/lifecycle.ts';
import { temporaryDirectory } from '../support/logs.ts';
import type { Engine } from '../../src/index.ts';

const hostile = {
  script: '<script>alert("x")</script>',
  attribute: '"><img src=x onerror=alert(1)>',
  formula: '=HYPERLINK("http://evil.example","click")',
  plus: "+1+cmd|' /C calc'!A0",
  at: '@SUM(1+1)*cmd',
  minus: '-2+3',
  controls: 'line\r\nbreak \u0000 nul \u001b[31m ansi \u202e bidi \u2028 separator',
  markdown: '| cell | break | **bold** [link](javascript:alert(1)) `code`',
  sql: "'; DROP TABLE events; --",
  numbers: 'NaN Infinity -0 1e309',
  entity: '&amp; &lt;b&gt; &#60;',
};
const corpus = Object.values(hostile);

const seed = seedProposals();
const manager = { id: 'twa-guangzhou', role: 'programme_manager' };
/** The seed timeline with hostile text in every kind of field the dossier shows, then closure under programme@3. */
/** The index of the seed proposal with this id (the seed grows: positions are looked up, never written down). */
const at = (id: string) => seed.findIndex((p) => p.id === id);
const setUpEnd = seed.findLastIndex((p) => p.id?.startsWith('lcz-02-')) + 1;
const history: TestProposal[] = [
  {
    ...seed[0]!,
    data: {
      ...seed[0]!.data,
      title: hostile.script,
      description: `${hostile.formula} ${hostile.controls}`,
      locationName: hostile.attribute,
    },
  },
  ...seed.slice(1, setUpEnd),
  {
    type: 'ParticipantRegistered',
    occurredAt: '2011-07-01',
    actor: manager,
    data: { orgId: 'evil-corp', name: hostile.attribute, side: 'NL', orgType: 70, iatiRoles: [4] },
  },
  ...seed.slice(setUpEnd, at('lcz-05-network-meeting')),
  {
    type: 'NetworkMeetingHeld',
    occurredAt: '2011-07-20',
    actor: manager,
    data: {
      meetingId: 'm-hostile',
      date: '2011-07-20',
      participantIds: ['eli', 'evil-corp'],
      topics: [
        hostile.formula,
        hostile.plus,
        hostile.at,
        hostile.minus,
        hostile.markdown,
        hostile.sql,
        hostile.numbers,
        hostile.entity,
        hostile.controls,
      ],
    },
  },
  ...seed.slice(at('lcz-05-network-meeting'), at('lcz-19-mou-proposed')),
  {
    type: 'AgreementProposed',
    occurredAt: '2012-05-01',
    actor: manager,
    data: {
      agreementId: 'loi-hostile',
      instrument: 'letter_of_intent',
      legallyBinding: false,
      partyOrgIds: ['eli', 'sz-gov'],
      subject: hostile.formula,
    },
  },
  ...seed.slice(at('lcz-19-mou-proposed')),
  ...implementationToClosure(4),
];
/** How many events the history stores. */
const length = history.length;

/** How many events the stream holds: its last seq. */
const total = history.length;
const dir = temporaryDirectory();
const nla = generateSigningKey({ keyId: 'nla', actorId: 'nl-agency', validFrom: '2000-01-01T00:00:00Z' });
const twa = generateSigningKey({ keyId: 'twa', actorId: 'twa-guangzhou', validFrom: '2000-01-01T00:00:00Z' });
const eli = generateSigningKey({ keyId: 'eli', actorId: 'eli', validFrom: '2000-01-01T00:00:00Z' });
const keys = createKeyRegistry([nla, twa, eli].map(publicEntryOf));
let store: EventStore;
let file = '';
let registry: ReturnType<typeof createWorkflowRegistry>;
let dossier: Dossier;
let html = '';
let markdown = '';
let json = '';

beforeAll(async () => {
  store = createMemoryEventStore();
  let now = Date.parse('2013-01-01T00:00:00Z');
  const engine: Engine = createEngine({
    workflows: [...programmeVersions],
    store,
    clock: () => new Date((now += 1000)),
    recordRefusals: true,
    signer: createSigner([nla, twa, eli]),
  });
  for (const proposal of history) await engine.record('lcz', proposal);
  const { id: _id, ...participant } = seed[1]!;
  await expect(
    engine.record('lcz', { ...participant, actor: { id: 'nl-agency', role: hostile.attribute } }),
  ).rejects.toThrow(RefusedError);
  await expect(
    engine.record(
      'lcz',
      JSON.parse(
        `{"type":"DocumentLinked","occurredAt":"2013-01-01","actor":{"id":"eli","role":"gatekeeper"},"data":{"__proto__":{"polluted":true}}}`,
      ),
    ),
  ).rejects.toThrow(InvalidInputError);
  const head = await store.head('lcz');
  const checkpoint = createCheckpoint(
    [{ stream: 'lcz', seq: head!.seq, head: head!.hash, recordedAt: head!.recordedAt }],
    '2013-02-01T00:00:00Z',
  );
  let text = '';
  for await (const { event } of store.readAll()) text += `${encodeEvent(event)}\n`;
  file = dir.file('lcz.jsonl', text);
  registry = engine.registry;
  dossier = await buildDossier({ kind: 'file', path: file }, engine.registry, 'lcz', {
    keys,
    checkpoint,
    generatedAt: '2013-02-01T00:00:00Z',
  });
  html = renderDossierHtml(dossier);
  markdown = renderDossierMarkdown(dossier);
  json = renderDossierJson(dossier);
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

describe('the checkpoint in the verdict', () => {
  const witness = generateSigningKey({ keyId: 'witness', validFrom: '2000-01-01T00:00:00Z' });
  const withWitness = () => createKeyRegistry([nla, twa, eli, witness].map(publicEntryOf));
  const verdictOf = async (checkpoint: ReturnType<typeof createCheckpoint>, options: { keys?: boolean } = {}) => {
    const made = await buildDossier({ kind: 'file', path: file }, registry, 'lcz', {
      ...(options.keys === false ? {} : { keys: withWitness() }),
      checkpoint,
    });
    return { verdict: made.integrity.summary[0]!, md: renderDossierMarkdown(made), json: renderDossierJson(made) };
  };
  const lczHead = async () => (await store.head('lcz'))!;

  it('rests on a checkpoint that covers the stream, matches it and is signed by a registered witness', async () => {
    const head = await lczHead();
    const { verdict, md, json } = await verdictOf(
      createCheckpoint(
        [{ stream: 'lcz', seq: head.seq, head: head.hash, recordedAt: head.recordedAt }],
        '2013-02-01T00:00:00Z',
        witness,
      ),
    );
    const expected = `Verdict: the history of "lcz" is intact: the hash chain, the signatures, the checkpoint of 2013-02-01T00:00:00Z (matched at seq ${total}) and the replay hold.`;
    expect(verdict).toBe(expected);
    expect(md).toContain(expected);
    expect(JSON.parse(json).integrity.summary[0]).toBe(expected);
  });

  it('does not claim a checkpoint that does not cover the stream, or whose signature was not checked, holds', async () => {
    const head = await lczHead();
    const other = await verdictOf(
      createCheckpoint(
        [{ stream: 'elsewhere', seq: 1, head: head.hash, recordedAt: head.recordedAt }],
        '2013-02-01T00:00:00Z',
        witness,
      ),
    );
    const uncovered =
      'Verdict: the history of "lcz" is intact: the hash chain, the signatures and the replay hold (the checkpoint of 2013-02-01T00:00:00Z does not cover this stream).';
    expect(other.verdict).toBe(uncovered);
    expect(other.md).toContain(uncovered);
    expect(JSON.parse(other.json).integrity.summary[0]).toBe(uncovered);
    const unchecked = await verdictOf(
      createCheckpoint(
        [{ stream: 'lcz', seq: head.seq, head: head.hash, recordedAt: head.recordedAt }],
        '2013-02-01T00:00:00Z',
        witness,
      ),
      { keys: false },
    );
    const notChecked = `Verdict: the history of "lcz" is intact: the hash chain and the replay hold (the checkpoint of 2013-02-01T00:00:00Z matches at seq ${total} but its signature was not checked: no key registry was given).`;
    expect(unchecked.verdict).toBe(notChecked);
    expect(unchecked.md).toContain(notChecked);
    expect(JSON.parse(unchecked.json).integrity.summary[0]).toBe(notChecked);
  });
});

describe('the dossier of a damaged log', () => {
  it('says in its verdict, in every format, that the log no longer matches the checkpoint', async () => {
    const golden = new URL('../golden/lcz-v1-closed.jsonl', import.meta.url).pathname;
    const events = readFileSync(golden, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const last = JSON.parse(events.at(-1)!) as { seq: number; hash: string; recordedAt: string };
    const checkpoint = createCheckpoint(
      [{ stream: 'lcz-v1-closed', seq: last.seq, head: last.hash, recordedAt: last.recordedAt }],
      '2013-02-01T00:00:00Z',
    );
    const file = dir.file('truncated.jsonl', `${events.slice(0, -3).join('\n')}\n`);
    const cut = await buildDossier(
      { kind: 'file', path: file },
      createWorkflowRegistry([...programmeVersions]),
      'lcz-v1-closed',
      { checkpoint },
    );
    expect(cut.integrity.verdict).toBe('not intact');
    expect(cut.integrity.summary[0]).toBe(
      'Verdict: the history of "lcz-v1-closed" is NOT intact (the checkpoint of 2013-02-01T00:00:00Z (truncated) failed); see below.',
    );
    expect(cut.integrity.checkpoint).toMatchObject({ covers: true, matches: false, problem: 'truncated' });
    for (const text of [renderDossierMarkdown(cut), renderDossierHtml(cut), renderDossierJson(cut)])
      expect(text).toContain('the checkpoint of 2013-02-01T00:00:00Z (truncated) failed');
  });

  it('is still written, says the history is not intact, and names the first bad seq', async () => {
    const golden = new URL('../golden/lcz-v1-closed.jsonl', import.meta.url).pathname;
    const text = readFileSync(golden, 'utf8').split('\n');
    text.splice(30, 1, '{"this is":"not an event"');
    const file = dir.file('damaged.jsonl', text.join('\n'));
    const damaged = await buildDossier(
      { kind: 'file', path: file },
      createWorkflowRegistry([...programmeVersions]),
      'lcz-v1-closed',
    );
    expect(damaged.integrity.verdict).toBe('not intact');
    expect(damaged.integrity.summary[1]).toMatch(/^Hash chain: NOT intact: unreadable at seq 31/);
    expect(damaged.events).toHaveLength(46);
  });
});

describe('the dossier folds as it reads', () => {
  /** A store over a golden log that notes each event it yields, and a registry whose projections note each event they fold. */
  const traced = (name: string) => {
    const log: string[] = [];
    const path = new URL(`../golden/${name}.jsonl`, import.meta.url).pathname;
    const all = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as RecordedEvent);
    const of = (stream: string) => all.filter((e) => e.stream === stream);
    const store = {
      location: `traced:${name}`,
      listStreams: async () => [...new Set(all.map((e) => e.stream))],
      head: async (stream: string) => of(stream).at(-1) ?? null,
      async *readStream(stream: string) {
        for (const event of of(stream)) {
          log.push(`read ${event.seq}`);
          yield event;
        }
      },
    } as unknown as EventStore;
    const workflows = programmeVersions.map((w) => ({
      ...w,
      dossier: {
        ...w.dossier!,
        apply: (model: unknown, event: RecordedEvent) => (
          log.push(`apply ${event.seq}`),
          w.dossier!.apply(model, event)
        ),
      },
    }));
    return {
      log,
      path,
      store,
      registry: createWorkflowRegistry(workflows as unknown as typeof programmeVersions),
      reads: () => log.filter((l) => l === 'read 1').length,
    };
  };

  it('folds each event as it is read, and reads a stream that stayed on one version once after verifying it', async () => {
    const { log, store, registry, reads } = traced('lcz-v1-closed');
    const made = await buildDossier({ kind: 'store', store }, registry, 'lcz-v1-closed');
    expect(made.integrity.verdict).toBe('intact');
    expect(log[log.indexOf('apply 1') - 1]).toBe('read 1');
    expect(log[log.indexOf('apply 2') - 1]).toBe('read 2');
    expect(reads()).toBe(2);
    const fromFile = await buildDossier(
      { kind: 'file', path: traced('lcz-v1-closed').path },
      createWorkflowRegistry([...programmeVersions]),
      'lcz-v1-closed',
    );
    expect(made.sections).toEqual(fromFile.sections);
  });

  it('reads a migrated stream once more, to fold it under the projection of the version it ended under', async () => {
    const { store, registry, reads } = traced('lcz-v1-migrated-v2');
    const made = await buildDossier({ kind: 'store', store }, registry, 'lcz-v1-migrated-v2');
    expect(made.state).toMatchObject({ workflow: 'programme@2' });
    expect(reads()).toBe(3);
    const fromFile = await buildDossier(
      { kind: 'file', path: traced('lcz-v1-migrated-v2').path },
      createWorkflowRegistry([...programmeVersions]),
      'lcz-v1-migrated-v2',
    );
    expect(made.sections).toEqual(fromFile.sections);
    expect(made.sections.length).toBeGreaterThan(0);
  });
});
