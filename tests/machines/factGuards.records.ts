// Fact guard cases: organisations, themes, documents, conditions, evidence, roles, transactions and missions
// (gathered in tests/machines/factGuardCases.ts).
import { seedProposal, seedUntil, variant } from '../fixtures/lcz.ts';
import {
  registered,
  inDevelopment,
  inImplementation,
  doc,
  commitment,
  inFinalisation,
  closing,
  grant,
  revoke,
  expenditureCommitment,
} from './factGuardFixtures.ts';
import type { GuardCase } from './guardCase.ts';

export const recordCases: GuardCase[] = [
  {
    guard: 'dutchOrg',
    given: seedUntil('07-visit-completed'),
    accepted: seedProposal('08-involvement-tu-delft'),
    refused: variant(seedProposal('08-involvement-tu-delft'), { orgId: 'sz-drc' }),
    reason: /sz-drc is Chinese; involvement \(R3\)/,
  },
  {
    guard: 'uniqueTheme',
    given: seedUntil('21-theme'),
    accepted: variant(seedProposal('21-theme'), { themeId: 'theme-2', theme: 'eco_city_standards' }),
    refused: variant(seedProposal('21-theme'), {}),
    reason: /theme theme-waste is already selected/,
  },
  {
    guard: 'dutchProviders',
    given: inImplementation,
    accepted: seedProposal('24-kt-workshop'),
    refused: variant(seedProposal('24-kt-workshop'), { providerOrgIds: ['im', 'sz-drc'] }),
    reason: /sz-drc is Chinese/,
  },
  {
    guard: 'chineseGovernmentRecipient',
    given: inImplementation,
    accepted: seedProposal('24-kt-workshop'),
    refused: variant(seedProposal('24-kt-workshop'), { recipientOrgIds: ['ngi'] }),
    reason: /at least one recipient must be a Chinese government body/,
  },
  {
    guard: 'uniqueDocument',
    given: [...registered, doc('page')],
    accepted: doc('page-2'),
    refused: doc('page'),
    reason: /document page is already linked/,
  },
  {
    guard: 'conditionOpen',
    given: seedUntil('14-joint-working-group'),
    accepted: seedProposal('15-k1-satisfied'),
    refused: variant(seedProposal('15-k1-satisfied'), { conditionId: 'K9' }),
    reason: /G1 set no condition K9/,
  },
  {
    guard: 'evidenceExists',
    given: seedUntil('14-joint-working-group'),
    accepted: seedProposal('15-k1-satisfied'),
    refused: variant(seedProposal('15-k1-satisfied'), { evidenceEventIds: ['lcz-05-network-meeting'] }),
    reason: /evidence lcz-05-network-meeting is not an earlier deliverable/,
  },
  {
    guard: 'commitmentsSettled',
    given: inFinalisation,
    accepted: closing,
    refused: closing,
    refusedGiven: [...inFinalisation, expenditureCommitment()],
    reason: /commitments are not settled: 500 committed, 0 disbursed or spent/,
  },
  {
    guard: 'roleChange',
    given: registered,
    accepted: grant('ngi', 'auditor', ['nl-agency'], 'nl-agency', 'programme_manager'),
    refused: grant('eli', 'gatekeeper', ['eli', 'sz-gov'], 'eli', 'gatekeeper'),
    reason: /eli already holds gatekeeper \(from 2011-07-01\)/,
  },
  {
    guard: 'roleChange',
    given: registered,
    accepted: grant('ngi', 'auditor', ['nl-agency'], 'nl-agency', 'programme_manager'),
    refused: grant('ngi', 'auditor', ['nl-agency'], 'nl-agency', 'programme_manager', '2011-06-30'),
    reason: /effectiveFrom 2011-06-30 is before the decision \(2011-07-01\); a role change is not retroactive/,
  },
  {
    guard: 'roleChange',
    given: registered,
    accepted: revoke('sz-drc', 'gatekeeper', ['sz-gov'], 'sz-gov'),
    refused: revoke('ngi', 'auditor', ['nl-agency'], 'nl-agency', 'programme_manager'),
    reason: /ngi does not hold auditor; there is nothing to revoke/,
  },
  {
    guard: 'uniqueTransaction',
    given: seedUntil('03-funds'),
    accepted: variant(seedProposal('03-funds'), { txId: 'tx-2011-incoming-2' }),
    refused: variant(seedProposal('03-funds'), {}),
    reason: /transaction tx-2011-incoming is already recorded; a txId is used once in a programme/,
  },
  {
    guard: 'datesAgree',
    given: registered,
    accepted: commitment(1000),
    refused: variant(commitment(1000), { date: '2011-07-02' }),
    reason:
      /occurredAt 2011-07-06 does not agree with data.date 2011-07-02: a fact occurs on its own date, so occurredAt is 2011-07-02/,
  },
  {
    guard: 'datesAgree',
    given: inDevelopment,
    accepted: seedProposal('14-joint-working-group'),
    refused: variant(seedProposal('16-stakeholder-meeting'), {}, { occurredAt: '2012-03-16' }),
    reason: /occurredAt 2012-03-16 does not agree with data.date 2012-03-15/,
  },
  {
    guard: 'datesAgree',
    given: seedUntil('17-understanding-nl-institutes'),
    accepted: variant(seedProposal('18-expert-mission'), {}, { occurredAt: '2012-04-16T09:00:00+08:00' }),
    refused: variant(seedProposal('18-expert-mission'), {}, { occurredAt: '2012-04-21' }),
    reason: /occurredAt 2012-04-21 does not agree with data.startDate..endDate \(2012-04-16..2012-04-20\)/,
  },
  {
    guard: 'missionSides',
    given: seedUntil('17-understanding-nl-institutes'),
    accepted: seedProposal('18-expert-mission'),
    refused: variant(seedProposal('18-expert-mission'), { expertOrgIds: ['tu-delft', 'sz-epb'] }),
    reason: /an NL_TO_CN mission sends experts of the NL side; sz-epb is CN/,
  },
  {
    guard: 'missionSides',
    given: seedUntil('17-understanding-nl-institutes'),
    accepted: variant(seedProposal('18-expert-mission'), {
      direction: 'CN_TO_NL',
      expertOrgIds: ['sz-uplrc'],
      hostOrgId: 'tu-delft',
    }),
    refused: variant(seedProposal('18-expert-mission'), { hostOrgId: 'eli' }),
    reason: /an NL_TO_CN mission is hosted on the CN side; eli is NL/,
  },
];
