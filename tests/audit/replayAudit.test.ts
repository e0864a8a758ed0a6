import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  createEngine,
  createMemoryEventStore,
  createWorkflowRegistry,
  sha256Hex,
  type RecordedEvent,
} from '../../src/index.ts';
import { createReplayAuditor } from '../../src/entries/audit.ts';
import { programmeVersions } from '../../machines/index.ts';
import { seedProposals, seedSeqOf } from '../support/lifecycle.ts';
import { recordThroughEngine, sealChain } from '../support/logs.ts';
import type { Engine } from '../../src/index.ts';

const registry = createWorkflowRegistry([...programmeVersions]);
const seedLength = seedProposals().length;
const meetingSeq = seedSeqOf('lcz-05-network-meeting');
const visitSeq = seedSeqOf('lcz-07-visit-completed');
let faithful: RecordedEvent[] = [];

beforeAll(async () => {
  faithful = await recordThroughEngine('lcz', seedProposals());
});

/** Returns the log with `change` applied to the event at `seq`, every hash and link recomputed: a forger's log. */
function forge(
  events: readonly RecordedEvent[],
  seq: number,
  change: (event: RecordedEvent) => Partial<RecordedEvent>,
): RecordedEvent[] {
  let prev = GENESIS_HASH;
  return events.map((event) => {
    const { hash: _hash, sig: _sig, ...rest } = event.seq === seq ? { ...event, ...change(event) } : event;
    const unhashed = { ...rest, prev };
    const sealed = { ...unhashed, hash: sha256Hex(canonicalJson(unhashed)) } as RecordedEvent;
    prev = sealed.hash;
    return sealed;
  });
}

function audit(events: readonly RecordedEvent[]) {
  const auditor = createReplayAuditor(registry);
  for (const event of events) auditor.accept(event);
  return auditor.finish();
}

