import { ownEntry } from '../src/projections/projection.ts';
import type { PolicyRule, RolePolicy } from '../src/workflow/policy.ts';
import type { ProgrammeEventType } from '../events/index.ts';
import type { ProgrammeContext, ProgrammeMachineEvent, Role } from './context.ts';
import { holdsRole, notHolding, roleDecisionProblems, workflowRoles } from './roles.ts';

/** The roles of the programme workflow (README, "Roles"). */
export const roles: readonly Role[] = workflowRoles;
export type { Role } from './context.ts';

const manager = { roles: ['programme_manager'] } as const;
const gatekeeper = { roles: ['gatekeeper'] } as const;
const finance = { roles: ['finance_officer'] } as const;

type Args = { readonly context: ProgrammeContext; readonly event: ProgrammeMachineEvent };

/** The actor records in its own name: it must be a registered participant (the reporting org may register first). */
const registeredActor = ({ context, event }: Args): string | null =>
  ownEntry(context.participants, event.actor.id) !== undefined || event.actor.id === context.programme?.reportingOrgId
    ? null
    : `the actor ${event.actor.id} is not a registered participant of this programme`;

const asRegistered = <TRule extends { readonly roles: readonly string[] }>(rule: TRule) => ({
  ...rule,
  check: registeredActor,
});

/**
 * The rule of RoleGranted and RoleRevoked, in every version: recorded by one of its deciders, holding the role it
 * claims (programme_manager for the reporting organisation deciding alone, else gatekeeper), and decided by whom the
 * role rule says (roles.ts, roleDecisionProblems).
 */
export const roleDecisionRule: PolicyRule<ProgrammeContext, ProgrammeMachineEvent> = {
  roles: ['programme_manager', 'gatekeeper'],
  check: ({ context, event }) => {
    if (event.type !== 'RoleGranted' && event.type !== 'RoleRevoked') return null;
    const unregistered = registeredActor({ context, event });
    if (unregistered) return unregistered;
    const role = event.actor.role as Role;
    const problems = [
      ...(holdsRole(context, event.actor.id, role, event.occurredAt)
        ? []
        : [notHolding(context, event.actor.id, role, event.occurredAt)]),
      ...roleDecisionProblems(context, event),
    ];
    return problems.length === 0 ? null : problems.join('; ');
  },
};

/**
 * Who may record what (deny by default): `programme_manager` records the programme's facts, `gatekeeper` its gate
 * decisions, its suspension, resumption, cancellation and closure, and its migration to a newer workflow version,
 * `finance_officer` budget lines and transactions, `auditor` nothing.
 */
export const claimedRoleRules: Record<
  ProgrammeEventType | 'WorkflowMigrated',
  PolicyRule<ProgrammeContext, ProgrammeMachineEvent>
> = {
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
  RoleGranted: roleDecisionRule,
  RoleRevoked: roleDecisionRule,
  // The engine's own event: moving a stream to a newer workflow version changes its gate rules, a governance decision.
  WorkflowMigrated: asRegistered(gatekeeper),
};

/**
 * The role policy of programme@1 and @2: the role an actor claims is trusted (any registered participant may claim
 * any role); only role grants themselves follow the role rule. programme@3 asks for the role (rolePolicy.ts).
 */
export const programmePolicy: RolePolicy<ProgrammeContext, ProgrammeMachineEvent> = { roles, rules: claimedRoleRules };
