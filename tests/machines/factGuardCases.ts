import { programme } from '../../machines/index.ts';
import { byFinance, byGatekeeper, byManager, seed, seedProposal, seedUntil, toClosure, variant, type SeedProposal } from '../fixtures/lcz.ts';
import type { GuardCase } from './guardCase.ts';

const registered = seedUntil('02-participant-13');
const inDevelopment = seedUntil('12-g1-decision');
const inImplementation = seedUntil('23-g2-decision');
/** Development entered at an instant (10:00 UTC) rather than on a day: a bare date that day may be later than it. */
const inDevelopmentAt10 = [...seedUntil('12-g1-decision', true), variant(seedProposal('12-g1-decision'), {}, { occurredAt: '2011-11-16T10:00:00Z' })];
const jwgOn = (occurredAt: string) => variant(seedProposal('14-joint-working-group'), {}, { occurredAt });
const suspended = [...seed, byGatekeeper('ProgrammeSuspended', '2012-10-10', { reason: 'Elections', category: 'political', decidedBy: ['eli'], reviewDate: '2013-01-15' })];
const meeting = seedProposal('05-network-meeting');
const doc = (docId: string, category = 'A12') =>
  byManager('DocumentLinked', '2011-07-02', { docId, title: 'Project page', category, url: 'https://example.org/lcz', date: '2011-07-02', language: 'en' });
const commitment = (amount: number) =>
  byFinance('FinancialTransactionRecorded', '2011-07-06', { txId: `c-${amount}`, iatiType: 2, date: '2011-07-06', value: { amount, currency: 'EUR' }, providerOrgId: 'nl-agency', receiverOrgId: 'twa-guangzhou' });
const expenditure = (iatiType: number, amount: number, on = '2012-10-11') =>
  byFinance('FinancialTransactionRecorded', on, { txId: `e-${iatiType}`, iatiType, date: on, value: { amount, currency: 'EUR' }, providerOrgId: 'nl-agency', receiverOrgId: 'twa-guangzhou' });
const loi = byManager('AgreementProposed', '2011-07-22', { agreementId: 'loi-1', instrument: 'letter_of_intent', legallyBinding: false, partyOrgIds: ['eli', 'sz-gov'], subject: 'Intent to cooperate' });
const mouInFeasibility = byManager('AgreementProposed', '2011-07-22', { agreementId: 'mou-f', instrument: 'mou', legallyBinding: false, partyOrgIds: ['eli', 'sz-gov'], subject: 'Early MoU' });
const sign = (agreementId: string, orgIds: string[], on: string) =>
  byManager('AgreementSigned', on, { agreementId, signedOn: on, place: 'Shenzhen', ceremonyLevel: 'working_level', signatories: orgIds.map((orgId) => ({ title: 'Director', orgId })), effectiveFrom: on });
const inFinalisation = toClosure.slice(0, -1);
const closing = toClosure.at(-1)!;

