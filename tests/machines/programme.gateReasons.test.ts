import { describe } from 'vitest';
import { programme } from '../../machines/index.ts';
import { seedProposal, seedUntil, variant, type SeedProposal } from '../fixtures/lcz.ts';
import { itChecksGuard, type GuardCase } from './guardCase.ts';

/**
 * Gate rules (machines/gateRules.ts; README, "The reference workflow") whose reasons name more than one thing, and the
 * criteria a review lists beyond or against the workflow's: each refusal word for word. The accepted and refused case
 * of every gate guard is in programme.gateGuards.test.ts.
 */
const beforeG1Review = seedUntil('08-involvement-ngi');
const g1Review = seedProposal('09-g1-review');
const atG1 = seedUntil('11-understanding-expertise');
const g1 = seedProposal('12-g1-decision');
const g1Data = g1.data as { criteriaAssessment: Array<Record<string, unknown>> };
const g1Go = variant(g1, { decision: 'go', conditions: [] });
const atG2 = seedUntil('22-mou-signed');
const g2 = seedProposal('23-g2-decision');
const g2Data = g2.data as { criteriaAssessment: Array<Record<string, unknown>> };
const position = (orgId: string, side: string, said: string) => ({ orgId, side, position: said });
const g1Criteria = g1Review.data.criteria as Array<Record<string, unknown>>;
const listedAs = (kinds: Record<string, string>) =>
  variant(g1Review, { criteria: g1Criteria.map((k) => ({ ...k, kind: kinds[k.id as string] ?? k.kind })) });
const assessing = (...ids: string[]) =>
  variant(g1, {
    criteriaAssessment: [
      ...g1Data.criteriaAssessment,
      ...ids.map((criterionId) => ({ criterionId, met: 'yes', evidenceEventIds: [] })),
    ],
  });

/** The G2 review of the seed with its criteria changed by `change`. */
const withG2Criteria = (history: readonly SeedProposal[], change: (k: Array<Record<string, unknown>>) => unknown[]) =>
  history.map((p) =>
    p.id === 'lcz-20-g2-review'
      ? variant(p, { criteria: change(p.data.criteria as Array<Record<string, unknown>>) }, { id: p.id })
      : p,
  );
const beforeMouSigned = seedUntil('21-theme');
const added = { id: 'G2-X', text: 'Municipal co-financing agreed', kind: 'must', conditionable: true };
const condition = (conditionId: string, coversCriterionId: string) => ({
  conditionId,
  text: 'To be done',
  iatiType: 2,
  ownerOrgIds: ['twa-guangzhou'],
  dueDate: '2012-09-01',
  coversCriterionId,
});
/** G2 go_with_conditions on 2012-06-10, before the MoU is signed: G2-C1 short, and each of `short` assessed partial. */
const g2Conditional = (conditions: unknown[], short: string[] = []) =>
  variant(
    g2,
    {
      decision: 'go_with_conditions',
      decidedOn: '2012-06-10',
      conditions,
      criteriaAssessment: [
        ...g2Data.criteriaAssessment.map((a) =>
          a.criterionId === 'G2-C1' ? { ...a, met: 'partial', evidenceEventIds: ['lcz-19-mou-proposed'] } : a,
        ),
        ...short.map((criterionId) => ({ criterionId, met: 'partial', evidenceEventIds: [] })),
      ],
    },
    { occurredAt: '2012-06-10' },
  );
const k1 = (g1.data as { conditions: Array<Record<string, unknown>> }).conditions[0]!;
/** The seed up to G2 with K1 due on the day of the G2 decision (2012-06-14). */
const k1DueAtG2 = atG2.map((p) =>
  p.id === 'lcz-12-g1-decision' ? variant(p, { conditions: [{ ...k1, dueDate: '2012-06-14' }] }, { id: p.id }) : p,
);
const g2At = (occurredAt: string) => variant(g2, {}, { occurredAt });

