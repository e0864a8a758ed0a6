import { z } from 'zod';
import {
  IatiIdentifier,
  IatiRole,
  LocalId,
  OrgRef,
  OrgTypeCode,
  Person,
  ShortText,
  Side,
  orgRefSet,
  refineDistinct,
  strictObject,
} from './common.ts';

/** Records that an organisation joined the programme, with its side, IATI type and IATI roles. */
export const ParticipantRegisteredData = strictObject({
  orgId: OrgRef,
  name: ShortText,
  side: Side,
  orgType: OrgTypeCode,
  iatiRoles: z
    .array(IatiRole)
    .min(1, { error: 'expected at least one IATI role (1 Funding, 2 Accountable, 3 Extending, 4 Implementing)' })
    .superRefine(refineDistinct('IATI role')),
  iatiRef: IatiIdentifier.optional(),
});
export type ParticipantRegisteredData = z.infer<typeof ParticipantRegisteredData>;

/** Records how far a Dutch knowledge institute or company is involved in the programme (R3). */
export const StakeholderInvolvementRecordedData = strictObject({
  orgId: OrgRef,
  category: z.enum(['knowledge_institute', 'company']),
  level: z.enum(['informed', 'consulted', 'contributing', 'committed']),
});
export type StakeholderInvolvementRecordedData = z.infer<typeof StakeholderInvolvementRecordedData>;

/** Records that a joint governance body was set up, with its members and chair (R1). */
export const GovernanceBodyEstablishedData = strictObject({
  bodyId: LocalId,
  kind: z.enum(['steering_committee', 'expert_working_group', 'joint_working_group', 'secretariat']),
  memberOrgIds: orgRefSet('member participant id'),
  chairOrgId: OrgRef,
}).superRefine((body, ctx) => {
  if (!body.memberOrgIds.includes(body.chairOrgId)) {
    ctx.addIssue({
      code: 'custom',
      path: ['chairOrgId'],
      message: `expected one of memberOrgIds, got "${body.chairOrgId}"`,
      input: body.chairOrgId,
    });
  }
});
export type GovernanceBodyEstablishedData = z.infer<typeof GovernanceBodyEstablishedData>;

/** Records that an expert joined a governance body as a member or advisor. */
export const ExpertJoinedGovernanceBodyData = strictObject({
  bodyId: LocalId,
  expert: Person,
  capacity: z.enum(['member', 'advisor']),
});
export type ExpertJoinedGovernanceBodyData = z.infer<typeof ExpertJoinedGovernanceBodyData>;
