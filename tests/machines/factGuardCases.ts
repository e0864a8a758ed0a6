import {
  byFinance,
  byGatekeeper,
  byManager,
  seed,
  seedProposal,
  seedUntil,
  setUp,
  toClosure,
  variant,
  type SeedProposal,
} from '../fixtures/lcz.ts';
import type { GuardCase } from './guardCase.ts';

const registered = setUp;
const inDevelopment = seedUntil('12-g1-decision');
const inImplementation = seedUntil('23-g2-decision');
/** Development entered at an instant (10:00 UTC) rather than on a day: a bare date that day may be later than it. */
const inDevelopmentAt10 = [
  ...seedUntil('12-g1-decision', true),
  variant(seedProposal('12-g1-decision'), {}, { occurredAt: '2011-11-16T10:00:00Z' }),
];
const jwgOn = (occurredAt: string) => variant(seedProposal('14-joint-working-group'), {}, { occurredAt });
const suspended = [
  ...seed,
  byGatekeeper('ProgrammeSuspended', '2012-10-10', {
    reason: 'Elections',
    category: 'political',
    decidedBy: ['eli'],
    reviewDate: '2013-01-15',
  }),
];
const meeting = seedProposal('05-network-meeting');
const doc = (docId: string, category = 'A12') =>
  byManager('DocumentLinked', '2011-07-02', {
    docId,
    title: 'Project page',
    category,
    url: 'https://example.org/lcz',
    date: '2011-07-02',
    language: 'en',
  });
const commitment = (amount: number) =>
  byFinance('FinancialTransactionRecorded', '2011-07-06', {
    txId: `c-${amount}`,
    iatiType: 2,
    date: '2011-07-06',
    value: { amount, currency: 'EUR' },
    providerOrgId: 'nl-agency',
    receiverOrgId: 'twa-guangzhou',
  });
const expenditure = (iatiType: number, amount: number, on = '2012-10-11') =>
  byFinance('FinancialTransactionRecorded', on, {
    txId: `e-${iatiType}`,
    iatiType,
    date: on,
    value: { amount, currency: 'EUR' },
    providerOrgId: 'nl-agency',
    receiverOrgId: 'twa-guangzhou',
  });
const loi = byManager('AgreementProposed', '2011-07-22', {
  agreementId: 'loi-1',
  instrument: 'letter_of_intent',
  legallyBinding: false,
  partyOrgIds: ['eli', 'sz-gov'],
  subject: 'Intent to cooperate',
});
const mouInFeasibility = byManager('AgreementProposed', '2011-07-22', {
  agreementId: 'mou-f',
  instrument: 'mou',
  legallyBinding: false,
  partyOrgIds: ['eli', 'sz-gov'],
  subject: 'Early MoU',
});
const sign = (agreementId: string, orgIds: string[], on: string) =>
  byManager('AgreementSigned', on, {
    agreementId,
    signedOn: on,
    place: 'Shenzhen',
    ceremonyLevel: 'working_level',
    signatories: orgIds.map((orgId) => ({ title: 'Director', orgId })),
    effectiveFrom: on,
  });
const inFinalisation = toClosure.slice(0, -1);
const frameworkInFeasibility = variant(mouInFeasibility, { agreementId: 'fa-f', instrument: 'framework_agreement' });
const specificUnder = (parentAgreementId: string) =>
  variant(
    seedProposal('19-mou-proposed'),
    {
      agreementId: 'spec-1',
      instrument: 'specific_agreement',
      parentAgreementId,
    },
    { occurredAt: '2012-06-14' },
  );
const ending = (on: string) => byManager('AgreementEnded', on, { agreementId: 'mou-lcz', reason: 'superseded', on });
const projectPage = byManager('DocumentLinked', '2012-12-16', {
  docId: 'project-page',
  title: 'Project page',
  category: 'A12',
  url: 'https://example.org/lcz',
  date: '2012-12-16',
  language: 'en',
});
const atG1 = seedUntil('11-understanding-expertise');
const g1 = seedProposal('12-g1-decision');
const closing = toClosure.at(-1)!;

