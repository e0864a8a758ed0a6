import { describe, expect, it } from 'vitest';
import { programme } from '../../machines/index.ts';
import { createEngine, createMemoryEventStore } from '../../src/index.ts';
import type { Workflow } from '../../src/index.ts';
import { WorkflowSpecification } from '../../src/testing/index.ts';
import {
  byFinance,
  byGatekeeper,
  byManager,
  seed,
  seedProposal,
  seedUntil,
  toClosure,
  variant,
} from '../fixtures/lcz.ts';
import type { Engine } from '../../src/index.ts';

const clock = () => new Date('2026-01-01T00:00:00Z');
const spec = WorkflowSpecification.for<Workflow>(programme);
const g1 = seedProposal('12-g1-decision');
const atG1 = seedUntil('11-understanding-expertise');
const hold = variant(g1, { decision: 'hold', conditions: [], nextGate: undefined, reviewDate: '2012-02-01' });
const resume = (on: string) => byGatekeeper('ProgrammeResumed', on, { decidedBy: ['eli', 'sz-gov'] });
const suspend = (on: string) =>
  byGatekeeper('ProgrammeSuspended', on, {
    reason: 'Municipal reorganisation',
    category: 'partner_request',
    decidedBy: ['eli'],
    reviewDate: '2013-03-01',
  });
const cancel = (on: string) =>
  byGatekeeper('ProgrammeCancelled', on, { reason: 'Shenzhen withdrew', decidedBy: ['eli', 'sz-gov'] });
const doc = (docId: string, on: string) =>
  byManager('DocumentLinked', on, {
    docId,
    title: 'Evaluation',
    category: 'A07',
    url: 'https://example.org/eval',
    date: on,
    language: 'en',
  });
const meeting = (on: string) => variant(seedProposal('05-network-meeting'), { date: on }, { occurredAt: on });

describe('the seed timeline (examples/lcz-shenzhen.jsonl)', () => {
  it('passes through the states the timeline gives, ending in implementation.active', async () => {
    const engine: Engine = createEngine({ workflows: programme, store: createMemoryEventStore(), clock });
    const after = new Map<string, string>();
    for (const proposal of seed) {
      const { state } = await engine.record('lcz-shenzhen', proposal);
      after.set(proposal.id!.replace('lcz-', ''), String(state.state));
    }
    expect(after.get('01-registered')).toBe('feasibility.active');
    expect(after.get('08-involvement-ngi')).toBe('feasibility.active');
    expect(after.get('09-g1-review')).toBe('feasibility.gate');
    expect(after.get('11-understanding-expertise')).toBe('feasibility.gate');
    expect(after.get('12-g1-decision')).toBe('development.active');
    expect(after.get('20-g2-review')).toBe('development.gate');
    expect(after.get('22-mou-signed')).toBe('development.gate');
    expect(after.get('23-g2-decision')).toBe('implementation.active');
    expect(after.get('25-expert-joins-jwg')).toBe('implementation.active');
    expect((await engine.state('lcz-shenzhen')).seq).toBe(seed.length);
  });

  it('reaches closure through G3 and then accepts only documents', async () => {
    await spec.given(toClosure).when(doc('evaluation', '2013-01-10')).thenState('closed');
    await spec
      .given(toClosure)
      .when(meeting('2013-01-10'))
      .thenRefused('NetworkMeetingHeld is not allowed in closed; it can be recorded in feasibility, development');
  });
});

describe('suspension and resumption', () => {
  it('moves a hold at a gate to suspended and resumes at that gate (deep history)', async () => {
    await spec.given(atG1).when(hold).thenState('suspended');
    await spec
      .given([...atG1, hold])
      .when(resume('2012-02-01'))
      .thenState('feasibility.gate');
  });

  it('resumes a programme suspended mid-phase where it was', async () => {
    const inDevelopment = seedUntil('16-stakeholder-meeting');
    await spec.given(inDevelopment).when(suspend('2012-03-20')).thenState('suspended');
    await spec
      .given([...inDevelopment, suspend('2012-03-20')])
      .when(resume('2012-04-01'))
      .thenState('development.active');
  });

  it('accepts only participants, expenditure, documents, conditions, resume and cancel while suspended', async () => {
    const suspended = [...seedUntil('16-stakeholder-meeting'), suspend('2012-03-20')];
    await spec.given(suspended).when(doc('note', '2012-03-21')).thenState('suspended');
    await spec
      .given(suspended)
      .when(meeting('2012-03-21'))
      .thenRefused(/NetworkMeetingHeld is not allowed in suspended/);
    await spec
      .given(suspended)
      .when(suspend('2012-03-22'))
      .thenRefused(/ProgrammeSuspended is not allowed in suspended/);
    const budget = byFinance('BudgetLinePlanned', '2012-03-21', {
      lineId: 'b-x',
      periodStart: '2012-01-01',
      periodEnd: '2012-12-31',
      amount: { amount: 1, currency: 'EUR' },
      type: 1,
      status: 2,
    });
    await spec
      .given(suspended)
      .when(budget)
      .thenRefused(
        'BudgetLinePlanned is not allowed in suspended; it can be recorded in feasibility, development, implementation, finalisation',
      );
  });
});

