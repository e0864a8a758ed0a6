import { isOnOrBefore } from '../src/workflow/dates.ts';
import { ownEntry } from '../src/projections/projection.ts';
import type { ProgrammeEventType } from '../events/index.ts';
import { isFinalReportCategory, type EventOf, type ProgrammeContext, type ProgrammeMachineEvent } from './context.ts';
import { addAmounts, sumExceeds } from './amounts.ts';
import { IdMap } from './idMap.ts';
import { actualDateFieldOf, orgRefsIn, orgRefsOf, type ActualDateField } from './orgRefs.ts';
import { isCnGovernment, missingSides, sideOf } from './sides.ts';
import { list } from './text.ts';

/** What every programme rule is given. */
export type Args = { readonly context: ProgrammeContext; readonly event: ProgrammeMachineEvent };
type Verdict = string | string[] | null;

/** A programme rule: null when it holds, else why not (one reason or several); `params` as the guard is given them. */
export type Rule<TParams = undefined> = (args: Args, params: TParams) => Verdict;

/** Makes a rule for one event type; for any other type it holds (it is only ever attached to that type). */
export function ruleFor<TType extends ProgrammeEventType, TParams = undefined>(
  type: TType,
  check: (context: ProgrammeContext, event: EventOf<TType>, params: TParams) => Verdict,
): Rule<TParams> {
  // Stryker disable next-line ConditionalExpression: equivalent; the machine attaches a rule only to its type's transitions
  return ({ context, event }, params) => (event.type === type ? check(context, event as EventOf<TType>, params) : null);
}

function bilateralOrgs(e: ProgrammeMachineEvent): readonly string[] {
  switch (e.type) {
    case 'ExpertMeetingHeld':
      return e.data.participantIds;
    case 'GovernanceBodyEstablished':
      return e.data.memberOrgIds;
    case 'AgreementProposed':
      return e.data.partyOrgIds;
    case 'CommonUnderstandingRecorded':
      return e.data.endorsedBy;
    case 'ImplementationThemeSelected':
      return e.data.leadOrgIds;
    // Stryker disable next-line ConditionalExpression: equivalent; `bilateral` guards only the five types above
    default:
      // Stryker disable next-line ArrayDeclaration: equivalent (as above)
      return [];
  }
}

/** Why `knownOrgs` refuses: the participant ids the event names that are not registered, each once. */
function unknownOrgs(context: ProgrammeContext, event: ProgrammeMachineEvent): string {
  const unknown = orgRefsOf(event).filter((id) => ownEntry(context.participants, id) === undefined);
  return `${list(unknown)} ${unknown.length === 1 ? 'is not a registered participant' : 'are not registered participants'}; record ParticipantRegistered first`;
}

/** Rules that apply to (almost) every event: referenced orgs exist, no back-dating, no actual date in the future. */
export const baseRules = {
  // Replay runs the base rules for nearly every event: each looks first, allocating nothing, and lists only to refuse.
  knownOrgs: ({ context, event }: Args): Verdict => {
    for (const id of orgRefsIn(event)) {
      if (ownEntry(context.participants, id) === undefined) return unknownOrgs(context, event);
    }
    return null;
  },
  // Back-dated only when the fact certainly happened before the phase began: a bare date covers its whole (UTC) day.
  notBackdated: ({ context, event }: Args): Verdict =>
    // Stryker disable next-line ConditionalExpression: equivalent; the registration sets it and no guard runs before
    context.phaseEnteredOn !== null && !isOnOrBefore(context.phaseEnteredOn, event.occurredAt)
      ? `occurredAt ${event.occurredAt} is before the programme's current stage began (${context.phaseEnteredOn}); facts are not back-dated across a phase change`
      : null,
  notFuture: ({ event }: Args): Verdict => {
    const field = actualDateFieldOf(event);
    if (field === null) return null;
    const date = (event.data as unknown as Readonly<Record<ActualDateField, string>>)[field];
    if (isOnOrBefore(date, event.recordedAt)) return null;
    return [
      `${field} ${date} is after the time of recording (${event.recordedAt.slice(0, 10)}); record it once it has happened`,
    ];
  },
  bilateral: ({ context, event }: Args): Verdict => {
    const missing = missingSides(bilateralOrgs(event).map((id) => sideOf(context, id)));
    return missing.length === 0
      ? null
      : `${event.type} needs organisations from both sides; there is no ${missing.join(' or ')} one`;
  },
};

/** Rules on programme facts other than gate decisions. */
/** The names of {@link factRules}. */
export type FactRuleName =
  | 'uniqueParticipant'
  | 'uniqueBudgetLine'
  | 'programmeCurrency'
  | 'budgetLinesWithinTotal'
  | 'withinBudget'
  | 'onlyExpenditure'
  | 'uniqueVisit'
  | 'visitOpen'
  | 'uniqueBody'
  | 'bodyExists'
  | 'dutchExpert'
  | 'uniqueAgreement'
  | 'parentSigned'
  | 'agreementOpen'
  | 'everyPartySigned'
  | 'letterOfIntentOnly'
  | 'agreementInForce'
  | 'dutchOrg'
  | 'uniqueTheme'
  | 'dutchProviders'
  | 'chineseGovernmentRecipient'
  | 'uniqueDocument'
  | 'conditionOpen'
  | 'commitmentsSettled'
  | 'noOpenConditions'
  | 'finalReportLinked'
  | 'evidenceExists';

