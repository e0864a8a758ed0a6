import { describe } from 'vitest';
import { programme } from '../../machines/index.ts';
import { seedUntil, variant, type SeedProposal } from '../fixtures/lcz.ts';
import { atG1, g1, g1Go, g1Recycle, atG2, g2, condition, noGo } from './gateGuardFixtures.ts';
import { itChecksGuard, type GuardCase } from './guardCase.ts';

// G2 before the MoU is signed: reviewed, the MoU proposed (lcz-19), a theme selected.
const beforeMouSigned = seedUntil('21-theme');
const g2Data = g2.data as { criteriaAssessment: Array<{ criterionId: string; met: string }> };
/** G2 go_with_conditions on 2012-06-10, the MoU assessed as `mou` (evidence: its proposal). */
const g2Conditional = (conditions: unknown[], mou = 'partial', g2c2 = 'yes') =>
  variant(
    g2,
    {
      decision: 'go_with_conditions',
      decidedOn: '2012-06-10',
      conditions,
      criteriaAssessment: g2Data.criteriaAssessment.map((a) =>
        a.criterionId === 'G2-C1'
          ? { ...a, met: mou, evidenceEventIds: ['lcz-19-mou-proposed'] }
          : a.criterionId === 'G2-C2'
            ? { ...a, met: g2c2 }
            : a,
      ),
    },
    { occurredAt: '2012-06-10' },
  );
/** The history with the G2 review listing `id` as conditionable or not. */
const reviewListing = (history: readonly SeedProposal[], id: string, conditionable: boolean) =>
  history.map((p) =>
    p.id !== 'lcz-20-g2-review'
      ? p
      : variant(
          p,
          {
            criteria: (p.data.criteria as Array<{ id: string }>).map((k) =>
              k.id === id ? { ...k, conditionable } : k,
            ),
          },
          { id: p.id },
        ),
  );
const withoutMou = beforeMouSigned.filter((p) => p.id !== 'lcz-19-mou-proposed');
const g1Next = (g1.data as { nextGate: Record<string, unknown> }).nextGate;
const k1 = (g1.data as { conditions: Array<Record<string, unknown>> }).conditions[0]!;
/** The seed with K1 due on the day of the G2 decision (2012-06-14), and without K1 satisfied. */
const k1DueAtG2 = atG2.map((p) =>
  p.id === 'lcz-12-g1-decision' ? variant(p, { conditions: [{ ...k1, dueDate: '2012-06-14' }] }, { id: p.id }) : p,
);
const go = (orgId: string, side: string) => ({ orgId, side, position: 'go' });

