import { ownEntry } from '../src/projections/projection.ts';
import type { PolicyRule, RolePolicy } from '../src/workflow/policy.ts';
import type { ProgrammeContext, ProgrammeMachineEvent, Role } from './context.ts';
import { claimedRoleRules, roles } from './policy.ts';
import { holdsRole, notHolding } from './roles.ts';

type Args = { readonly context: ProgrammeContext; readonly event: ProgrammeMachineEvent };
type Rule = PolicyRule<ProgrammeContext, ProgrammeMachineEvent>;

/**
 * Returns why the actor does not hold the role it claims at this point of the stream (on the day the fact occurred),
 * or null. The registration is the exception: it is what makes its reporting organisation programme_manager.
 */
function actorHoldsRole({ context, event }: Args): string | null {
  if (event.type === 'ProgrammeRegistered') return null;
  const role = event.actor.role as Role;
  if (holdsRole(context, event.actor.id, role, event.occurredAt)) return null;
  const registered =
    ownEntry(context.participants, event.actor.id) !== undefined ||
    event.actor.id === context.programme?.reportingOrgId;
  if (!registered) return `the actor ${event.actor.id} is not a registered participant of this programme`;
  return notHolding(context, event.actor.id, role, event.occurredAt);
}

/** Returns why an organisation named as deciding the event does not hold the role deciding it needs. */
function decidersHoldRoles({ context, event }: Args): string[] {
  const needs = (orgIds: readonly string[], as: string) =>
    orgIds
      .filter((id) => !holdsRole(context, id, 'gatekeeper', event.occurredAt))
      .map((id) => notHolding(context, id, 'gatekeeper', event.occurredAt, as));
  switch (event.type) {
    case 'ProgrammeSuspended':
    case 'ProgrammeResumed':
    case 'ProgrammeCancelled':
      return [
        ...(event.data.decidedBy.includes(event.actor.id)
          ? []
          : [
              `${event.actor.id} records only a decision it took part in; it is not in decidedBy (${event.data.decidedBy.join(', ')})`,
            ]),
        ...needs(event.data.decidedBy, 'in decidedBy'),
      ];
    case 'GateDecisionRecorded':
      return needs(
        event.data.decisionMakers.map((m) => m.orgId),
        'among the decisionMakers',
      );
    case 'GateReviewScheduled':
      return needs(
        event.data.gatekeepers.map((g) => g.orgId),
        'named as a gatekeeper of the review',
      );
    default:
      return [];
  }
}

/**
 * Returns a programme@1 rule that also asks that the actor holds its role and that every decider holds its role.
 * When the actor does not, every other organisation named as deciding without the role is named too, so that one
 * refusal (or one `replay --roles newest` finding) shows each self-declared decider.
 */
function granted(rule: Rule): Rule {
  return {
    ...rule,
    check: (args) => {
      const actor = actorHoldsRole(args);
      const deciders = decidersHoldRoles(args);
      if (actor) {
        const self = args.event.actor.id;
        const others = deciders.filter((p) => !p.startsWith(`${self} `) && !p.startsWith(`${self},`));
        return [actor, ...others].join('; ');
      }
      // Stryker disable next-line StringLiteral: equivalent; no check says '' (a policy reads it as no problem)
      const problems = [rule.check?.(args), ...deciders].filter((p): p is string => typeof p === 'string' && p !== '');
      return problems.length === 0 ? null : problems.join('; ');
    },
  };
}

/**
 * The role policy of programme@3: who records what is as in programme@1 (README, "Roles"), and the role claimed must
 * be one the actor holds at that point of the stream, granted by the log (RoleGranted, not revoked, in force on the
 * day the fact occurred). Every organisation named as deciding (decidedBy of a suspension, resumption or
 * cancellation, the decisionMakers of a gate decision, the gatekeepers of a gate review) must hold gatekeeper, and
 * the recording gatekeeper is one of those who decided. A refusal names the roles the actor holds and the RoleGranted
 * that would give it the missing one.
 */
export const rolePolicy: RolePolicy<ProgrammeContext, ProgrammeMachineEvent> = {
  roles,
  rules: Object.fromEntries(Object.entries(claimedRoleRules).map(([type, rule]) => [type, granted(rule)])),
};