export const factRules: Readonly<Record<FactRuleName, Rule>> = {
  uniqueParticipant: ruleFor('ParticipantRegistered', (c, e) =>
    ownEntry(c.participants, e.data.orgId) ? `participant ${e.data.orgId} is already registered` : null,
  ),
  uniqueBudgetLine: ruleFor('BudgetLinePlanned', (c, e) =>
    ownEntry(c.budgetLines, e.data.lineId) !== undefined ? `budget line ${e.data.lineId} is already planned` : null,
  ),
  programmeCurrency: ({ context, event }: Args): Verdict => {
    const money =
      event.type === 'BudgetLinePlanned'
        ? event.data.amount
        : // Stryker disable next-line ConditionalExpression: equivalent; the rule guards only these two types
          event.type === 'FinancialTransactionRecorded'
          ? event.data.value
          : null;
    // Equivalent: no fact but the registration comes before it, so there is a programme and money of one of the two types.
    // Stryker disable next-line OptionalChaining
    const currency = context.programme?.currency;
    // Stryker disable next-line ConditionalExpression,LogicalOperator
    return money && currency && money.currency !== currency
      ? `amounts are kept in the programme's currency ${currency}, not ${money.currency}`
      : null;
  },
  budgetLinesWithinTotal: ruleFor('BudgetLinePlanned', (c, e) => {
    const lines = Object.values(c.budgetLines).reduce(addAmounts, 0);
    const planned = addAmounts(lines, e.data.amount.amount);
    // Stryker disable next-line OptionalChaining: equivalent; no fact but the registration comes before it
    const total = c.programme?.budgetTotal ?? 0;
    return sumExceeds(lines, e.data.amount.amount, total)
      ? `budget lines would total ${planned}, over the programme budget of ${total}`
      : null;
  }),
  withinBudget: ruleFor('FinancialTransactionRecorded', (c, e) => {
    const { iatiType, value } = e.data;
    const { committed, incoming, paid } = c.finance;
    // Stryker disable next-line OptionalChaining: equivalent; no fact but the registration comes before it
    const total = c.programme?.budgetTotal ?? 0;
    if (iatiType === 2 && sumExceeds(committed, value.amount, total)) {
      return `commitments would total ${addAmounts(committed, value.amount)}, over the programme budget of ${total}`;
    }
    if ((iatiType === 3 || iatiType === 4) && sumExceeds(paid, value.amount, addAmounts(committed, incoming))) {
      return `disbursements and expenditure would total ${addAmounts(paid, value.amount)}, more than the ${addAmounts(committed, incoming)} committed`;
    }
    return null;
  }),
  onlyExpenditure: ruleFor('FinancialTransactionRecorded', (_c, e) =>
    e.data.iatiType === 4
      ? null
      : `only expenditure corrections (IATI type 4) are accepted now, not type ${e.data.iatiType}`,
  ),
  uniqueVisit: ruleFor('DelegationVisitPlanned', (c, e) =>
    ownEntry(c.visits, e.data.visitId) ? `visit ${e.data.visitId} is already planned` : null,
  ),
  visitOpen: ruleFor('DelegationVisitCompleted', (c, e) => {
    const visit = ownEntry(c.visits, e.data.visitId);
    if (!visit) return `visit ${e.data.visitId} was never planned; record DelegationVisitPlanned first`;
    return visit.completed ? `visit ${e.data.visitId} is already completed` : null;
  }),
  uniqueBody: ruleFor('GovernanceBodyEstablished', (c, e) =>
    ownEntry(c.bodies, e.data.bodyId) ? `governance body ${e.data.bodyId} already exists` : null,
  ),
  bodyExists: ruleFor('ExpertJoinedGovernanceBody', (c, e) =>
    ownEntry(c.bodies, e.data.bodyId)
      ? null
      : `governance body ${e.data.bodyId} does not exist; record GovernanceBodyEstablished first`,
  ),
  dutchExpert: ruleFor('ExpertJoinedGovernanceBody', (c, e) =>
    sideOf(c, e.data.expert.orgId) === 'CN'
      ? `the expert's organisation ${e.data.expert.orgId} is Chinese; this records a Dutch expert joining`
      : null,
  ),
  uniqueAgreement: ruleFor('AgreementProposed', (c, e) =>
    ownEntry(c.agreements, e.data.agreementId) ? `agreement ${e.data.agreementId} is already proposed` : null,
  ),
  parentSigned: ruleFor('AgreementProposed', (c, e) => {
    const parentId = e.data.parentAgreementId;
    if (parentId === undefined) return null;
    const parent = ownEntry(c.agreements, parentId);
    return parent?.status === 'signed'
      ? null
      : `the parent agreement ${parentId} ${parent ? `is ${parent.status}` : 'does not exist'}; it must be signed first`;
  }),
  agreementOpen: ruleFor('AgreementSigned', (c, e) => {
    const agreement = ownEntry(c.agreements, e.data.agreementId);
    if (!agreement) return `agreement ${e.data.agreementId} was never proposed; record AgreementProposed first`;
    return agreement.status === 'proposed' ? null : `agreement ${e.data.agreementId} is already ${agreement.status}`;
  }),
  everyPartySigned: ruleFor('AgreementSigned', (c, e) => {
    const signed = new Set(e.data.signatories.map((s) => s.orgId));
    const missing = (ownEntry(c.agreements, e.data.agreementId)?.partyOrgIds ?? []).filter((id) => !signed.has(id));
    return missing.length === 0 ? null : `every party signs; no signatory for ${list(missing)}`;
  }),
  letterOfIntentOnly: ruleFor('AgreementSigned', (c, e) => {
    const instrument = ownEntry(c.agreements, e.data.agreementId)?.instrument;
    return instrument === undefined || instrument === 'letter_of_intent'
      ? null
      : `in feasibility only a letter of intent is signed, not a ${instrument.replaceAll('_', ' ')}`;
  }),
  agreementInForce: ruleFor('AgreementEnded', (c, e) => {
    const agreement = ownEntry(c.agreements, e.data.agreementId);
    return agreement?.status === 'signed'
      ? null
      : `agreement ${e.data.agreementId} ${agreement ? `is ${agreement.status}, not signed` : 'does not exist'}`;
  }),
  dutchOrg: ruleFor('StakeholderInvolvementRecorded', (c, e) =>
    sideOf(c, e.data.orgId) === 'CN'
      ? `${e.data.orgId} is Chinese; involvement (R3) is recorded for Dutch institutes and companies`
      : null,
  ),
  uniqueTheme: ruleFor('ImplementationThemeSelected', (c, e) =>
    ownEntry(c.themes, e.data.themeId) ? `theme ${e.data.themeId} is already selected` : null,
  ),
  dutchProviders: ruleFor('KnowledgeTransferActivityHeld', (c, e) => {
    const foreign = e.data.providerOrgIds.filter((id) => sideOf(c, id) === 'CN');
    return foreign.length === 0
      ? null
      : `knowledge is transferred by Dutch providers; ${list(foreign)} ${foreign.length === 1 ? 'is' : 'are'} Chinese`;
  }),
  chineseGovernmentRecipient: ruleFor('KnowledgeTransferActivityHeld', (c, e) =>
    e.data.recipientOrgIds.some((id) => isCnGovernment(c, id))
      ? null
      : 'R7 counts activities between governments: at least one recipient must be a Chinese government body (type 10 or 11)',
  ),
  uniqueDocument: ruleFor('DocumentLinked', (c, e) =>
    IdMap.get(c.documents, e.data.docId) !== undefined ? `document ${e.data.docId} is already linked` : null,
  ),
  conditionOpen: ruleFor('GateConditionSatisfied', (c, e) => {
    const condition = ownEntry(c.conditions, e.data.conditionId);
    if (!condition || condition.gateId !== e.data.gateId)
      return `${e.data.gateId} set no condition ${e.data.conditionId}`;
    return condition.satisfied ? `condition ${e.data.conditionId} is already satisfied` : null;
  }),
  commitmentsSettled: ruleFor('ProgrammeClosed', (c) =>
    c.finance.paid >= c.finance.committed
      ? null
      : `commitments are not settled: ${c.finance.committed} committed, ${c.finance.paid} disbursed or spent`,
  ),
  noOpenConditions: ruleFor('ProgrammeClosed', (c) => {
    const open = Object.entries(c.conditions)
      .filter(([, k]) => !k.satisfied)
      .map(([id]) => id);
    return open.length === 0 ? null : `conditions ${list(open)} are still open`;
  }),
  finalReportLinked: ruleFor('ProgrammeClosed', (c, e) => {
    const category = IdMap.get(c.documents, e.data.finalReportDocId);
    if (category === undefined) return `document ${e.data.finalReportDocId} is not linked; record DocumentLinked first`;
    return isFinalReportCategory(category)
      ? null
      : `the final report must be a review (A07) or results (A08) document, not ${category}`;
  }),
  evidenceExists: ({ context, event }: Args): Verdict => {
    const cited =
      event.type === 'GateConditionSatisfied'
        ? event.data.evidenceEventIds
        : // Stryker disable next-line ConditionalExpression: equivalent; the rule guards only these two types
          event.type === 'GateDecisionRecorded'
          ? event.data.criteriaAssessment.flatMap((a) => a.evidenceEventIds)
          : // Stryker disable next-line ArrayDeclaration: equivalent (as above)
            [];
    const missing = [...new Set(cited)].filter((id) => IdMap.get(context.evidence, id) === undefined);
    return missing.length === 0
      ? null
      : `evidence ${list(missing)} is not an earlier deliverable of this programme (meetings, visits, agreements, documents, ...)`;
  },
};
