import { z } from 'zod';
import { exactly, type Schema } from './schema.ts';
import { IsoDate, OrgRef, Text, orgRefSet, strictObject } from './common.ts';

/** The roles of the programme workflow (README, "Roles"): who records and decides what. */
export const WorkflowRole: Schema<WorkflowRole> = exactly<WorkflowRole>()(
  z.enum(['programme_manager', 'gatekeeper', 'finance_officer', 'auditor'], {
    error: 'expected a workflow role: programme_manager, gatekeeper, finance_officer or auditor',
  }),
);
export type WorkflowRole = 'programme_manager' | 'gatekeeper' | 'finance_officer' | 'auditor';

/** What a grant and a revocation of a role say: whose role, which, who decided it, from which day, and why. */
const roleDecision = {
  orgId: OrgRef,
  role: WorkflowRole,
  decidedBy: orgRefSet('deciding participant id'),
  effectiveFrom: IsoDate,
  reason: Text.optional(),
};

/**
 * Records that an organisation was granted a workflow role: who decided it, and from which day it holds it
 * (never before the day the grant was decided). Who may decide which grant is the programme's rule (README, "Roles").
 */
export const RoleGrantedData: Schema<RoleGrantedData> = exactly<RoleGrantedData>()(strictObject(roleDecision));
export type RoleGrantedData = {
  orgId: string;
  role: WorkflowRole;
  decidedBy: string[];
  effectiveFrom: string;
  reason?: string | undefined;
};

/** Records that an organisation's workflow role was taken away: who decided it, and from which day. */
export const RoleRevokedData: Schema<RoleRevokedData> = exactly<RoleRevokedData>()(strictObject(roleDecision));
/** A revocation says what a grant says: whose role, which, who decided it, from when and why. */
export type RoleRevokedData = RoleGrantedData;
