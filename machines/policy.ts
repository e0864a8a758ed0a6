import { ownEntry, type PolicyRule, type RolePolicy } from '../src/index.ts';
import type { ProgrammeEventType } from '../events/index.ts';
import type { ProgrammeContext, ProgrammeMachineEvent } from './context.ts';

/** The roles of the programme workflow (DOMAIN.md §6.8). */
export const roles = ['programme_manager', 'gatekeeper', 'finance_officer', 'auditor'] as const;
export type Role = (typeof roles)[number];

const manager = { roles: ['programme_manager'] } as const;
const gatekeeper = { roles: ['gatekeeper'] } as const;
const finance = { roles: ['finance_officer'] } as const;

type Args = { readonly context: ProgrammeContext; readonly event: ProgrammeMachineEvent };

/** The actor records in its own name: it must be a registered participant (the reporting org may register first). */
const registeredActor = ({ context, event }: Args): string | null =>
  ownEntry(context.participants, event.actor.id) !== undefined || event.actor.id === context.programme?.reportingOrgId
    ? null
    : `the actor ${event.actor.id} is not a registered participant of this programme`;

const asRegistered = <TRule extends { readonly roles: readonly string[] }>(rule: TRule) => ({ ...rule, check: registeredActor });

/**
 * Who may record what (deny by default): `programme_manager` records the programme's facts, `gatekeeper` its gate
 * decisions, its suspension, resumption, cancellation and closure, and its migration to a newer workflow version,
 * `finance_officer` budget lines and transactions, `auditor` nothing.
 */
const rules: Record<ProgrammeEventType | 'WorkflowMigrated', PolicyRule<ProgrammeContext, ProgrammeMachineEvent>> = {
  ProgrammeRegistered: {
    ...manager,
    check: ({ event }) =>
      event.type === 'ProgrammeRegistered' && event.actor.id !== event.data.reportingOrgId
        ? `a programme is registered by its reporting organisation ${event.data.reportingOrgId}, not ${event.actor.id}`
        : null,
  },
  ParticipantRegistered: asRegistered(manager),
  NetworkMeetingHeld: asRegistered(manager),
  DelegationVisitPlanned: asRegistered(manager),
  DelegationVisitCompleted: asRegistered(manager),
  ExpertMeetingHeld: asRegistered(manager),
  StakeholderMeetingHeld: asRegistered(manager),
  ExpertMissionConducted: asRegistered(manager),
  GovernanceBodyEstablished: asRegistered(manager),
  ExpertJoinedGovernanceBody: asRegistered(manager),
  AgreementProposed: asRegistered(manager),
  AgreementSigned: asRegistered(manager),
  AgreementEnded: asRegistered(manager),
  StakeholderInvolvementRecorded: asRegistered(manager),
  CommonUnderstandingRecorded: asRegistered(manager),
  ImplementationThemeSelected: asRegistered(manager),
  KnowledgeTransferActivityHeld: asRegistered(manager),
  GateReviewScheduled: asRegistered(manager),
  GateConditionSatisfied: asRegistered(manager),
  DocumentLinked: asRegistered(manager),
  GateDecisionRecorded: {
    ...gatekeeper,
    check: ({ context, event }) => {
      const keepers = context.review?.gatekeepers.map((g) => g.orgId) ?? [];
      // No open review: the machine explains that, but the actor must still be a participant.
      if (context.review === null) return registeredActor({ context, event });
      return keepers.includes(event.actor.id)
        ? null
        : `a gate decision is recorded by one of the open ${context.review.gateId} review's gatekeepers (${keepers.join(', ')}), not ${event.actor.id}`;
    },
  },
  ProgrammeSuspended: asRegistered(gatekeeper),
  ProgrammeResumed: asRegistered(gatekeeper),
  ProgrammeCancelled: asRegistered(gatekeeper),
  ProgrammeClosed: asRegistered(gatekeeper),
  BudgetLinePlanned: asRegistered(finance),
  FinancialTransactionRecorded: asRegistered(finance),
  // The engine's own event: moving a stream to a newer workflow version changes its gate rules, a governance decision.
  WorkflowMigrated: asRegistered(gatekeeper),
};

/** The programme's role policy. */
export const programmePolicy: RolePolicy<ProgrammeContext, ProgrammeMachineEvent> = { roles, rules };
