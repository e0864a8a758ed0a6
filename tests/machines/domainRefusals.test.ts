import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/index.ts';
import { WorkflowSpecification } from '../../src/testing/index.ts';
import { programmeV2, programmeV3, type ProgrammeContext } from '../../machines/index.ts';
import { byFinance, byManager, seed, seedProposal, seedUntil, variant } from '../fixtures/lcz.ts';
import type { Workflow } from '../../src/index.ts';

/**
 * Issue 9 §3: facts the domain must refuse. Each was accepted by programme@2 (the seed's version until programme@3),
 * and is refused by programme@3 with the rule's reason; codes outside the IATI codelists are invalid in any version.
 */
const v2 = WorkflowSpecification.for<Workflow>(programmeV2);
const v3 = WorkflowSpecification.for<Workflow>(programmeV3);
const specs = [
  ['programme@2', v2],
  ['programme@3', v3],
] as const;

const funds = seedProposal('03-funds');
const disbursement = (date: string, occurredAt: string) =>
  byFinance('FinancialTransactionRecorded', occurredAt, {
    txId: 'tx-disbursement',
    iatiType: 3,
    date,
    value: { amount: 1000, currency: 'EUR' },
    providerOrgId: 'nl-agency',
    receiverOrgId: 'twa-guangzhou',
  });
const mission = (direction: string, expertOrgIds: string[], hostOrgId: string) =>
  byManager('ExpertMissionConducted', '2012-10-10', {
    missionId: `mission-${direction}-${hostOrgId}`,
    direction,
    expertOrgIds,
    hostOrgId,
    needStatement: 'Advice on waste management',
    startDate: '2012-10-08',
    endDate: '2012-10-10',
  });
const ktAfter = async (spec: typeof v2, proposal: Parameters<typeof v2.given>[0][number]) => {
  const outcome = await spec.given(seed).when(proposal);
  expect(outcome.outcome).toBe('accepted');
  return outcome.outcome === 'accepted' ? (outcome.state.context as ProgrammeContext).ktActivities : -1;
};

describe('facts the domain refuses from programme@3 on', () => {
  it('refuses a second transaction with a txId already used in the programme', async () => {
    const again = variant(funds, { value: { amount: 1, currency: 'EUR' } });
    await v2.given(seedUntil('04-budget-2012')).when(again).thenState('feasibility.active');
    await v3
      .given(seedUntil('04-budget-2012'))
      .when(again)
      .thenRefused(/transaction tx-2011-incoming is already recorded; a txId is used once in a programme/);
  });

  it('refuses a 2011 disbursement recorded with a later occurredAt, which passed the back-dating rule', async () => {
    await v2.given(seed).when(disbursement('2011-08-01', '2012-10-10')).thenState('implementation.active');
    await v3
      .given(seed)
      .when(disbursement('2011-08-01', '2012-10-10'))
      .thenRefused(/occurredAt 2012-10-10 does not agree with data.date 2011-08-01: a fact occurs on its own date/);
    await v3.given(seed).when(disbursement('2012-10-10', '2012-10-10')).thenState('implementation.active');
  });

  it('refuses a signature whose signedOn is another day than occurredAt, and a range that does not contain it', async () => {
    const signed = seedProposal('22-mou-signed');
    await v2
      .given(seedUntil('21-theme'))
      .when(variant(signed, {}, { occurredAt: '2012-06-15' }))
      .thenState('development.gate');
    await v3
      .given(seedUntil('21-theme'))
      .when(variant(signed, {}, { occurredAt: '2012-06-15' }))
      .thenRefused(/occurredAt 2012-06-15 does not agree with data.signedOn 2012-06-14/);
    const workshop = seedProposal('24-kt-workshop');
    await v3
      .given(seedUntil('23-g2-decision'))
      .when(variant(workshop, {}, { occurredAt: '2012-09-19' }))
      .thenRefused(/does not agree with data.startDate..endDate \(2012-09-18..2012-09-18\)/);
  });

  it('refuses an expert mission whose experts or host are on the wrong side, which programme@2 counted toward R7', async () => {
    const crossed = mission('NL_TO_CN', ['sz-epb'], 'tu-delft');
    expect(await ktAfter(v2, crossed)).toBe(2);
    const refusal = await v3
      .given(seed)
      .when(crossed)
      .thenRefused(/an NL_TO_CN mission sends experts of the NL side; sz-epb is CN/);
    expect(refusal.reasons.map((r) => r.reason)).toContain(
      'an NL_TO_CN mission is hosted on the CN side; tu-delft is NL',
    );
  });

  it('counts toward R7 only a Dutch mission to a Chinese government body, as a knowledge-transfer activity', async () => {
    expect(await ktAfter(v3, mission('NL_TO_CN', ['tu-delft'], 'sz-uplrc'))).toBe(2);
    expect(await ktAfter(v3, mission('CN_TO_NL', ['sz-uplrc'], 'tu-delft'))).toBe(1);
    expect(await ktAfter(v2, mission('CN_TO_NL', ['sz-uplrc'], 'tu-delft'))).toBe(2);
  });
});

describe('codes checked against the IATI codelists, in every version', () => {
  it.each(specs)(
    'refuses under %s a language, sector or currency outside its list, naming the list',
    async (_version, spec) => {
      const doc = byManager('DocumentLinked', '2012-10-10', {
        docId: 'mou-text',
        title: 'MoU',
        category: 'A09',
        url: 'https://example.org/mou.pdf',
        date: '2012-06-14',
        language: 'zh-Hans',
      });
      const invalid = await spec
        .given(seed)
        .when(doc)
        .thenInvalid(/data.language: "zh-Hans" is not a code of the IATI Language codelist/);
      expect(invalid).toBeInstanceOf(InvalidInputError);
      const registration = seed[0]!;
      await spec
        .given([])
        .when(variant(registration, { sectors: [{ code: '43039', pct: 100 }] }))
        .thenInvalid(/"43039" is not a code of the IATI Sector codelist \(DAC 5 Digit Sector\)/);
      await spec
        .given(seed)
        .when(variant(disbursement('2012-10-10', '2012-10-10'), { value: { amount: 1, currency: 'RMB' } }))
        .thenInvalid(/"RMB" is not a code of the IATI Currency codelist/);
    },
  );
});
