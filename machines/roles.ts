import { isOnOrBefore } from '../src/workflow/dates.ts';
import { ownEntry } from '../src/projections/projection.ts';
import type { EventOf, ProgrammeContext, Role, RoleTerm, Side } from './context.ts';
import { isCnGovernment, isNlGovernment, sideOf, sides } from './sides.ts';
import { list } from './text.ts';

/**
 * Workflow roles as facts of the log (README, "Roles"): who holds which role, from when, and who may grant or revoke
 * one. Pure functions of the context; the programme's policies (policy.ts, rolePolicy.ts) are built from them.
 */

/** The workflow roles, in the order messages list them. */
export const workflowRoles: readonly Role[] = ['programme_manager', 'gatekeeper', 'finance_officer', 'auditor'];

/** A role fact: what {@link withRoleChange} applies. */
export type RoleEvent = EventOf<'RoleGranted'> | EventOf<'RoleRevoked'>;

/**
 * The part of a context the role functions read: the registration's reporting organisation and the recorded terms.
 * The machine's context has it, and so has a read model that keeps roles (readModel/projection.ts).
 */
export type RoleFacts = {
  readonly programme: { readonly reportingOrgId: string } | null;
  readonly roles?: ProgrammeContext['roles'];
};

/** Returns the term `orgId` has in `role`: recorded, or the reporting organisation's programme_manager by registration. */
export function roleTerm(c: RoleFacts, orgId: string, role: Role): RoleTerm | undefined {
  const recorded = c.roles === undefined ? undefined : ownEntry(ownEntry(c.roles, orgId) ?? {}, role);
  if (recorded !== undefined) return recorded;
  return role === 'programme_manager' && c.programme !== null && c.programme.reportingOrgId === orgId
    ? { since: null, grantedBy: null }
    : undefined;
}

/** True when a term is in force at `on` (a date or date-time); without `on`, when it has not been revoked. */
function inForce(term: RoleTerm | undefined, on?: string): boolean {
  if (term === undefined) return false;
  if (on === undefined) return term.until === undefined;
  return (
    (term.since === null || isOnOrBefore(term.since, on)) && (term.until === undefined || !isOnOrBefore(term.until, on))
  );
}

/**
 * Returns the workflow roles `orgId` holds in the programme, in {@link workflowRoles} order: on the day of `on` (a
 * date or date-time) when given, else every role granted to it and not revoked. The reporting organisation holds
 * programme_manager from the registration on, unless a RoleRevoked took it away.
 * @example rolesHeld(context, 'eli') // ['gatekeeper'] for the seed
 */
export function rolesHeld(context: RoleFacts, orgId: string, on?: string): Role[] {
  return workflowRoles.filter((role) => inForce(roleTerm(context, orgId, role), on));
}

/** True when `orgId` holds `role` (on the day of `on`, when given). */
export function holdsRole(context: ProgrammeContext, orgId: string, role: Role, on?: string): boolean {
  return inForce(roleTerm(context, orgId, role), on);
}

/** Returns the organisations holding `role` (on `on`, when given), reporting organisation first, then in grant order. */
export function holdersOf(context: ProgrammeContext, role: Role, on?: string): string[] {
  const ids = [
    ...new Set([...(context.programme ? [context.programme.reportingOrgId] : []), ...Object.keys(context.roles ?? {})]),
  ];
  return ids.filter((id) => holdsRole(context, id, role, on));
}

/** Returns the gatekeepers of one side (on `on`, when given). */
export function gatekeepersOf(context: ProgrammeContext, side: Side, on?: string): string[] {
  return holdersOf(context, 'gatekeeper', on).filter((id) => sideOf(context, id) === side);
}

