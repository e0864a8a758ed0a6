import { z } from 'zod';
import { exactly, type Schema } from './schema.ts';
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
export const ParticipantRegisteredData: Schema<ParticipantRegisteredData> = exactly<ParticipantRegisteredData>()(
  strictObject({
    orgId: OrgRef,
    name: ShortText,
    side: Side,
    orgType: OrgTypeCode,
    iatiRoles: z
      .array(IatiRole)
      .min(1, { error: 'expected at least one IATI role (1 Funding, 2 Accountable, 3 Extending, 4 Implementing)' })
      .superRefine(refineDistinct('IATI role')),
    iatiRef: IatiIdentifier.optional(),
  }),
);
export type ParticipantRegisteredData = {
  orgId: string;
  name: string;
  side: 'NL' | 'CN';
  orgType: number;
  iatiRoles: (1 | 2 | 3 | 4)[];
  iatiRef?: string | undefined;
};

/** Records how far a Dutch knowledge institute or company is involved in the programme (R3). */
export const StakeholderInvolvementRecordedData: Schema<StakeholderInvolvementRecordedData> =
  exactly<StakeholderInvolvementRecordedData>()(
    strictObject({
      orgId: OrgRef,
      category: z.enum(['knowledge_institute', 'company']),
      level: z.enum(['informed', 'consulted', 'contributing', 'committed']),
    }),
  );
export type StakeholderInvolvementRecordedData = {
  orgId: string;
  category: 'knowledge_institute' | 'company';
  level: 'informed' | 'consulted' | 'contributing' | 'committed';
};

/** Records that a joint governance body was set up, with its members and chair (R1). */
export const GovernanceBodyEstablishedData: Schema<GovernanceBodyEstablishedData> =
  exactly<GovernanceBodyEstablishedData>()(
    strictObject({
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
    }),
  );
export type GovernanceBodyEstablishedData = {
  bodyId: string;
  kind: 'steering_committee' | 'expert_working_group' | 'joint_working_group' | 'secretariat';
  memberOrgIds: string[];
  chairOrgId: string;
};

/** Records that an expert joined a governance body as a member or advisor. */
export const ExpertJoinedGovernanceBodyData: Schema<ExpertJoinedGovernanceBodyData> =
  exactly<ExpertJoinedGovernanceBodyData>()(
    strictObject({
      bodyId: LocalId,
      expert: Person,
      capacity: z.enum(['member', 'advisor']),
    }),
  );
export type ExpertJoinedGovernanceBodyData = { bodyId: string; expert: Person; capacity: 'member' | 'advisor' };