/** An accepted and a refused case for each fact rule of the programme machine. */
export const factGuardCases: GuardCase[] = [
  { guard: 'knownOrgs', given: registered, accepted: meeting, refused: variant(meeting, { participantIds: ['eli', 'nobody'] }), reason: /nobody is not a registered participant/ },
  { guard: 'notBackdated', given: inDevelopment, accepted: seedProposal('14-joint-working-group'), refused: variant(seedProposal('14-joint-working-group'), {}, { occurredAt: '2011-10-01' }), reason: /before the programme's current stage began \(2011-11-16\)/ },
  // Date against date-time, both ways: a bare date is its whole UTC day, so it is back-dated only when that day ends
  // before the phase began, and an instant is back-dated when it comes before the day the phase began on.
  { guard: 'notBackdated', given: inDevelopmentAt10, accepted: jwgOn('2011-11-16'), refused: jwgOn('2011-11-15'), reason: /before the programme's current stage began \(2011-11-16T10:00:00Z\)/ },
  { guard: 'notBackdated', given: inDevelopment, accepted: jwgOn('2011-11-16T08:00:00+08:00'), refused: jwgOn('2011-11-16T07:59:59+08:00'), reason: /occurredAt 2011-11-16T07:59:59\+08:00 is before the programme's current stage began \(2011-11-16\)/ },
  { guard: 'notFuture', given: registered, accepted: meeting, refused: variant(meeting, { date: '2027-01-01' }), reason: /date 2027-01-01 is after the time of recording/ },
  { guard: 'bilateral', given: seedUntil('10-participant-private-sector'), accepted: seedProposal('10-expert-meeting'), refused: variant(seedProposal('10-expert-meeting'), { participantIds: ['eli', 'im', 'tu-delft'] }), reason: /needs organisations from both sides; there is no CN one/ },
  { guard: 'uniqueParticipant', given: registered, accepted: variant(seedProposal('02-participant-02'), { orgId: 'extra' }), refused: variant(seedProposal('02-participant-02'), {}), reason: /participant eli is already registered/ },
  { guard: 'uniqueBudgetLine', given: seedUntil('04-budget-2011'), accepted: seedProposal('04-budget-2012'), refused: variant(seedProposal('04-budget-2012'), { lineId: 'budget-2011' }), reason: /budget line budget-2011 is already planned/ },
  { guard: 'programmeCurrency', given: seedUntil('04-budget-2011'), accepted: seedProposal('04-budget-2012'), refused: variant(seedProposal('04-budget-2012'), { amount: { amount: 90000, currency: 'CNY' } }), reason: /currency EUR, not CNY/ },
  { guard: 'budgetLinesWithinTotal', given: seedUntil('04-budget-2011'), accepted: seedProposal('04-budget-2012'), refused: variant(seedProposal('04-budget-2012'), { amount: { amount: 90001, currency: 'EUR' } }), reason: /total 150001, over the programme budget of 150000/ },
  { guard: 'withinBudget', given: seedUntil('04-budget-2012'), accepted: commitment(150000), refused: commitment(150001), reason: /commitments would total 150001, over the programme budget/ },
  { guard: 'withinBudget', given: [...seedUntil('04-budget-2012'), commitment(1000)], accepted: expenditure(3, 151000, '2011-07-07'), refused: expenditure(3, 151001, '2011-07-07'), reason: /would total 151001, more than the 151000 committed/ },
  { guard: 'onlyExpenditure', given: suspended, accepted: expenditure(4, 100), refused: expenditure(3, 100), reason: /only expenditure corrections \(IATI type 4\)/ },
  { guard: 'uniqueVisit', given: seedUntil('06-visit-planned'), accepted: variant(seedProposal('06-visit-planned'), { visitId: 'visit-2' }), refused: variant(seedProposal('06-visit-planned'), {}), reason: /visit visit-2011-09 is already planned/ },
  { guard: 'visitOpen', given: seedUntil('06-visit-planned'), accepted: seedProposal('07-visit-completed'), refused: variant(seedProposal('07-visit-completed'), { visitId: 'visit-x' }), reason: /visit visit-x was never planned/ },
  { guard: 'uniqueBody', given: seedUntil('14-joint-working-group'), accepted: variant(seedProposal('14-joint-working-group'), { bodyId: 'sc', kind: 'steering_committee' }), refused: variant(seedProposal('14-joint-working-group'), {}), reason: /governance body jwg-lcz already exists/ },
  { guard: 'bodyExists', given: inImplementation, accepted: seedProposal('25-expert-joins-jwg'), refused: variant(seedProposal('25-expert-joins-jwg'), { bodyId: 'ghost' }), reason: /governance body ghost does not exist/ },
  { guard: 'dutchExpert', given: inImplementation, accepted: seedProposal('25-expert-joins-jwg'), refused: variant(seedProposal('25-expert-joins-jwg'), { expert: { title: 'Planner', orgId: 'sz-drc' } }), reason: /sz-drc is Chinese/ },
  { guard: 'uniqueAgreement', given: seedUntil('19-mou-proposed'), accepted: variant(seedProposal('19-mou-proposed'), { agreementId: 'mou-2' }), refused: variant(seedProposal('19-mou-proposed'), {}), reason: /agreement mou-lcz is already proposed/ },
  { guard: 'parentSigned', given: seedUntil('22-mou-signed'), accepted: variant(seedProposal('19-mou-proposed'), { agreementId: 'spec-1', instrument: 'specific_agreement', parentAgreementId: 'mou-lcz' }, { occurredAt: '2012-06-14' }), refused: variant(seedProposal('19-mou-proposed'), { agreementId: 'spec-1', instrument: 'specific_agreement', parentAgreementId: 'ghost' }, { occurredAt: '2012-06-14' }), reason: /parent agreement ghost does not exist; it must be signed first/ },
  { guard: 'agreementOpen', given: seedUntil('21-theme'), accepted: seedProposal('22-mou-signed'), refused: variant(seedProposal('22-mou-signed'), { agreementId: 'ghost' }), reason: /agreement ghost was never proposed/ },
  { guard: 'everyPartySigned', given: seedUntil('21-theme'), accepted: seedProposal('22-mou-signed'), refused: variant(seedProposal('22-mou-signed'), { signatories: [{ title: 'Minister', orgId: 'eli' }, { title: 'Minister', orgId: 'im' }] }), reason: /no signatory for ndrc-ccd/ },
  { guard: 'letterOfIntentOnly', given: [...registered, loi, mouInFeasibility], accepted: sign('loi-1', ['eli', 'sz-gov'], '2011-07-23'), refused: sign('mou-f', ['eli', 'sz-gov'], '2011-07-23'), reason: /in feasibility only a letter of intent is signed, not a mou/ },
  { guard: 'agreementInForce', given: seedUntil('22-mou-signed'), accepted: byManager('AgreementEnded', '2012-06-14', { agreementId: 'mou-lcz', reason: 'superseded', on: '2012-06-14' }), refused: byManager('AgreementEnded', '2012-06-14', { agreementId: 'ghost', reason: 'terminated', on: '2012-06-14' }), reason: /agreement ghost does not exist/ },
  { guard: 'dutchOrg', given: seedUntil('07-visit-completed'), accepted: seedProposal('08-involvement-tu-delft'), refused: variant(seedProposal('08-involvement-tu-delft'), { orgId: 'sz-drc' }), reason: /sz-drc is Chinese; involvement \(R3\)/ },
  { guard: 'uniqueTheme', given: seedUntil('21-theme'), accepted: variant(seedProposal('21-theme'), { themeId: 'theme-2', theme: 'eco_city_standards' }), refused: variant(seedProposal('21-theme'), {}), reason: /theme theme-waste is already selected/ },
  { guard: 'dutchProviders', given: inImplementation, accepted: seedProposal('24-kt-workshop'), refused: variant(seedProposal('24-kt-workshop'), { providerOrgIds: ['im', 'sz-drc'] }), reason: /sz-drc is Chinese/ },
  { guard: 'chineseGovernmentRecipient', given: inImplementation, accepted: seedProposal('24-kt-workshop'), refused: variant(seedProposal('24-kt-workshop'), { recipientOrgIds: ['ngi'] }), reason: /at least one recipient must be a Chinese government body/ },
  { guard: 'uniqueDocument', given: [...registered, doc('page')], accepted: doc('page-2'), refused: doc('page'), reason: /document page is already linked/ },
  { guard: 'conditionOpen', given: seedUntil('14-joint-working-group'), accepted: seedProposal('15-k1-satisfied'), refused: variant(seedProposal('15-k1-satisfied'), { conditionId: 'K9' }), reason: /G1 set no condition K9/ },
  { guard: 'evidenceExists', given: seedUntil('14-joint-working-group'), accepted: seedProposal('15-k1-satisfied'), refused: variant(seedProposal('15-k1-satisfied'), { evidenceEventIds: ['lcz-05-network-meeting'] }), reason: /evidence lcz-05-network-meeting is not an earlier deliverable/ },
  { guard: 'commitmentsSettled', given: inFinalisation, accepted: closing, refused: closing, refusedGiven: [...inFinalisation, expenditureCommitment()], reason: /commitments are not settled: 500 committed, 0 disbursed or spent/ },
  { guard: 'finalReportLinked', given: inFinalisation, accepted: closing, refused: variant(closing, { finalReportDocId: 'ghost' }), reason: /document ghost is not linked/ },
];

function expenditureCommitment(): SeedProposal {
  return byFinance('FinancialTransactionRecorded', '2012-12-16', { txId: 'late', iatiType: 2, date: '2012-12-16', value: { amount: 500, currency: 'EUR' }, providerOrgId: 'nl-agency', receiverOrgId: 'tu-delft' });
}
