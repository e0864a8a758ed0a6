import { z } from 'zod';
import { exactly, type Schema } from './schema.ts';
import {
  EventId,
  IsoDate,
  LocalId,
  OrgRef,
  Person,
  ShortText,
  Side,
  Text,
  orgRefSet,
  refineDistinct,
  strictObject,
} from './common.ts';
import { supportedNumericCode } from './codes.ts';

const GateId = z.enum(['G1', 'G2', 'G3']);

const EvidenceEventIds = z.array(EventId).superRefine(refineDistinct('evidence event id'));

const Gatekeeper = strictObject({ orgId: OrgRef, side: Side });

const Criterion = strictObject({
  id: LocalId,
  text: Text,
  kind: z.enum(['must', 'should']),
  conditionable: z.boolean(),
});

/** Records that a gate review was scheduled, with its date, gatekeepers from both sides, and criteria. */
export const GateReviewScheduledData: Schema<GateReviewScheduledData> = exactly<GateReviewScheduledData>()(
  strictObject({
    gateId: GateId,
    reviewDate: IsoDate,
    gatekeepers: z
      .array(Gatekeeper)
      .min(1, { error: 'expected at least one gatekeeper' })
      .superRefine(refineDistinct('gatekeeper orgId', 'orgId')),
    criteria: z
      .array(Criterion)
      .min(1, { error: 'expected at least one criterion' })
      .superRefine(refineDistinct('criterion id', 'id')),
  }),
);
export type GateReviewScheduledData = {
  gateId: 'G1' | 'G2' | 'G3';
  reviewDate: string;
  gatekeepers: { orgId: string; side: 'NL' | 'CN' }[];
  criteria: { id: string; text: string; kind: 'must' | 'should'; conditionable: boolean }[];
};

const DecisionMaker = strictObject({
  orgId: OrgRef,
  side: Side,
  person: Person.optional(),
  position: z.enum(['go', 'no_go', 'abstain']),
});

const CriterionAssessment = strictObject({
  criterionId: LocalId,
  met: z.enum(['yes', 'partial', 'no']),
  evidenceEventIds: EvidenceEventIds,
});

const ConditionV1 = strictObject({
  conditionId: LocalId,
  text: Text,
  iatiType: supportedNumericCode('ConditionType', [1, 2, 3]),
  ownerOrgId: OrgRef,
  dueDate: IsoDate,
  coversCriterionId: LocalId.optional(),
});

/** A condition of a conditional go (schema 2): one or more owners, e.g. one organisation of each side. */
const Condition = strictObject({
  conditionId: LocalId,
  text: Text,
  iatiType: supportedNumericCode('ConditionType', [1, 2, 3]),
  ownerOrgIds: orgRefSet('owner participant id'),
  dueDate: IsoDate,
  coversCriterionId: LocalId.optional(),
});

const NextGate = strictObject({
  gateId: GateId,
  targetDate: IsoDate,
  requiredDeliverables: z.array(ShortText),
});

const decisionFields = {
  gateId: GateId,
  decision: z.enum(['go', 'go_with_conditions', 'hold', 'recycle', 'no_go']),
  decidedOn: IsoDate,
  decisionMakers: z
    .array(DecisionMaker)
    .min(1, { error: 'expected at least one decision maker' })
    .superRefine(refineDistinct('decision maker orgId', 'orgId')),
  criteriaAssessment: z.array(CriterionAssessment).superRefine(refineDistinct('criterionId', 'criterionId')),
  nextGate: NextGate.optional(),
  deliveryConfidence: z.enum(['G', 'A/G', 'A', 'A/R', 'R']).optional(),
  rationale: Text,
  minutesDocId: LocalId.optional(),
  reviewDate: IsoDate.optional(),
};

/** Schema version 1 of GateDecisionRecorded: each condition has exactly one owner (`ownerOrgId`). */
export const GateDecisionRecordedDataV1: Schema<GateDecisionRecordedDataV1> = exactly<GateDecisionRecordedDataV1>()(
  strictObject({
    ...decisionFields,
    conditions: z.array(ConditionV1).superRefine(refineDistinct('conditionId', 'conditionId')),
  }),
);
export type GateDecisionRecordedDataV1 = GateDecisionFields & {
  conditions: (ConditionFields & { ownerOrgId: string })[];
};

/** What a gate decision says in both schema versions: all but its conditions' owners. */
type GateDecisionFields = {
  gateId: 'G1' | 'G2' | 'G3';
  decision: 'go' | 'go_with_conditions' | 'hold' | 'recycle' | 'no_go';
  decidedOn: string;
  decisionMakers: {
    orgId: string;
    side: 'NL' | 'CN';
    position: 'go' | 'no_go' | 'abstain';
    person?: Person | undefined;
  }[];
  criteriaAssessment: { criterionId: string; met: 'yes' | 'partial' | 'no'; evidenceEventIds: string[] }[];
  rationale: string;
  nextGate?: { gateId: 'G1' | 'G2' | 'G3'; targetDate: string; requiredDeliverables: string[] } | undefined;
  deliveryConfidence?: 'G' | 'A/G' | 'A' | 'A/R' | 'R' | undefined;
  minutesDocId?: string | undefined;
  reviewDate?: string | undefined;
};

/** What a condition of a conditional go says in both schema versions: all but its owners. */
type ConditionFields = {
  conditionId: string;
  text: string;
  iatiType: 1 | 2 | 3;
  dueDate: string;
  coversCriterionId?: string | undefined;
};

/**
 * Records a gate decision: who decided what, how each criterion was assessed, the conditions (each with one or more
 * owners, `ownerOrgIds`), the next gate. Schema version 2; version-1 payloads are lifted by
 * {@link upcastGateDecisionRecordedV1}.
 */
export const GateDecisionRecordedData: Schema<GateDecisionRecordedData> = exactly<GateDecisionRecordedData>()(
  strictObject({
    ...decisionFields,
    conditions: z.array(Condition).superRefine(refineDistinct('conditionId', 'conditionId')),
  }),
);
export type GateDecisionRecordedData = GateDecisionFields & {
  conditions: (ConditionFields & { ownerOrgIds: string[] })[];
};

/** Returns a version-1 GateDecisionRecorded payload as version 2: each condition's one owner as a list of one. Pure. */
export function upcastGateDecisionRecordedV1(data: GateDecisionRecordedDataV1): GateDecisionRecordedData {
  return {
    ...data,
    conditions: data.conditions.map(({ ownerOrgId, ...condition }) => ({ ...condition, ownerOrgIds: [ownerOrgId] })),
  };
}

/** Records that an open gate condition was satisfied, citing the events that show it. */
export const GateConditionSatisfiedData: Schema<GateConditionSatisfiedData> = exactly<GateConditionSatisfiedData>()(
  strictObject({
    gateId: GateId,
    conditionId: LocalId,
    evidenceEventIds: EvidenceEventIds.min(1, { error: 'expected at least one evidence event id' }),
  }),
);
export type GateConditionSatisfiedData = {
  gateId: 'G1' | 'G2' | 'G3';
  conditionId: string;
  evidenceEventIds: string[];
};
