// The log every dossier test reads: the seed timeline with hostile text in every kind of field the dossier shows,
// then closure under programme@3, signed, with one refused proposal recorded; and the dossier built from it.
import { expect } from 'vitest';
import {
  InvalidInputError,
  RefusedError,
  createEngine,
  createMemoryEventStore,
  createWorkflowRegistry,
  encodeEvent,
  type EventStore,
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

export const hostile = {
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
export const corpus = Object.values(hostile);

export const seed = seedProposals();
export const manager = { id: 'twa-guangzhou', role: 'programme_manager' };
/** The seed timeline with hostile text in every kind of field the dossier shows, then closure under programme@3. */
/** The index of the seed proposal with this id (the seed grows: positions are looked up, never written down). */
export const at = (id: string) => seed.findIndex((p) => p.id === id);
export const setUpEnd = seed.findLastIndex((p) => p.id?.startsWith('lcz-02-')) + 1;
export const history: TestProposal[] = [
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
export const length = history.length;

/** How many events the stream holds: its last seq. */
export const total = history.length;
export const nla = generateSigningKey({ keyId: 'nla', actorId: 'nl-agency', validFrom: '2000-01-01T00:00:00Z' });
export const twa = generateSigningKey({ keyId: 'twa', actorId: 'twa-guangzhou', validFrom: '2000-01-01T00:00:00Z' });
export const eli = generateSigningKey({ keyId: 'eli', actorId: 'eli', validFrom: '2000-01-01T00:00:00Z' });
export const keys = createKeyRegistry([nla, twa, eli].map(publicEntryOf));

/** What the dossier tests read: the store and its JSONL export, the registry, the dossier and its three renderings. */
export type DossierFixture = {
  readonly store: EventStore;
  readonly file: string;
  readonly registry: ReturnType<typeof createWorkflowRegistry>;
  readonly dossier: Dossier;
  readonly html: string;
  readonly markdown: string;
  readonly json: string;
};

/** Records the history, writes it to a JSONL file in `dir` and builds its dossier. */
export async function buildDossierFixture(dir: ReturnType<typeof temporaryDirectory>): Promise<DossierFixture> {
  const store = createMemoryEventStore();
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
  const file = dir.file('lcz.jsonl', text);
  const dossier = await buildDossier({ kind: 'file', path: file }, engine.registry, 'lcz', {
    keys,
    checkpoint,
    generatedAt: '2013-02-01T00:00:00Z',
  });
  const html = renderDossierHtml(dossier);
  const markdown = renderDossierMarkdown(dossier);
  const json = renderDossierJson(dossier);
  return { store, file, registry: engine.registry, dossier, html, markdown, json };
}
