import { z } from 'zod';
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
export const GateReviewScheduledData = strictObject({
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
});
export type GateReviewScheduledData = z.infer<typeof GateReviewScheduledData>;

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
export const GateDecisionRecordedDataV1 = strictObject({
  ...decisionFields,
  conditions: z.array(ConditionV1).superRefine(refineDistinct('conditionId', 'conditionId')),
});
export type GateDecisionRecordedDataV1 = z.infer<typeof GateDecisionRecordedDataV1>;

/**
 * Records a gate decision: who decided what, how each criterion was assessed, the conditions (each with one or more
 * owners, `ownerOrgIds`), the next gate. Schema version 2; version-1 payloads are lifted by
 * {@link upcastGateDecisionRecordedV1}.
 */
export const GateDecisionRecordedData = strictObject({
  ...decisionFields,
  conditions: z.array(Condition).superRefine(refineDistinct('conditionId', 'conditionId')),
});
export type GateDecisionRecordedData = z.infer<typeof GateDecisionRecordedData>;

/** Returns a version-1 GateDecisionRecorded payload as version 2: each condition's one owner as a list of one. Pure. */
export function upcastGateDecisionRecordedV1(data: GateDecisionRecordedDataV1): GateDecisionRecordedData {
  return {
    ...data,
    conditions: data.conditions.map(({ ownerOrgId, ...condition }) => ({ ...condition, ownerOrgIds: [ownerOrgId] })),
  };
}

/** Records that an open gate condition was satisfied, citing the events that show it. */
export const GateConditionSatisfiedData = strictObject({
  gateId: GateId,
  conditionId: LocalId,
  evidenceEventIds: EvidenceEventIds.min(1, { error: 'expected at least one evidence event id' }),
});
export type GateConditionSatisfiedData = z.infer<typeof GateConditionSatisfiedData>;
