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

/** Returns the payload dates that state when something actually happened (checked against `recordedAt`). */
export function actualDatesOf(e: ProgrammeMachineEvent): Array<[field: string, date: string]> {
  switch (e.type) {
    case 'FinancialTransactionRecorded':
    case 'NetworkMeetingHeld':
    case 'StakeholderMeetingHeld':
    case 'DocumentLinked':
      return [['date', e.data.date]];
    case 'DelegationVisitCompleted':
      return [['actualEnd', e.data.actualEnd]];
    case 'ExpertMeetingHeld':
    case 'ExpertMissionConducted':
    case 'KnowledgeTransferActivityHeld':
      return [['endDate', e.data.endDate]];
    case 'AgreementSigned':
      return [['signedOn', e.data.signedOn]];
    case 'AgreementEnded':
      return [['on', e.data.on]];
    case 'GateDecisionRecorded':
      return [['decidedOn', e.data.decidedOn]];
    default:
      return [];
  }
}