const cases: GuardCase[] = [
  {
    guard: 'requiredCriteria',
    rule: 'a must-criterion listed as should is named',
    given: beforeG1Review,
    accepted: g1Review,
    refused: listedAs({ 'G1-C2': 'should' }),
    reason: /^G1-C2 is a must-criterion of G1, not should$/,
  },
  {
    guard: 'requiredCriteria',
    rule: 'every must-criterion listed as should is named',
    given: beforeG1Review,
    accepted: listedAs({ 'G1-C5': 'must' }),
    refused: listedAs({ 'G1-C1': 'should', 'G1-C3': 'should' }),
    reason: /^G1-C1, G1-C3 are must-criteria of G1, not should$/,
  },
  {
    guard: 'criteriaAssessed',
    rule: 'an assessment of a criterion the review does not list is named',
    given: atG1,
    accepted: g1,
    refused: assessing('G1-X'),
    reason: /^G1-X is not a criterion of the open review$/,
  },
  {
    guard: 'criteriaAssessed',
    rule: 'every unlisted and every unassessed criterion is named',
    given: atG1,
    accepted: g1,
    refused: variant(assessing('G1-X', 'G1-Y'), {
      criteriaAssessment: [
        ...g1Data.criteriaAssessment.filter((a) => a.criterionId !== 'G1-C5' && a.criterionId !== 'G1-C6'),
        { criterionId: 'G1-X', met: 'yes', evidenceEventIds: [] },
        { criterionId: 'G1-Y', met: 'yes', evidenceEventIds: [] },
      ],
    }),
    reason:
      /^G1-X, G1-Y are not criteria of the open review \| each criterion of the review is assessed exactly once; G1-C5, G1-C6 are not assessed$/,
  },
  {
    guard: 'decidersAreGatekeepers',
    rule: "a decision maker outside the review is named with the review's gatekeepers",
    given: atG2,
    accepted: g2,
    refused: variant(g2, {
      decisionMakers: [...(g2.data.decisionMakers as unknown[]), position('sz-drc', 'CN', 'go')],
    }),
    reason: /^sz-drc is not a gatekeeper of the open G2 review \(gatekeepers: eli, im, ndrc-ccd, sz-gov\)$/,
  },
  {
    guard: 'jointConsent',
    rule: 'a go with a go from neither side names both',
    given: atG1,
    accepted: g1Go,
    refused: variant(g1Go, {
      decisionMakers: [position('eli', 'NL', 'abstain'), position('sz-gov', 'CN', 'abstain')],
    }),
    reason: /^G1 go needs a go from both sides; NL and CN have none$/,
  },
  {
    guard: 'jointConsent',
    rule: 'a no_go is named with the side its decider is registered on',
    given: atG1,
    accepted: g1Go,
    refused: variant(g1Go, { decisionMakers: [position('eli', 'NL', 'go'), position('sz-gov', 'NL', 'no_go')] }),
    reason: /^G1 go needs consent of both sides, but sz-gov \(CN\) said no_go$/,
  },
  {
    guard: 'earlierConditionsSettled',
    rule: 'a condition due on the decision day is still open at any time of that day',
    given: k1DueAtG2,
    accepted: g2At('2012-06-14T10:00:00Z'),
    refusedGiven: k1DueAtG2.filter((p) => p.id !== 'lcz-15-k1-satisfied'),
    refused: g2At('2012-06-14T10:00:00Z'),
    reason: /^condition K1 of G1 \("Joint working group installed", due 2012-06-14\) is still open; record /,
  },
  {
    guard: 'shortfallsCovered',
    rule: 'a must-criterion the review adds may be left to a condition that covers it',
    given: withG2Criteria(beforeMouSigned, (criteria) => [...criteria, added]),
    accepted: g2Conditional([condition('K2', 'G2-C1'), condition('K3', 'G2-X')], ['G2-X']),
    refused: g2Conditional([condition('K2', 'G2-C1')], ['G2-X']),
    reason: /^G2-X is not met; a condition must cover it \(coversCriterionId\)$/,
  },
  {
    guard: 'shortfallsCovered',
    rule: 'each short criterion is judged by its own listing, not by the first (G2-C2, not conditionable)',
    given: withG2Criteria(beforeMouSigned, ([c1, c2, ...rest]) => [c2, c1, ...rest]),
    accepted: g2Conditional([condition('K2', 'G2-C1')]),
    refused: g2Conditional([]),
    reason: /^G2-C1 is not met; a condition must cover it \(coversCriterionId\)$/,
  },
];

describe('programme@1 gate rules: reasons that name several things, criteria the review adds or reorders', () => {
  for (const c of cases) itChecksGuard(programme, c);
});