const due = (date: string, covers?: string) => condition('K2', date, covers);
const boundaries: GuardCase[] = [
  {
    guard: 'shortfallsCovered',
    rule: 'a must-criterion short of yes is covered by a condition naming it',
    given: beforeMouSigned,
    accepted: g2Conditional([due('2012-09-01', 'G2-C1')]),
    refused: g2Conditional([due('2012-09-01', 'G2-C3')]),
    reason: /^G2-C1 is not met; a condition must cover it \(coversCriterionId\)$/,
  },
  {
    guard: 'shortfallsCovered',
    rule: 'a must-criterion assessed yes that the log shows unmet needs a covering condition',
    given: beforeMouSigned,
    accepted: g2Conditional([due('2012-09-01', 'G2-C1')], 'yes'),
    refused: g2Conditional([due('2012-09-01')], 'yes'),
    reason: /^G2-C1 is not met; a condition must cover it \(coversCriterionId\)$/,
  },
  {
    guard: 'shortfallsCovered',
    rule: 'a criterion the review lists as not conditionable is never left to a condition',
    given: beforeMouSigned,
    accepted: g2Conditional([due('2012-09-01', 'G2-C1')]),
    refusedGiven: reviewListing(beforeMouSigned, 'G2-C1', false),
    refused: g2Conditional([due('2012-09-01', 'G2-C1')]),
    reason: /^G2-C1 is not met \(no MoU has been signed\) and cannot be left to a condition$/,
  },
  {
    guard: 'shortfallsCovered',
    rule: 'a criterion the workflow holds not conditionable stays so whatever the review lists',
    given: reviewListing(beforeMouSigned, 'G2-C2', true),
    accepted: g2Conditional([due('2012-09-01', 'G2-C1')]),
    refused: g2Conditional([due('2012-09-01', 'G2-C1'), condition('K3', '2012-09-01', 'G2-C2')], 'partial', 'partial'),
    reason: /^G2-C2 is not met and cannot be left to a condition$/,
  },
  {
    guard: 'shortfallsCovered',
    rule: 'G2-C1 is left to a condition only once an MoU is at least proposed',
    given: beforeMouSigned,
    accepted: g2Conditional([due('2012-09-01', 'G2-C1')]),
    refusedGiven: withoutMou,
    refused: g2Conditional([due('2012-09-01', 'G2-C1')]),
    reason: /^G2-C1 cannot be left to a condition: no MoU has even been proposed$/,
  },
  {
    guard: 'shortfallsCovered',
    rule: "a condition may fall due on the next gate's target date, not after it",
    given: atG1,
    accepted: variant(g1, { conditions: [condition('K1', '2012-06-30')] }),
    refused: variant(g1, { conditions: [condition('K1', '2012-07-01')] }),
    reason: /^condition K1 is due 2012-07-01, after the next gate's target date 2012-06-30$/,
  },
  {
    guard: 'jointConsent',
    rule: 'a go is refused when either side voiced no_go',
    given: atG1,
    accepted: g1Go,
    refused: variant(g1Go, { decisionMakers: [go('eli', 'NL'), { orgId: 'sz-gov', side: 'CN', position: 'no_go' }] }),
    reason: /^G1 go needs consent of both sides, but sz-gov \(CN\) said no_go$/,
  },
  {
    guard: 'nextGateNamed',
    rule: 'the next gate is the gate after this one',
    given: atG1,
    accepted: g1Go,
    refused: variant(g1Go, { nextGate: { ...g1Next, gateId: 'G3' } }),
    reason: /^the gate after G1 is G2, not G3$/,
  },
  {
    guard: 'nextGateNamed',
    rule: "the next gate's target date is after the decision day",
    given: atG1,
    accepted: variant(g1Go, { nextGate: { ...g1Next, targetDate: '2011-11-17' } }),
    refused: variant(g1Go, { nextGate: { ...g1Next, targetDate: '2011-11-16' } }),
    reason: /^the G2 target date 2011-11-16 is not after the decision$/,
  },
  {
    guard: 'recycleTarget',
    rule: 'the new target date is after the decision day',
    given: atG1,
    accepted: g1Recycle('2011-11-17'),
    refused: g1Recycle('2011-11-16'),
    reason: /^a recycle sets a new target date for G1: nextGate with gateId G1 and a later targetDate$/,
  },
  {
    guard: 'recycleTarget',
    rule: 'the new target is for the same gate',
    given: atG1,
    accepted: g1Recycle('2012-01-20'),
    refused: variant(g1Recycle('2012-01-20'), { nextGate: { ...g1Next, targetDate: '2012-01-20' } }),
    reason: /^a recycle sets a new target date for G1/,
  },
  {
    guard: 'noGoVoiced',
    rule: 'one no_go among go positions is enough',
    given: atG1,
    accepted: variant(noGo, { decisionMakers: [go('eli', 'NL'), { orgId: 'sz-gov', side: 'CN', position: 'no_go' }] }),
    refused: variant(noGo, { decisionMakers: [go('eli', 'NL'), go('sz-gov', 'CN')] }),
    reason: /^a no_go needs at least one decision maker whose position is no_go$/,
  },
  {
    guard: 'earlierConditionsSettled',
    rule: 'a condition due on the decision day is still open, not lapsed',
    given: k1DueAtG2,
    accepted: g2,
    refusedGiven: k1DueAtG2.filter((p) => p.id !== 'lcz-15-k1-satisfied'),
    refused: g2,
    reason: new RegExp(
      '^condition K1 of G1 \\("Joint working group installed", due 2012-06-14\\) is still open; ' +
        'record GateConditionSatisfied first$',
    ),
  },
  {
    guard: 'decidersAreGatekeepers',
    rule: 'a decision maker decides for the side they are a gatekeeper of',
    given: atG1,
    accepted: g1,
    refused: variant(g1, { decisionMakers: [go('eli', 'NL'), go('sz-gov', 'NL')] }),
    reason: /^sz-gov is a CN gatekeeper, not NL$/,
  },
];

describe('programme@1 gate rules at their boundaries', () => {
  for (const c of boundaries) itChecksGuard(programme, c);
});
