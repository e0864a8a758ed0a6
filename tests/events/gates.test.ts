import { describe, expect, it } from 'vitest';
import { GateConditionSatisfiedData, GateDecisionRecordedData, GateReviewScheduledData } from '../../events/index.ts';
import { describeRejections, expectAccepted, expectRejected, without } from './assertions.ts';
import { seed, seedOf } from './samplePayloads.ts';

describe('gate events', () => {
  it.each([
    ['GateReviewScheduled', GateReviewScheduledData],
    ['GateDecisionRecorded', GateDecisionRecordedData],
    ['GateConditionSatisfied', GateConditionSatisfiedData],
  ] as const)('accepts the seed payload of %s', (type, schema) => {
    expectAccepted(schema, seedOf(type));
  });

  it('accepts the G2 go of the seed (#23): four gatekeepers, no conditions, next gate G3', () => {
    expectAccepted(GateDecisionRecordedData, {
      gateId: 'G2',
      decision: 'go',
      decidedOn: '2012-06-14',
      decisionMakers: [
        { orgId: 'eli', side: 'NL', position: 'go' },
        { orgId: 'im', side: 'NL', position: 'go' },
        { orgId: 'ndrc-ccd', side: 'CN', position: 'go' },
        { orgId: 'sz-gov', side: 'CN', position: 'go' },
      ],
      criteriaAssessment: ['G2-C1', 'G2-C2', 'G2-C3', 'G2-C4'].map((criterionId, index) => ({
        criterionId,
        met: 'yes',
        evidenceEventIds: [`evt-00${22 - index}`],
      })),
      conditions: [],
      nextGate: { gateId: 'G3', targetDate: '2012-12-15', requiredDeliverables: ['3 KT activities', 'final report'] },
      rationale: 'MoU signed, joint working group in place, waste management selected.',
    });
  });

  it('accepts a hold with a review date and no next gate', () => {
    const withoutNextGate = without(seedOf('GateDecisionRecorded'), 'nextGate');
    const hold = { ...withoutNextGate, decision: 'hold', conditions: [], reviewDate: '2012-03-01' };
    expectAccepted(GateDecisionRecordedData, hold);
  });

  describeRejections('GateReviewScheduled', GateReviewScheduledData, seedOf('GateReviewScheduled'), {
    required: 'criteria',
    wrongType: ['gateId', 'G4', /expected one of "G1"\|"G2"\|"G3"/],
    date: 'reviewDate',
  });
  describeRejections('GateDecisionRecorded', GateDecisionRecordedData, seedOf('GateDecisionRecorded'), {
    required: 'decisionMakers',
    wrongType: ['decision', 'kill', /expected one of "go"\|"go_with_conditions"\|"hold"\|"recycle"\|"no_go"/],
    date: 'decidedOn',
  });
  describeRejections('GateConditionSatisfied', GateConditionSatisfiedData, seedOf('GateConditionSatisfied'), {
    required: 'evidenceEventIds',
    wrongType: ['evidenceEventIds', 'evt-0014', /expected array, received string/],
  });

  describe('GateReviewScheduled', () => {
    const review = seedOf('GateReviewScheduled');

    it('rejects a criterion id used twice and names it', () => {
      const criteria = [...seed.GateReviewScheduled.criteria, { ...seed.GateReviewScheduled.criteria[0] }];
      expectRejected(
        GateReviewScheduledData,
        { ...review, criteria },
        ['criteria', 6, 'id'],
        /duplicate criterion id "G1-C1"/,
      );
    });

    it('rejects a review without gatekeepers or criteria', () => {
      expectRejected(
        GateReviewScheduledData,
        { ...review, gatekeepers: [] },
        ['gatekeepers'],
        /at least one gatekeeper/,
      );
      expectRejected(GateReviewScheduledData, { ...review, criteria: [] }, ['criteria'], /at least one criterion/);
    });

    it('rejects a gatekeeper listed twice and names it', () => {
      const gatekeepers = [...seed.GateReviewScheduled.gatekeepers, { orgId: 'eli', side: 'NL' }];
      expectRejected(
        GateReviewScheduledData,
        { ...review, gatekeepers },
        ['gatekeepers', 4, 'orgId'],
        /duplicate gatekeeper orgId "eli"/,
      );
    });

    it('rejects a criterion kind other than must or should', () => {
      const criteria = [{ id: 'G1-C1', text: 'Visit done', kind: 'could', conditionable: false }];
      expectRejected(
        GateReviewScheduledData,
        { ...review, criteria },
        ['criteria', 0, 'kind'],
        /expected one of "must"\|"should"/,
      );
    });

    it('rejects a gatekeeper without a side', () => {
      expectRejected(
        GateReviewScheduledData,
        { ...review, gatekeepers: [{ orgId: 'eli' }] },
        ['gatekeepers', 0, 'side'],
        /expected one of "NL"\|"CN"/,
      );
    });
  });

  describe('GateDecisionRecorded', () => {
    const decision = seedOf('GateDecisionRecorded');

    it('rejects a criterion assessed twice and names it', () => {
      const criteriaAssessment = [
        { criterionId: 'G1-C1', met: 'yes', evidenceEventIds: ['evt-0007'] },
        { criterionId: 'G1-C1', met: 'no', evidenceEventIds: [] },
      ];
      expectRejected(
        GateDecisionRecordedData,
        { ...decision, criteriaAssessment },
        ['criteriaAssessment', 1, 'criterionId'],
        /duplicate criterionId "G1-C1"/,
      );
    });

    it('rejects a condition id used twice and names it', () => {
      const [condition] = seed.GateDecisionRecorded.conditions;
      const conditions = [condition, { ...condition, text: 'Second condition' }];
      expectRejected(
        GateDecisionRecordedData,
        { ...decision, conditions },
        ['conditions', 1, 'conditionId'],
        /duplicate conditionId "K1"/,
      );
    });

    it('rejects a decision maker listed twice and names it', () => {
      const decisionMakers = [
        ...seed.GateDecisionRecorded.decisionMakers,
        { orgId: 'eli', side: 'NL', position: 'no_go' },
      ];
      expectRejected(
        GateDecisionRecordedData,
        { ...decision, decisionMakers },
        ['decisionMakers', 2, 'orgId'],
        /duplicate decision maker orgId "eli"/,
      );
    });

    it('rejects a decision without decision makers', () => {
      expectRejected(
        GateDecisionRecordedData,
        { ...decision, decisionMakers: [] },
        ['decisionMakers'],
        /at least one decision maker/,
      );
    });

    it('rejects an IATI condition type outside 1 to 3', () => {
      const conditions = [{ ...seed.GateDecisionRecorded.conditions[0], iatiType: 4 }];
      expectRejected(
        GateDecisionRecordedData,
        { ...decision, conditions },
        ['conditions', 0, 'iatiType'],
        /"4" is not a code of the IATI ConditionType codelist/,
      );
    });

    it('rejects an impossible due date on a condition', () => {
      const conditions = [{ ...seed.GateDecisionRecorded.conditions[0], dueDate: '2012-02-30' }];
      expectRejected(
        GateDecisionRecordedData,
        { ...decision, conditions },
        ['conditions', 0, 'dueDate'],
        /real calendar date/,
      );
    });

    it('rejects an unknown delivery confidence rating', () => {
      expectRejected(
        GateDecisionRecordedData,
        { ...decision, deliveryConfidence: 'green' },
        ['deliveryConfidence'],
        /expected one of "G"\|"A\/G"\|"A"\|"A\/R"\|"R"/,
      );
    });

    it('rejects an evidence event id with characters outside [A-Za-z0-9_-]', () => {
      const criteriaAssessment = [{ criterionId: 'G1-C1', met: 'yes', evidenceEventIds: ['evt 7'] }];
      expectRejected(
        GateDecisionRecordedData,
        { ...decision, criteriaAssessment },
        ['criteriaAssessment', 0, 'evidenceEventIds', 0],
        /event id of letters, digits/,
      );
    });

    it('rejects an impossible review date', () => {
      expectRejected(
        GateDecisionRecordedData,
        { ...decision, reviewDate: '2012-04-31' },
        ['reviewDate'],
        /real calendar date/,
      );
    });

    it('rejects an unknown field inside the next gate', () => {
      const nextGate = { ...seed.GateDecisionRecorded.nextGate, owner: 'eli' };
      const issue = GateDecisionRecordedData.safeParse({ ...decision, nextGate }).error?.issues[0];
      expect(issue).toMatchObject({ code: 'unrecognized_keys', keys: ['owner'], path: ['nextGate'] });
      expect(issue?.message).toBe('unexpected field "owner": expected only gateId, targetDate, requiredDeliverables');
    });
  });

  it('rejects satisfying a condition without evidence', () => {
    expectRejected(
      GateConditionSatisfiedData,
      { ...seedOf('GateConditionSatisfied'), evidenceEventIds: [] },
      ['evidenceEventIds'],
      /at least one evidence event id/,
    );
  });
});
