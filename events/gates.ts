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

const Condition = strictObject({
  conditionId: LocalId,
  text: Text,
  iatiType: supportedNumericCode('ConditionType', [1, 2, 3]),
  ownerOrgId: OrgRef,
  dueDate: IsoDate,
  coversCriterionId: LocalId.optional(),
});

const NextGate = strictObject({
  gateId: GateId,
  targetDate: IsoDate,
  requiredDeliverables: z.array(ShortText),
});

/** Records a gate decision: who decided what, how each criterion was assessed, the conditions, the next gate. */
export const GateDecisionRecordedData = strictObject({
  gateId: GateId,
  decision: z.enum(['go', 'go_with_conditions', 'hold', 'recycle', 'no_go']),
  decidedOn: IsoDate,
  decisionMakers: z
    .array(DecisionMaker)
    .min(1, { error: 'expected at least one decision maker' })
    .superRefine(refineDistinct('decision maker orgId', 'orgId')),
  criteriaAssessment: z.array(CriterionAssessment).superRefine(refineDistinct('criterionId', 'criterionId')),
  conditions: z.array(Condition).superRefine(refineDistinct('conditionId', 'conditionId')),
  nextGate: NextGate.optional(),
  deliveryConfidence: z.enum(['G', 'A/G', 'A', 'A/R', 'R']).optional(),
  rationale: Text,
  minutesDocId: LocalId.optional(),
  reviewDate: IsoDate.optional(),
});
export type GateDecisionRecordedData = z.infer<typeof GateDecisionRecordedData>;

/** Records that an open gate condition was satisfied, citing the events that show it. */
export const GateConditionSatisfiedData = strictObject({
  gateId: GateId,
  conditionId: LocalId,
  evidenceEventIds: EvidenceEventIds.min(1, { error: 'expected at least one evidence event id' }),
});
export type GateConditionSatisfiedData = z.infer<typeof GateConditionSatisfiedData>;