/** Returns the context after a RoleGranted (a new term from `effectiveFrom`) or RoleRevoked (the term ends then). */
export function withRoleChange<TContext extends RoleFacts>(c: TContext, e: RoleEvent): TContext {
  const { orgId, role, effectiveFrom } = e.data;
  const own = c.roles === undefined ? {} : (ownEntry(c.roles, orgId) ?? {});
  const term: RoleTerm =
    e.type === 'RoleGranted'
      ? { since: effectiveFrom, grantedBy: e.id }
      : { ...(roleTerm(c, orgId, role) ?? { since: null, grantedBy: null }), until: effectiveFrom, revokedBy: e.id };
  return { ...c, roles: { ...c.roles, [orgId]: { ...own, [role]: term } } };
}

/** Returns what the roles of `orgId` are, in words: `it holds programme_manager` or `it holds no role`. */
export function heldInWords(c: ProgrammeContext, orgId: string, on?: string): string {
  const held = rolesHeld(c, orgId, on);
  return held.length === 0 ? 'it holds no role' : `it holds ${list(held)}`;
}

/** Returns how `orgId` could be given `role`: the event to record and who must decide it, naming them. */
export function howToGrant(c: ProgrammeContext, orgId: string, role: Role): string {
  const grant = `RoleGranted (orgId ${orgId}, role ${role})`;
  const keepers = sides.map((side) => `${side}: ${list(gatekeepersOf(c, side)) || 'none yet'}`).join('; ');
  const reporting = c.programme?.reportingOrgId;
  if (role !== 'gatekeeper') {
    return `record ${grant} decided by the reporting organisation${reporting ? ` ${reporting}` : ''}, or jointly by gatekeepers of both sides (${keepers})`;
  }
  const side = sideOf(c, orgId);
  const first =
    reporting && side && side === sideOf(c, reporting) && orgId !== reporting && gatekeepersOf(c, side).length === 0;
  return (
    `record ${grant} decided jointly by a gatekeeper of each side (${keepers})` +
    (side && gatekeepersOf(c, side).length === 0 && isGovernment(c, orgId)
      ? `, ${orgId} consenting for ${side} as it has none yet`
      : '') +
    (first ? `, or by the reporting organisation ${reporting} alone, as the first gatekeeper of its side` : '')
  );
}

function isGovernment(c: ProgrammeContext, orgId: string): boolean {
  return isNlGovernment(c, orgId) || isCnGovernment(c, orgId);
}

/**
 * Returns why `orgId` does not hold `role` on `on`, with the roles it does hold and the RoleGranted that would give
 * it the role; `as` says where a decider was named (`in decidedBy`), and is left out for the recording actor.
 */
export function notHolding(c: ProgrammeContext, orgId: string, role: Role, on: string, as?: string): string {
  const who = as === undefined ? orgId : `${orgId}, ${as},`;
  const term = roleTerm(c, orgId, role);
  if (term?.until !== undefined && isOnOrBefore(term.until, on))
    return `${who} no longer holds ${role}: it was revoked from ${term.until}`;
  if (term !== undefined && term.until === undefined && term.since !== null)
    return `${who} holds ${role} only from ${term.since}`;
  return `${who} does not hold ${role} (${heldInWords(c, orgId, on)}); ${howToGrant(c, orgId, role)}`;
}

/**
 * Returns why the deciders of a RoleGranted or RoleRevoked may not decide it (empty when they may). The rule:
 * - programme_manager, finance_officer, auditor: the reporting organisation alone (holding programme_manager), or
 *   gatekeepers of both sides;
 * - gatekeeper, granted: a gatekeeper of each side; a side with no gatekeeper yet consents through the government
 *   body appointed for it; or the reporting organisation alone for the first gatekeeper of its own side, never itself;
 * - gatekeeper, revoked: gatekeepers of both sides, or gatekeepers of the revoked organisation's own side.
 * The organisation that records it is one of the deciders.
 */
