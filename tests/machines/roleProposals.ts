import { WorkflowSpecification } from '../../src/testing/index.ts';
import { programmeVersions } from '../../machines/index.ts';
import { seed, type SeedProposal } from '../fixtures/lcz.ts';
import type { Workflow } from '../../src/index.ts';

/** Role facts and decisions as proposals, for the tests of who holds and who grants a role (README, "Roles"). */

/** The registered versions: a proposal is decided under the newest, programme@3, where roles come from the log. */
export const v3 = WorkflowSpecification.for<Workflow>([...programmeVersions]);
/** The day the role tests act on, after the seed. */
export const on = '2012-10-10';
/** The seed before its first RoleGranted: registered, participants known, no role granted yet. */
export const fresh = seed.slice(
  0,
  seed.findIndex((p) => p.type === 'RoleGranted'),
);

export const act = (id: string, role: string) => ({ id, role });

export const grant = (
  orgId: string,
  role: string,
  decidedBy: string[],
  actor: { id: string; role: string },
  day = '2011-07-01',
  effectiveFrom = day,
): SeedProposal => ({ type: 'RoleGranted', occurredAt: day, actor, data: { orgId, role, decidedBy, effectiveFrom } });

export const revoke = (
  orgId: string,
  role: string,
  decidedBy: string[],
  actor: { id: string; role: string },
  day = on,
  effectiveFrom = day,
): SeedProposal => ({
  type: 'RoleRevoked',
  occurredAt: day,
  actor,
  data: { orgId, role, decidedBy, effectiveFrom },
});

export const suspension = (actor: { id: string; role: string }, decidedBy: string[], day = on): SeedProposal => ({
  type: 'ProgrammeSuspended',
  occurredAt: day,
  actor,
  data: { reason: 'Municipal reorganisation', category: 'political', decidedBy, reviewDate: '2013-01-15' },
});
