import { z } from 'zod';
import { exactly, type Schema } from './schema.ts';
import {
  IsoDate,
  LocalId,
  OrgRef,
  Person,
  ShortText,
  Text,
  orgRefSet,
  refineDateOrder,
  strictObject,
} from './common.ts';

const Direction = z.enum(['CN_TO_NL', 'NL_TO_CN']);
const Count = z
  .number()
  .int({ error: 'expected a whole number' })
  .nonnegative({ error: 'expected a count of 0 or more' });

/** Records a meeting of the innovation network (who took part, what was discussed). */
export const NetworkMeetingHeldData: Schema<NetworkMeetingHeldData> = exactly<NetworkMeetingHeldData>()(
  strictObject({
    meetingId: LocalId,
    date: IsoDate,
    participantIds: orgRefSet(),
    topics: z.array(ShortText).min(1, { error: 'expected at least one topic' }),
  }),
);
export type NetworkMeetingHeldData = { meetingId: string; date: string; participantIds: string[]; topics: string[] };

/** Records that a delegation visit was planned: direction, head, members, hosts, dates, expected deliverables. */
export const DelegationVisitPlannedData: Schema<DelegationVisitPlannedData> = exactly<DelegationVisitPlannedData>()(
  refineDateOrder(
    strictObject({
      visitId: LocalId,
      direction: Direction,
      head: Person,
      memberOrgIds: orgRefSet('member participant id'),
      hostOrgIds: orgRefSet('host participant id'),
      startDate: IsoDate,
      endDate: IsoDate,
      expectedDeliverables: z.array(ShortText),
    }),
    'startDate',
    'endDate',
  ),
);
export type DelegationVisitPlannedData = {
  visitId: string;
  direction: 'CN_TO_NL' | 'NL_TO_CN';
  head: Person;
  memberOrgIds: string[];
  hostOrgIds: string[];
  startDate: string;
  endDate: string;
  expectedDeliverables: string[];
};

const Deliverable = strictObject({
  kind: z.enum(['agreement', 'action_plan', 'report', 'other']),
  text: Text,
  agreedBy: orgRefSet('agreeing participant id', 0),
});

/** Records that a planned delegation visit took place, on which dates, and what it delivered. */
export const DelegationVisitCompletedData: Schema<DelegationVisitCompletedData> =
  exactly<DelegationVisitCompletedData>()(
    refineDateOrder(
      strictObject({
        visitId: LocalId,
        actualStart: IsoDate,
        actualEnd: IsoDate,
        deliverables: z.array(Deliverable),
      }),
      'actualStart',
      'actualEnd',
    ),
  );
export type DelegationVisitCompletedData = {
  visitId: string;
  actualStart: string;
  actualEnd: string;
  deliverables: { kind: 'agreement' | 'action_plan' | 'report' | 'other'; text: string; agreedBy: string[] }[];
};

/** Records a bilateral expert meeting: place, dates, plenaries, workgroups, site visits, participants, themes. */
export const ExpertMeetingHeldData: Schema<ExpertMeetingHeldData> = exactly<ExpertMeetingHeldData>()(
  refineDateOrder(
    strictObject({
      meetingId: LocalId,
      location: ShortText,
      startDate: IsoDate,
      endDate: IsoDate,
      plenaries: Count,
      workgroups: z.array(ShortText),
      siteVisits: z.array(ShortText),
      participantIds: orgRefSet(),
      themes: z.array(ShortText),
    }),
    'startDate',
    'endDate',
  ),
);
export type ExpertMeetingHeldData = {
  meetingId: string;
  location: string;
  startDate: string;
  endDate: string;
  plenaries: number;
  workgroups: string[];
  siteVisits: string[];
  participantIds: string[];
  themes: string[];
};

/** Records a stakeholder meeting and, if there was matchmaking, how many companies took part and matched. */
export const StakeholderMeetingHeldData: Schema<StakeholderMeetingHeldData> = exactly<StakeholderMeetingHeldData>()(
  strictObject({
    meetingId: LocalId,
    date: IsoDate,
    participantIds: orgRefSet(),
    matchmaking: strictObject({ companies: Count, matches: Count }).optional(),
  }),
);
export type StakeholderMeetingHeldData = {
  meetingId: string;
  date: string;
  participantIds: string[];
  matchmaking?: { companies: number; matches: number } | undefined;
};

/** Records a demand-driven expert mission: direction, experts, host, the need it answered, and dates. */
export const ExpertMissionConductedData: Schema<ExpertMissionConductedData> = exactly<ExpertMissionConductedData>()(
  refineDateOrder(
    strictObject({
      missionId: LocalId,
      direction: Direction,
      expertOrgIds: orgRefSet('expert participant id'),
      hostOrgId: OrgRef,
      needStatement: Text,
      startDate: IsoDate,
      endDate: IsoDate,
    }),
    'startDate',
    'endDate',
  ),
);
export type ExpertMissionConductedData = {
  missionId: string;
  direction: 'CN_TO_NL' | 'NL_TO_CN';
  expertOrgIds: string[];
  hostOrgId: string;
  needStatement: string;
  startDate: string;
  endDate: string;
};