/** An accepted and a refused case for each fact rule of the programme machine. */
export const factGuardCases: GuardCase[] = [
  {
    guard: 'knownOrgs',
    given: registered,
    accepted: meeting,
    refused: variant(meeting, { participantIds: ['eli', 'nobody'] }),
    reason: /nobody is not a registered participant/,
  },
  {
    guard: 'notBackdated',
    given: inDevelopment,
    accepted: seedProposal('14-joint-working-group'),
    refused: variant(seedProposal('14-joint-working-group'), {}, { occurredAt: '2011-10-01' }),
    reason: /before the programme's current stage began \(2011-11-16\)/,
  },
  // Date against date-time, both ways: a bare date is its whole UTC day, so it is back-dated only when that day ends
  // before the phase began, and an instant is back-dated when it comes before the day the phase began on.
  {
    guard: 'notBackdated',
    given: inDevelopmentAt10,
    accepted: jwgOn('2011-11-16'),
    refused: jwgOn('2011-11-15'),
    reason: /before the programme's current stage began \(2011-11-16T10:00:00Z\)/,
  },
  {
    guard: 'notBackdated',
    given: inDevelopment,
    accepted: jwgOn('2011-11-16T08:00:00+08:00'),
    refused: jwgOn('2011-11-16T07:59:59+08:00'),
    reason: /occurredAt 2011-11-16T07:59:59\+08:00 is before the programme's current stage began \(2011-11-16\)/,
  },
  {
    guard: 'notFuture',
    given: registered,
    accepted: meeting,
    refused: variant(meeting, { date: '2027-01-01' }),
    reason: /^date 2027-01-01 is after the time of recording \(2026-01-01\); record it once it has happened$/,
  },
  {
    guard: 'bilateral',
    given: seedUntil('10-participant-private-sector'),
    accepted: seedProposal('10-expert-meeting'),
    refused: variant(seedProposal('10-expert-meeting'), { participantIds: ['eli', 'im', 'tu-delft'] }),
    reason: /needs organisations from both sides; there is no CN one/,
  },
  {
    guard: 'uniqueParticipant',
    given: registered,
    accepted: variant(seedProposal('02-participant-02'), { orgId: 'extra' }),
    refused: variant(seedProposal('02-participant-02'), {}),
    reason: /participant eli is already registered/,
  },
  {
    guard: 'uniqueBudgetLine',
    given: seedUntil('04-budget-2011'),
    accepted: seedProposal('04-budget-2012'),
    refused: variant(seedProposal('04-budget-2012'), { lineId: 'budget-2011' }),
    reason: /budget line budget-2011 is already planned/,
  },
  {
    guard: 'programmeCurrency',
    given: seedUntil('04-budget-2011'),
    accepted: seedProposal('04-budget-2012'),
    refused: variant(seedProposal('04-budget-2012'), { amount: { amount: 90000, currency: 'CNY' } }),
    reason: /currency EUR, not CNY/,
  },
  {
    guard: 'budgetLinesWithinTotal',
    given: seedUntil('04-budget-2011'),
    accepted: seedProposal('04-budget-2012'),
    refused: variant(seedProposal('04-budget-2012'), { amount: { amount: 90001, currency: 'EUR' } }),
    reason: /total 150001, over the programme budget of 150000/,
  },
  {
    guard: 'withinBudget',
    given: seedUntil('04-budget-2012'),
    accepted: commitment(150000),
    refused: commitment(150001),
    reason: /commitments would total 150001, over the programme budget/,
  },
  {
    guard: 'withinBudget',
    given: [...seedUntil('04-budget-2012'), commitment(1000)],
    accepted: expenditure(3, 151000, '2011-07-07'),
    refused: expenditure(3, 151001, '2011-07-07'),
    reason: /would total 151001, more than the 151000 committed/,
  },
  {
    guard: 'onlyExpenditure',
    given: suspended,
    accepted: expenditure(4, 100),
    refused: expenditure(3, 100),
    reason: /only expenditure corrections \(IATI type 4\)/,
  },
  {
    guard: 'uniqueVisit',
    given: seedUntil('06-visit-planned'),
    accepted: variant(seedProposal('06-visit-planned'), { visitId: 'visit-2' }),
    refused: variant(seedProposal('06-visit-planned'), {}),
    reason: /visit visit-2011-09 is already planned/,
  },
  {
    guard: 'visitOpen',
    given: seedUntil('06-visit-planned'),
    accepted: seedProposal('07-visit-completed'),
    refused: variant(seedProposal('07-visit-completed'), { visitId: 'visit-x' }),
    reason: /visit visit-x was never planned/,
  },
  {
    guard: 'uniqueBody',
    given: seedUntil('14-joint-working-group'),
    accepted: variant(seedProposal('14-joint-working-group'), { bodyId: 'sc', kind: 'steering_committee' }),
    refused: variant(seedProposal('14-joint-working-group'), {}),
    reason: /governance body jwg-lcz already exists/,
  },
  {
    guard: 'bodyExists',
    given: inImplementation,
    accepted: seedProposal('25-expert-joins-jwg'),
    refused: variant(seedProposal('25-expert-joins-jwg'), { bodyId: 'ghost' }),
    reason: /governance body ghost does not exist/,
  },
  {
    guard: 'dutchExpert',
    given: inImplementation,
    accepted: seedProposal('25-expert-joins-jwg'),
    refused: variant(seedProposal('25-expert-joins-jwg'), { expert: { title: 'Planner', orgId: 'sz-drc' } }),
    reason: /sz-drc is Chinese/,
  },
  {
    guard: 'uniqueAgreement',
    given: seedUntil('19-mou-proposed'),
    accepted: variant(seedProposal('19-mou-proposed'), { agreementId: 'mou-2' }),
    refused: variant(seedProposal('19-mou-proposed'), {}),
    reason: /agreement mou-lcz is already proposed/,
  },
  {
    guard: 'parentSigned',
    given: seedUntil('22-mou-signed'),
    accepted: variant(
      seedProposal('19-mou-proposed'),
      { agreementId: 'spec-1', instrument: 'specific_agreement', parentAgreementId: 'mou-lcz' },
      { occurredAt: '2012-06-14' },
    ),
    refused: variant(
      seedProposal('19-mou-proposed'),
      { agreementId: 'spec-1', instrument: 'specific_agreement', parentAgreementId: 'ghost' },
      { occurredAt: '2012-06-14' },
    ),
    reason: /parent agreement ghost does not exist; it must be signed first/,
  },
  {
    guard: 'agreementOpen',
    given: seedUntil('21-theme'),
    accepted: seedProposal('22-mou-signed'),
    refused: variant(seedProposal('22-mou-signed'), { agreementId: 'ghost' }),
    reason: /agreement ghost was never proposed/,
  },
  {
    guard: 'everyPartySigned',
    given: seedUntil('21-theme'),
    accepted: seedProposal('22-mou-signed'),
    refused: variant(seedProposal('22-mou-signed'), {
      signatories: [
        { title: 'Minister', orgId: 'eli' },
        { title: 'Minister', orgId: 'im' },
      ],
    }),
    reason: /no signatory for ndrc-ccd/,
  },
  {
    guard: 'letterOfIntentOnly',
    given: [...registered, loi, mouInFeasibility],
    accepted: sign('loi-1', ['eli', 'sz-gov'], '2011-07-23'),
    refused: sign('mou-f', ['eli', 'sz-gov'], '2011-07-23'),
    reason: /in feasibility only a letter of intent is signed, not a mou/,
  },
  {
    guard: 'agreementInForce',
    given: seedUntil('22-mou-signed'),
    accepted: byManager('AgreementEnded', '2012-06-14', {
      agreementId: 'mou-lcz',
      reason: 'superseded',
      on: '2012-06-14',
    }),
    refused: byManager('AgreementEnded', '2012-06-14', {
      agreementId: 'ghost',
      reason: 'terminated',
      on: '2012-06-14',
    }),
    reason: /agreement ghost does not exist/,
  },
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
  // programme@3: amounts exact to the cent and at most 10^13, and so are their totals (machines/amounts.ts).
  {
    guard: 'exactAmounts',
    rule: 'a budget total is at most 10^13',
    given: [],
    accepted: variant(seedProposal('01-registered'), { budgetTotal: { amount: 1e13, currency: 'EUR' } }),
    refused: variant(seedProposal('01-registered'), { budgetTotal: { amount: 1e13 + 1, currency: 'EUR' } }),
    reason: /^budgetTotal 10,000,000,000,001 is over the maximum of 10,000,000,000,000 \(10\^13\) a programme records$/,
  },
  {
    guard: 'exactAmounts',
    rule: 'an amount has at most two decimals',
    given: seedUntil('04-budget-2012'),
    accepted: commitment(1000.25),
    refused: commitment(0.125),
    reason: /^value 0.125 has more than two decimals; amounts are recorded exact to the cent$/,
  },
  {
    guard: 'exactAmounts',
    rule: 'a budget line is at most 10^13',
    given: seedUntil('04-budget-2011'),
    accepted: seedProposal('04-budget-2012'),
    refused: variant(seedProposal('04-budget-2012'), { amount: { amount: 1.7e308, currency: 'EUR' } }),
    reason: /^amount 170,000,000.* is over the maximum of 10,000,000,000,000/,
  },
  {
    guard: 'exactAmounts',
    rule: 'incoming commitments total at most 10^13',
    given: seedUntil('03-funds'),
    accepted: variant(seedProposal('03-funds'), { txId: 'tx-big', value: { amount: 1e13 - 150000, currency: 'EUR' } }),
    refused: variant(seedProposal('03-funds'), {
      txId: 'tx-big',
      value: { amount: 1e13 - 149999.99, currency: 'EUR' },
    }),
    reason:
      /^incoming commitments would total 10,000,000,000,000.01, over the maximum of 10,000,000,000,000 \(10\^13\)/,
  },
  {
    guard: 'withinBudget',
    rule: 'sums are exact to the cent: 0.10 + 0.20 is not over 0.30',
    given: [...registeredWithBudget(0.3), commitmentOf('c1', 0.1)],
    accepted: commitmentOf('c2', 0.2),
    refused: commitmentOf('c2', 0.21),
    reason: /^commitments would total 0.31, over the programme budget of 0.3$/,
  },
  {
    guard: 'finalReportLinked',
    given: inFinalisation,
    accepted: closing,
    refused: variant(closing, { finalReportDocId: 'ghost' }),
    reason: /document ghost is not linked/,
  },
  {
    guard: 'programmeCurrency',
    rule: "a transaction is in the programme's currency",
    given: seedUntil('04-budget-2012'),
    accepted: commitment(1000),
    refused: variant(commitment(1000), { value: { amount: 1000, currency: 'CNY' } }),
    reason: /^amounts are kept in the programme's currency EUR, not CNY$/,
  },
  {
    guard: 'withinBudget',
    rule: 'expenditure (IATI type 4) stays within what was committed and received',
    given: [...seedUntil('04-budget-2012'), commitment(1000)],
    accepted: expenditure(4, 151000, '2011-07-07'),
    refused: expenditure(4, 151001, '2011-07-07'),
    reason: /^disbursements and expenditure would total 151001, more than the 151000 committed$/,
  },
  {
    guard: 'conditionOpen',
    rule: 'a condition is satisfied under the gate that set it',
    given: seedUntil('14-joint-working-group'),
    accepted: seedProposal('15-k1-satisfied'),
    refused: variant(seedProposal('15-k1-satisfied'), { gateId: 'G2' }),
    reason: /^G2 set no condition K1$/,
  },
  {
    guard: 'conditionOpen',
    rule: 'a condition is satisfied once',
    given: seedUntil('14-joint-working-group'),
    accepted: seedProposal('15-k1-satisfied'),
    refusedGiven: seedUntil('15-k1-satisfied'),
    refused: variant(seedProposal('15-k1-satisfied'), {}),
    reason: /^condition K1 is already satisfied$/,
  },
  {
    guard: 'evidenceExists',
    rule: "the evidence cited in a gate decision's criteria assessment exists, each id named once",
    given: atG1,
    accepted: g1,
    refused: variant(g1, {
      criteriaAssessment: (g1.data.criteriaAssessment as Array<Record<string, unknown>>).map((a, i) =>
        i < 2 ? { ...a, evidenceEventIds: ['lcz-ghost', 'lcz-07-visit-completed'] } : a,
      ),
    }),
    reason: /^evidence lcz-ghost is not an earlier deliverable of this programme \(meetings, visits, agreements, /,
  },
  {
    guard: 'knownOrgs',
    rule: 'every unknown organisation is named',
    given: registered,
    accepted: meeting,
    refused: variant(meeting, { participantIds: ['eli', 'nobody', 'ghost'] }),
    reason: /^nobody, ghost are not registered participants; record ParticipantRegistered first$/,
  },
  {
    guard: 'bilateral',
    rule: 'an act of unknown organisations lacks both sides',
    given: seedUntil('10-participant-private-sector'),
    accepted: seedProposal('10-expert-meeting'),
    refused: variant(seedProposal('10-expert-meeting'), { participantIds: ['nobody'] }),
    reason: /^ExpertMeetingHeld needs organisations from both sides; there is no NL or CN one$/,
  },
  {
    guard: 'visitOpen',
    rule: 'a visit is completed once',
    given: seedUntil('06-visit-planned'),
    accepted: seedProposal('07-visit-completed'),
    refusedGiven: seedUntil('07-visit-completed'),
    refused: variant(seedProposal('07-visit-completed'), {}),
    reason: /^visit visit-2011-09 is already completed$/,
  },
  {
    guard: 'parentSigned',
    rule: 'a parent agreement that is only proposed is not enough',
    given: seedUntil('22-mou-signed'),
    accepted: specificUnder('mou-lcz'),
    refusedGiven: seedUntil('21-theme'),
    refused: specificUnder('mou-lcz'),
    reason: /^the parent agreement mou-lcz is proposed; it must be signed first$/,
  },
  {
    guard: 'agreementOpen',
    rule: 'an agreement is signed once',
    given: seedUntil('21-theme'),
    accepted: seedProposal('22-mou-signed'),
    refusedGiven: seedUntil('22-mou-signed'),
    refused: variant(seedProposal('22-mou-signed'), {}),
    reason: /^agreement mou-lcz is already signed$/,
  },
  {
    guard: 'agreementInForce',
    rule: 'only a signed agreement ends',
    given: seedUntil('22-mou-signed'),
    accepted: ending('2012-06-14'),
    refusedGiven: seedUntil('21-theme'),
    refused: ending('2012-06-10'),
    reason: /^agreement mou-lcz is proposed, not signed$/,
  },
  {
    guard: 'letterOfIntentOnly',
    rule: 'the refusal names the instrument in words',
    given: [...registered, loi, frameworkInFeasibility],
    accepted: sign('loi-1', ['eli', 'sz-gov'], '2011-07-23'),
    refused: sign('fa-f', ['eli', 'sz-gov'], '2011-07-23'),
    reason: /^in feasibility only a letter of intent is signed, not a framework agreement$/,
  },
  {
    guard: 'dutchProviders',
    rule: 'every Chinese provider is named',
    given: inImplementation,
    accepted: seedProposal('24-kt-workshop'),
    refused: variant(seedProposal('24-kt-workshop'), { providerOrgIds: ['im', 'sz-drc', 'sz-epb'] }),
    reason: /^knowledge is transferred by Dutch providers; sz-drc, sz-epb are Chinese$/,
  },
  {
    guard: 'chineseGovernmentRecipient',
    rule: 'one Chinese government recipient among others is enough',
    given: inImplementation,
    accepted: variant(seedProposal('24-kt-workshop'), { recipientOrgIds: ['ngi', 'sz-epb'] }),
    refused: variant(seedProposal('24-kt-workshop'), { recipientOrgIds: ['ngi', 'tu-delft'] }),
    reason: /^R7 counts activities between governments: at least one recipient must be a Chinese government body/,
  },
  {
    guard: 'finalReportLinked',
    rule: 'the final report is a review (A07) or results (A08) document',
    given: [...inFinalisation, projectPage],
    accepted: closing,
    refused: variant(closing, { finalReportDocId: 'project-page' }),
    reason: /^the final report must be a review \(A07\) or results \(A08\) document, not A12$/,
  },
];

function grant(
  orgId: string,
  role: string,
  decidedBy: string[],
  actor: string,
  actorRole: string,
  effectiveFrom = '2011-07-01',
): SeedProposal {
  return {
    type: 'RoleGranted',
    occurredAt: '2011-07-01',
    actor: { id: actor, role: actorRole },
    data: { orgId, role, decidedBy, effectiveFrom },
  };
}

function revoke(
  orgId: string,
  role: string,
  decidedBy: string[],
  actor: string,
  actorRole = 'gatekeeper',
): SeedProposal {
  return {
    type: 'RoleRevoked',
    occurredAt: '2011-07-02',
    actor: { id: actor, role: actorRole },
    data: { orgId, role, decidedBy, effectiveFrom: '2011-07-02' },
  };
}

function expenditureCommitment(): SeedProposal {
  return byFinance('FinancialTransactionRecorded', '2012-12-16', {
    txId: 'late',
    iatiType: 2,
    date: '2012-12-16',
    value: { amount: 500, currency: 'EUR' },
    providerOrgId: 'nl-agency',
    receiverOrgId: 'tu-delft',
  });
}

/** The seed's registration with another budget total, and its participants. */
function registeredWithBudget(amount: number): SeedProposal[] {
  return [variant(seedProposal('01-registered'), { budgetTotal: { amount, currency: 'EUR' } }), ...setUp.slice(1)];
}

function commitmentOf(txId: string, amount: number): SeedProposal {
  return byFinance('FinancialTransactionRecorded', '2011-07-06', {
    txId,
    iatiType: 2,
    date: '2011-07-06',
    value: { amount, currency: 'EUR' },
    providerOrgId: 'nl-agency',
    receiverOrgId: 'twa-guangzhou',
  });
}