describe('replay as an audit', () => {
  it('finds nothing in a log the engine wrote', () => {
    expect(audit(faithful)).toMatchObject([{ stream: 'lcz', seq: seedLength, workflow: 'programme@3', findings: [] }]);
  });

  const forgeries: Array<[string, number, (e: RecordedEvent) => Partial<RecordedEvent>, string, RegExp]> = [
    [
      'an event the machine would not accept in its state',
      visitSeq,
      () => ({
        type: 'AgreementSigned',
        data: {
          agreementId: 'mou-lcz',
          signedOn: '2011-09-22',
          place: 'The Hague',
          ceremonyLevel: 'high_level',
          signatories: [{ title: 'Minister', orgId: 'eli' }],
          effectiveFrom: '2011-09-22',
        },
      }),
      'not_accepted',
      /AgreementSigned refused in feasibility.active: agreement mou-lcz was never proposed/,
    ],
    [
      'an event recorded by a role that may not record it',
      meetingSeq,
      (e) => ({ actor: { ...e.actor, role: 'auditor' } }),
      'unauthorized',
      /recorded by programme_manager, not by auditor/,
    ],
    [
      'an event recorded by an organisation that does not hold the role it claims',
      meetingSeq,
      (e) => ({ actor: { ...e.actor, id: 'ngi' } }),
      'unauthorized',
      /ngi does not hold programme_manager \(it holds no role\); record RoleGranted \(orgId ngi, role programme_manager\)/,
    ],
    [
      'a gate decision recorded by a gatekeeper that is not one of the review',
      seedSeqOf('lcz-23-g2-decision'),
      (e) => ({ actor: { ...e.actor, id: 'sz-drc' } }),
      'unauthorized',
      /one of the open G2 review's gatekeepers \(eli, im, ndrc-ccd, sz-gov\), not sz-drc/,
    ],
    [
      'a payload its schema refuses',
      meetingSeq,
      (e) => ({ data: { ...e.data, topics: [] } }),
      'schema',
      /topics: expected at least one topic/,
    ],
    [
      'a type the workflow does not know',
      meetingSeq,
      () => ({ type: 'MeetingHeld' }),
      'schema',
      /has no event type MeetingHeld/,
    ],
    [
      'a recording time before the previous one',
      meetingSeq,
      () => ({ recordedAt: '2012-12-31T11:00:00.000Z' }),
      'clock',
      /before the previous event's/,
    ],
    [
      'a fact recorded before it happened',
      meetingSeq,
      (e) => ({ occurredAt: '2013-06-01', recordedAt: e.recordedAt }),
      'clock',
      /after recordedAt/,
    ],
    [
      'a payload schema newer than the code',
      meetingSeq,
      () => ({ schema: 2 }),
      'schema',
      /schema version 2 is not readable here/,
    ],
    [
      'a switch of version without a migration',
      meetingSeq,
      () => ({ workflow: 'programme@1' }),
      'workflow',
      /only a WorkflowMigrated event changes the version/,
    ],
  ];

  it.each(forgeries)('reports %s at its seq, though the chain is intact', (_name, seq, change, kind, reason) => {
    const [result] = audit(forge(faithful, seq, change));
    const first = result!.findings[0]!;
    expect(result!.findings.some((f) => f.kind === 'chain')).toBe(false);
    expect(first).toMatchObject({ stream: 'lcz', seq, kind });
    expect(first.reason).toMatch(reason);
  });

  it('holds each recording time to the latest one before it, not only to the one just before', () => {
    const late = '2030-01-01T00:00:00.000Z';
    const [result] = audit(forge(faithful, meetingSeq, () => ({ recordedAt: late })));
    const clock = result!.findings.filter((f) => f.kind === 'clock');
    // Every later event was recorded before 2030: each is measured against the latest time seen, 2030's.
    expect(clock.map((f) => f.seq)).toEqual(faithful.filter((e) => e.seq > meetingSeq).map((e) => e.seq));
    for (const finding of clock) expect(finding.reason).toContain(`before the previous event's ${late}`);
  });

  it('reports a broken chain alongside, and goes on re-deciding every later event', () => {
    const participant = seedSeqOf('lcz-02-participant-09');
    const tampered = faithful.map((e) =>
      e.seq === participant ? { ...e, data: { ...e.data, name: 'Someone else' } } : e,
    );
    const [result] = audit(tampered);
    expect(result!.findings).toMatchObject([
      { seq: participant, kind: 'chain', reason: expect.stringMatching(/does not match its hash/) },
    ]);
    expect(result!.seq).toBe(seedLength);
  });

  it("checks a refusals stream as the engine's record, and refuses a programme stream in its place", async () => {
    const engine: Engine = createEngine({
      workflows: [...programmeVersions],
      store: createMemoryEventStore(),
      recordRefusals: true,
      clock: () => new Date('2013-01-01T00:00:00Z'),
    });
    await engine.record('lcz', seedProposals()[0]);
    await expect(
      engine.record('lcz', { ...seedProposals()[1]!, actor: { id: 'nl-agency', role: 'auditor' } }),
    ).rejects.toThrow(/may not record/);
    const refusals: RecordedEvent[] = [];
    for await (const event of engine.store.readStream('lcz.refusals')) refusals.push(event);
    expect(audit(refusals)).toMatchObject([{ stream: 'lcz.refusals', workflow: 'phasegate-refusals@1', findings: [] }]);
    const impostor = sealChain([{ stream: 'lcz.refusals' }]);
    expect(audit(impostor)[0]!.findings[0]).toMatchObject({
      seq: 1,
      kind: 'workflow',
      reason: expect.stringMatching(/for <stream>.refusals streams only/),
    });
  });

  it('says what the engine says: the same refusal, word for word, for an event or a migration it would refuse', async () => {
    const engine: Engine = createEngine({
      workflows: [...programmeVersions],
      store: createMemoryEventStore(),
      clock: () => new Date('2013-01-01T00:00:00Z'),
    });
    await engine.recordBatch('lcz', seedProposals().slice(0, visitSeq - 1));
    const changes: Array<(e: RecordedEvent) => Partial<RecordedEvent>> = [
      () => ({
        type: 'AgreementSigned',
        data: {
          agreementId: 'mou-lcz',
          signedOn: '2011-09-22',
          place: 'The Hague',
          ceremonyLevel: 'high_level',
          signatories: [{ title: 'Minister', orgId: 'eli' }],
          effectiveFrom: '2011-09-22',
        },
      }),
      (e) => ({
        type: 'WorkflowMigrated',
        actor: { id: 'eli', role: 'gatekeeper' },
        data: { from: 'programme@3', to: 'programme@1', reason: 'back' },
        workflow: e.workflow,
      }),
    ];
    for (const change of changes) {
      const forged = forge(faithful, visitSeq, change);
      const [result] = audit(forged.slice(0, visitSeq));
      const {
        id: _id,
        seq: _seq,
        prev: _prev,
        hash: _hash,
        recordedAt: _at,
        stream: _stream,
        workflow: _workflow,
        schema: _schema,
        ...proposal
      } = forged[visitSeq - 1]!;
      const refused = await engine.record('lcz', proposal as never).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(refused).not.toBeNull();
      expect(result!.findings.filter((f) => f.kind === 'not_accepted').map((f) => f.reason)).toEqual([refused]);
    }
  });

  it('names only the cause when a payload cannot be lifted, and goes on auditing', () => {
    const withoutUpcaster = programmeVersions.map((w) => ({
      ...w,
      catalogue: { ...w.catalogue, ProgrammeSuspended: { ...w.catalogue.ProgrammeSuspended, upcasters: {} } },
    }));
    const golden = readFileSync(new URL('../golden/lcz-v1-closed.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const auditor = createReplayAuditor(createWorkflowRegistry(withoutUpcaster as unknown as typeof programmeVersions));
    for (const line of golden) auditor.accept(JSON.parse(line) as RecordedEvent);
    const [result] = auditor.finish();
    const suspension = result!.findings.find((f) => f.type === 'ProgrammeSuspended');
    expect(suspension).toMatchObject({
      kind: 'schema',
      reason: 'the payload cannot be lifted to schema 2: ProgrammeSuspended has no upcaster from schema version 1 to 2',
    });
    expect(result!.seq).toBe(golden.length);
  });
});
