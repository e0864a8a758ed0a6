// The given logs and proposals the fact guard cases share (tests/machines/factGuardCases.ts).
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

export const registered = setUp;
export const inDevelopment = seedUntil('12-g1-decision');
export const inImplementation = seedUntil('23-g2-decision');
/** Development entered at an instant (10:00 UTC) rather than on a day: a bare date that day may be later than it. */
export const inDevelopmentAt10 = [
  ...seedUntil('12-g1-decision', true),
  variant(seedProposal('12-g1-decision'), {}, { occurredAt: '2011-11-16T10:00:00Z' }),
];
export const jwgOn = (occurredAt: string) => variant(seedProposal('14-joint-working-group'), {}, { occurredAt });
export const suspended = [
  ...seed,
  byGatekeeper('ProgrammeSuspended', '2012-10-10', {
    reason: 'Elections',
    category: 'political',
    decidedBy: ['eli'],
    reviewDate: '2013-01-15',
  }),
];
export const meeting = seedProposal('05-network-meeting');
export const doc = (docId: string, category = 'A12') =>
  byManager('DocumentLinked', '2011-07-02', {
    docId,
    title: 'Project page',
    category,
    url: 'https://example.org/lcz',
    date: '2011-07-02',
    language: 'en',
  });
export const commitment = (amount: number) =>
  byFinance('FinancialTransactionRecorded', '2011-07-06', {
    txId: `c-${amount}`,
    iatiType: 2,
    date: '2011-07-06',
    value: { amount, currency: 'EUR' },
    providerOrgId: 'nl-agency',
    receiverOrgId: 'twa-guangzhou',
  });
export const expenditure = (iatiType: number, amount: number, on = '2012-10-11') =>
  byFinance('FinancialTransactionRecorded', on, {
    txId: `e-${iatiType}`,
    iatiType,
    date: on,
    value: { amount, currency: 'EUR' },
    providerOrgId: 'nl-agency',
    receiverOrgId: 'twa-guangzhou',
  });
export const loi = byManager('AgreementProposed', '2011-07-22', {
  agreementId: 'loi-1',
  instrument: 'letter_of_intent',
  legallyBinding: false,
  partyOrgIds: ['eli', 'sz-gov'],
  subject: 'Intent to cooperate',
});
export const mouInFeasibility = byManager('AgreementProposed', '2011-07-22', {
  agreementId: 'mou-f',
  instrument: 'mou',
  legallyBinding: false,
  partyOrgIds: ['eli', 'sz-gov'],
  subject: 'Early MoU',
});
export const sign = (agreementId: string, orgIds: string[], on: string) =>
  byManager('AgreementSigned', on, {
    agreementId,
    signedOn: on,
    place: 'Shenzhen',
    ceremonyLevel: 'working_level',
    signatories: orgIds.map((orgId) => ({ title: 'Director', orgId })),
    effectiveFrom: on,
  });
export const inFinalisation = toClosure.slice(0, -1);
export const frameworkInFeasibility = variant(mouInFeasibility, {
  agreementId: 'fa-f',
  instrument: 'framework_agreement',
});
export const specificUnder = (parentAgreementId: string) =>
  variant(
    seedProposal('19-mou-proposed'),
    {
      agreementId: 'spec-1',
      instrument: 'specific_agreement',
      parentAgreementId,
    },
    { occurredAt: '2012-06-14' },
  );
export const ending = (on: string) =>
  byManager('AgreementEnded', on, { agreementId: 'mou-lcz', reason: 'superseded', on });
export const projectPage = byManager('DocumentLinked', '2012-12-16', {
  docId: 'project-page',
  title: 'Project page',
  category: 'A12',
  url: 'https://example.org/lcz',
  date: '2012-12-16',
  language: 'en',
});
export const atG1 = seedUntil('11-understanding-expertise');
export const g1 = seedProposal('12-g1-decision');
export const closing = toClosure.at(-1)!;

export function grant(
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

export function revoke(
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

export function expenditureCommitment(): SeedProposal {
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
export function registeredWithBudget(amount: number): SeedProposal[] {
  return [variant(seedProposal('01-registered'), { budgetTotal: { amount, currency: 'EUR' } }), ...setUp.slice(1)];
}

export function commitmentOf(txId: string, amount: number): SeedProposal {
  return byFinance('FinancialTransactionRecorded', '2011-07-06', {
    txId,
    iatiType: 2,
    date: '2011-07-06',
    value: { amount, currency: 'EUR' },
    providerOrgId: 'nl-agency',
    receiverOrgId: 'twa-guangzhou',
  });
}
