import type { ProgrammeMachineEvent } from './context.ts';

/** Returns every participant id an event's payload refers to (the ones `knownOrgs` checks), without repeats. */
export function orgRefsOf(e: ProgrammeMachineEvent): string[] {
  return [...new Set(orgRefsIn(e))];
}

/** Returns the participant ids an event's payload refers to, in payload order, repeats kept (no copy where it can). */
export function orgRefsIn(e: ProgrammeMachineEvent): readonly string[] {
  switch (e.type) {
    case 'FinancialTransactionRecorded':
      return [e.data.providerOrgId, e.data.receiverOrgId];
    case 'NetworkMeetingHeld':
    case 'ExpertMeetingHeld':
    case 'StakeholderMeetingHeld':
      return e.data.participantIds;
    case 'DelegationVisitPlanned':
      return [e.data.head.orgId, ...e.data.memberOrgIds, ...e.data.hostOrgIds];
    case 'DelegationVisitCompleted':
      return e.data.deliverables.flatMap((d) => d.agreedBy);
    case 'ExpertMissionConducted':
      return [...e.data.expertOrgIds, e.data.hostOrgId];
    case 'GovernanceBodyEstablished':
      return [...e.data.memberOrgIds, e.data.chairOrgId];
    case 'ExpertJoinedGovernanceBody':
      return [e.data.expert.orgId];
    case 'AgreementProposed':
      return e.data.partyOrgIds;
    case 'AgreementSigned':
      return e.data.signatories.map((s) => s.orgId);
    case 'StakeholderInvolvementRecorded':
      return [e.data.orgId];
    case 'CommonUnderstandingRecorded':
      return e.data.endorsedBy;
    case 'ImplementationThemeSelected':
      return e.data.leadOrgIds;
    case 'KnowledgeTransferActivityHeld':
      return [...e.data.providerOrgIds, ...e.data.recipientOrgIds];
    case 'GateReviewScheduled':
      return e.data.gatekeepers.map((g) => g.orgId);
    case 'GateDecisionRecorded':
      return [
        ...e.data.decisionMakers.flatMap((m) => (m.person ? [m.orgId, m.person.orgId] : [m.orgId])),
        ...e.data.conditions.flatMap((k) => k.ownerOrgIds),
      ];
    case 'ProgrammeSuspended':
    case 'ProgrammeResumed':
    case 'ProgrammeCancelled':
      return e.data.decidedBy;
    case 'RoleGranted':
    case 'RoleRevoked':
      return [e.data.orgId, ...e.data.decidedBy];
    case 'ProgrammeRegistered':
    case 'ParticipantRegistered':
    case 'BudgetLinePlanned':
    case 'AgreementEnded':
    case 'GateConditionSatisfied':
    case 'ProgrammeClosed':
    case 'DocumentLinked':
      return [];
  }
}

/** The payload fields that state when something actually happened (checked against `recordedAt`). */
export type ActualDateField = 'date' | 'actualEnd' | 'endDate' | 'signedOn' | 'on' | 'decidedOn';

/**
 * Returns the payload field of an event that states when it actually happened (checked against `recordedAt`), or null
 * when its type has none: a field name rather than a list of dates, so that the check allocates nothing per event.
 */
export function actualDateFieldOf(e: ProgrammeMachineEvent): ActualDateField | null {
  switch (e.type) {
    case 'FinancialTransactionRecorded':
    case 'NetworkMeetingHeld':
    case 'StakeholderMeetingHeld':
    case 'DocumentLinked':
      return 'date';
    case 'DelegationVisitCompleted':
      return 'actualEnd';
    case 'ExpertMeetingHeld':
    case 'ExpertMissionConducted':
    case 'KnowledgeTransferActivityHeld':
      return 'endDate';
    case 'AgreementSigned':
      return 'signedOn';
    case 'AgreementEnded':
      return 'on';
    case 'GateDecisionRecorded':
      return 'decidedOn';
    default:
      return null;
  }
}