describe('cancellation', () => {
  it('ends the programme on a one-sided no_go and keeps accepting documents and expenditure corrections', async () => {
    const noGo = variant(g1, {
      decision: 'no_go',
      conditions: [],
      nextGate: undefined,
      decisionMakers: [{ orgId: 'sz-gov', side: 'CN', position: 'no_go' }],
    });
    await spec.given(atG1).when(noGo).thenState('cancelled');
    const cancelled = [...seedUntil('03-funds'), cancel('2011-08-01')];
    await spec.given(cancelled).when(doc('closure-note', '2011-08-02')).thenState('cancelled');
    const correction = byFinance('FinancialTransactionRecorded', '2011-08-03', {
      txId: 'fix',
      iatiType: 4,
      date: '2011-08-03',
      value: { amount: 10, currency: 'EUR' },
      providerOrgId: 'nl-agency',
      receiverOrgId: 'twa-guangzhou',
    });
    await spec.given(cancelled).when(correction).thenState('cancelled');
    await spec
      .given(cancelled)
      .when({ ...correction, data: { ...correction.data, iatiType: 3 } })
      .thenRefused('only expenditure corrections (IATI type 4) are accepted now, not type 3');
    await spec
      .given(cancelled)
      .when(meeting('2011-08-02'))
      .thenRefused(/NetworkMeetingHeld is not allowed in cancelled/);
  });
});

describe('the role policy (deny by default)', () => {
  const registered = seedUntil('02-participant-13');
  const asRole = (role: string, id = 'twa-guangzhou') => ({ ...meeting('2011-07-21'), actor: { id, role } });

  it('refuses a role that may not record the event type', async () => {
    await spec
      .given(registered)
      .when(asRole('auditor'))
      .thenRefused('NetworkMeetingHeld is recorded by programme_manager, not by auditor');
    await spec
      .given(registered)
      .when(asRole('gatekeeper'))
      .thenRefused('NetworkMeetingHeld is recorded by programme_manager, not by gatekeeper');
  });

  it('names an unknown role as such', async () => {
    await spec.given(registered).when(asRole('minister')).thenRefused('"minister" is not a role of this workflow');
  });

  it('refuses an actor that is not a participant of the programme', async () => {
    await spec
      .given(registered)
      .when(asRole('programme_manager', 'acme'))
      .thenRefused('the actor acme is not a registered participant');
  });

  it("lets only the open review's gatekeepers record its decision", async () => {
    const g2 = seedProposal('23-g2-decision');
    const atG2 = seedUntil('22-mou-signed');
    const byOtherGatekeeper = { ...g2, id: undefined, actor: { id: 'sz-drc', role: 'gatekeeper' } };
    await spec
      .given(atG2)
      .when(byOtherGatekeeper)
      .thenRefused(
        "a gate decision is recorded by one of the open G2 review's gatekeepers (eli, im, ndrc-ccd, sz-gov), not sz-drc",
      );
    await spec
      .given(atG1)
      .when({ ...g1, id: undefined, actor: { id: 'sz-drc', role: 'gatekeeper' } })
      .thenState('development.active');
  });

  it('refuses a gate decision by an organisation that does not hold gatekeeper, naming the grant it needs', async () => {
    const byOutsider = { ...g1, id: undefined, actor: { id: 'ndrc-ccd', role: 'gatekeeper' } };
    await spec
      .given(atG1)
      .when(byOutsider)
      .thenRefused(
        'ndrc-ccd does not hold gatekeeper (it holds no role); record RoleGranted (orgId ndrc-ccd, role gatekeeper) decided jointly by a gatekeeper of each side (NL: eli, im; CN: sz-gov, sz-drc)',
      );
  });

  it('lets only the reporting organisation register the programme', async () => {
    const registration = { ...seed[0]!, id: undefined, actor: { id: 'twa-guangzhou', role: 'programme_manager' } };
    await spec
      .given([])
      .when(registration)
      .thenRefused('registered by its reporting organisation nl-agency, not twa-guangzhou');
  });
});