export function roleDecisionProblems(c: ProgrammeContext, e: RoleEvent): string[] {
  const { orgId, role, decidedBy } = e.data;
  const on = e.occurredAt;
  const problems: string[] = [];
  if (!decidedBy.includes(e.actor.id)) {
    problems.push(
      `${e.actor.id} records only a role decision it took part in; it is not in decidedBy (${list(decidedBy)})`,
    );
  }
  // Stryker disable next-line OptionalChaining: equivalent; before the registration its actor is refused as not registered
  const reporting = c.programme?.reportingOrgId;
  const byReporting =
    reporting !== undefined &&
    decidedBy.length === 1 &&
    decidedBy[0] === reporting &&
    holdsRole(c, reporting, 'programme_manager', on);
  const keepers = decidedBy.filter((id) => holdsRole(c, id, 'gatekeeper', on));
  // Stryker disable next-line EqualityOperator: equivalent; of two sides, each has a voice not of it iff both have one
  const bothSides = (voices: readonly string[]) => sides.every((side) => voices.some((id) => sideOf(c, id) === side));
  const what = `${e.type === 'RoleGranted' ? 'granting' : 'revoking'} ${role}`;
  // Stryker disable next-line ArrayDeclaration: equivalent; no organisation is named as the mutant's placeholder
  const nonKeepers = (except: readonly string[] = []) =>
    decidedBy
      .filter((id) => !keepers.includes(id) && !except.includes(id))
      .map((id) => notHolding(c, id, 'gatekeeper', on, 'in decidedBy'));

  if (role !== 'gatekeeper') {
    if (byReporting || (keepers.length === decidedBy.length && bothSides(keepers))) return problems;
    problems.push(
      `${what} is decided by the reporting organisation ${reporting ?? '(none registered)'} alone, or jointly by gatekeepers of both sides`,
      // Stryker disable next-line StringLiteral: equivalent; a decision reaching this has a reporting org
      ...(decidedBy.includes(reporting ?? '') && decidedBy.length > 1 ? [] : nonKeepers()),
      ...(keepers.length === decidedBy.length ? [missingSideText(c, keepers)] : []),
    );
    return problems;
  }
  const side = sideOf(c, orgId);
  if (e.type === 'RoleRevoked') {
    // Stryker disable next-line MethodExpression: equivalent; keepers of mixed sides are of both, who also decide
    const ownSide = keepers.length === decidedBy.length && keepers.every((id) => sideOf(c, id) === side);
    if (ownSide || (keepers.length === decidedBy.length && bothSides(keepers))) return problems;
    problems.push(
      `${what} is decided by gatekeepers of both sides, or by the gatekeepers of ${orgId}'s own side`,
      ...nonKeepers(),
    );
    return problems;
  }
  if (byReporting) {
    const ownFirst =
      side !== undefined &&
      side === sideOf(c, reporting) &&
      orgId !== reporting &&
      gatekeepersOf(c, side, on).length === 0;
    if (ownFirst) return problems;
    problems.push(
      orgId === reporting
        ? `no organisation makes itself gatekeeper: ${reporting} may appoint the first gatekeeper of its side, never itself`
        : `the reporting organisation ${reporting} alone appoints only the first gatekeeper of its own side; ` +
            `${orgId} needs a gatekeeper of each side: ${howToGrant(c, orgId, 'gatekeeper')}`,
    );
    return problems;
  }
  // Jointly: a gatekeeper per side, or the nominee itself for a side that has none yet (a government body).
  const nomineeSpeaks =
    side !== undefined &&
    gatekeepersOf(c, side, on).length === 0 &&
    isGovernment(c, orgId) &&
    decidedBy.includes(orgId);
  const voices = [...keepers, ...(nomineeSpeaks ? [orgId] : [])];
  if (voices.length === decidedBy.length && bothSides(voices)) return problems;
  problems.push(
    `a gatekeeper is appointed by both sides: a gatekeeper of each side decides it (a side with none yet consents through the government body it appoints)`,
    ...nonKeepers(nomineeSpeaks ? [orgId] : []),
    ...(voices.length === decidedBy.length ? [missingSideText(c, voices)] : []),
  );
  return problems;
}

function missingSideText(c: ProgrammeContext, voices: readonly string[]): string {
  const missing = sides.filter((side) => !voices.some((id) => sideOf(c, id) === side));
  return `no ${missing.join(' or ')} gatekeeper is among the deciders`;
}
