import { describe, expect, it } from 'vitest';
import { programme } from '../../machines/index.ts';
import { byGatekeeper, byManager, g3Decision, variant } from '../fixtures/lcz.ts';
import { factGuardCases } from './factGuardCases.ts';
import {
  beforeG1Review,
  g1Review,
  atG1,
  g1,
  g1Data,
  assessed,
  g1Go,
  g1Hold,
  g1Recycle,
  rescheduled,
  atG2,
  g2,
  atG2WithoutK1,
  condition,
  atG3,
  noGo,
} from './gateGuardFixtures.ts';
import { itChecksGuard, type GuardCase } from './guardCase.ts';

const cases: GuardCase[] = [
  {
    guard: 'gateInOrder',
    given: beforeG1Review,
    accepted: g1Review,
    refused: variant(g1Review, { gateId: 'G2' }),
    reason: /G2 cannot be reviewed now; the next gate is G1/,
  },
  {
    guard: 'gatekeepersFromBothSides',
    given: beforeG1Review,
    accepted: g1Review,
    refused: variant(g1Review, {
      gatekeepers: [
        { orgId: 'eli', side: 'NL' },
        { orgId: 'im', side: 'NL' },
      ],
    }),
    reason: /there is no CN gatekeeper/,
  },
  {
    guard: 'gatekeeperSides',
    given: beforeG1Review,
    accepted: g1Review,
    refused: variant(g1Review, {
      gatekeepers: [
        { orgId: 'eli', side: 'NL' },
        { orgId: 'sz-gov', side: 'NL' },
        { orgId: 'sz-drc', side: 'CN' },
      ],
    }),
    reason: /gatekeeper sz-gov is registered as CN, not NL/,
  },
  {
    guard: 'requiredCriteria',
    given: beforeG1Review,
    accepted: g1Review,
    refused: variant(g1Review, {
      criteria: (g1Review.data.criteria as Array<{ id: string }>).filter((k) => k.id !== 'G1-C2'),
    }),
    reason: /must list its must-criteria; missing G1-C2/,
  },
  {
    guard: 'reviewedGate',
    given: atG1,
    accepted: g1,
    refused: variant(g1, { gateId: 'G2' }),
    reason: /the open review is for G1, not G2/,
  },
  // sz-drc holds gatekeeper (granted in the seed) but is not one of the G2 review's gatekeepers.
  {
    guard: 'decidersAreGatekeepers',
    given: atG2,
    accepted: g2,
    refused: variant(g2, {
      decisionMakers: [...(g2.data.decisionMakers as unknown[]), { orgId: 'sz-drc', side: 'CN', position: 'go' }],
    }),
    reason: /sz-drc is not a gatekeeper of the open G2 review/,
  },
  {
    guard: 'criteriaAssessed',
    given: atG1,
    accepted: g1,
    refused: variant(g1, { criteriaAssessment: g1Data.criteriaAssessment.filter((a) => a.criterionId !== 'G1-C6') }),
    reason: /G1-C6 is not assessed/,
  },
  {
    guard: 'jointConsent',
    given: atG1,
    accepted: g1,
    refused: variant(g1, {
      decisionMakers: [g1Data.decisionMakers[0], { orgId: 'sz-gov', side: 'CN', position: 'abstain' }],
    }),
    reason: /^G1 go needs a go from both sides; CN has none$/,
  },
  {
    guard: 'bothSidesDecided',
    given: atG1,
    accepted: g1Hold,
    refused: variant(g1Hold, { decisionMakers: [g1Data.decisionMakers[0]] }),
    reason: /no CN decision maker is named/,
  },
  {
    guard: 'mustCriteriaMet',
    given: atG1,
    accepted: g1Go,
    refused: variant(g1Go, { criteriaAssessment: assessed({ 'G1-C1': 'partial' }) }),
    reason: /G1-C1 is a must-criterion not assessed yes/,
  },
  {
    guard: 'shortfallsCovered',
    given: atG1,
    accepted: g1,
    refused: variant(g1, { criteriaAssessment: assessed({ 'G1-C1': 'partial' }) }),
    reason: /G1-C1 is not met and cannot be left to a condition/,
  },
  {
    guard: 'hasConditions',
    given: atG1,
    accepted: g1,
    refused: variant(g1, { conditions: [] }),
    reason: /needs at least one condition/,
  },
  {
    guard: 'noConditions',
    given: atG1,
    accepted: g1Go,
    refused: variant(g1Go, { conditions: [condition('K1', '2012-01-31')] }),
    reason: /a go carries no conditions/,
  },
  {
    guard: 'newConditionIds',
    given: atG2,
    accepted: variant(g2, { decision: 'go_with_conditions', conditions: [condition('K2', '2012-12-01')] }),
    refused: variant(g2, { decision: 'go_with_conditions', conditions: [condition('K1', '2012-12-01')] }),
    reason: /condition ids K1 are already used/,
  },
  {
    guard: 'earlierConditionsSettled',
    given: atG2,
    accepted: g2,
    refused: g2,
    refusedGiven: atG2WithoutK1,
    reason: /condition K1 of G1 \("Joint working group installed"\) lapsed on 2012-01-31 unsatisfied/,
  },
  {
    guard: 'nextGateNamed',
    given: atG1,
    accepted: g1Go,
    refused: variant(g1Go, { nextGate: undefined }),
    reason: /a go at G1 sets the next gate/,
  },
  {
    guard: 'reviewDateGiven',
    given: atG1,
    accepted: g1Hold,
    refused: variant(g1Hold, { reviewDate: undefined }),
    reason: /a hold needs a reviewDate/,
  },
  {
    guard: 'recycleLimit',
    given: [...atG1, g1Recycle('2011-12-20'), rescheduled('2011-12-01')],
    accepted: g1Recycle('2012-01-20', '2011-12-02'),
    refused: g1Recycle('2012-02-20', '2011-12-10'),
    refusedGiven: [
      ...atG1,
      g1Recycle('2011-12-20'),
      rescheduled('2011-12-01'),
      g1Recycle('2012-01-20', '2011-12-02'),
      rescheduled('2011-12-05'),
    ],
    reason: /G1 has been recycled 2 times already/,
  },
  {
    guard: 'recycleTarget',
    given: atG1,
    accepted: g1Recycle('2012-01-20'),
    refused: variant(g1Recycle('2012-01-20'), { nextGate: undefined }),
    reason: /a recycle sets a new target date for G1/,
  },
  {
    guard: 'noGoVoiced',
    given: atG1,
    accepted: noGo,
    refused: variant(noGo, { decisionMakers: [{ orgId: 'sz-gov', side: 'CN', position: 'abstain' }] }),
    reason: /at least one decision maker whose position is no_go/,
  },
  {
    guard: 'noOpenConditions',
    given: [
      ...atG3,
      g3Decision('go_with_conditions', { conditions: [condition('K3', '2012-12-19')] }),
      byManager('GateConditionSatisfied', '2012-12-18', {
        gateId: 'G3',
        conditionId: 'K3',
        evidenceEventIds: ['lcz-final-report'],
      }),
    ],
    accepted: byGatekeeper('ProgrammeClosed', '2012-12-20', { finalReportDocId: 'final-report' }),
    refused: byGatekeeper('ProgrammeClosed', '2012-12-20', { finalReportDocId: 'final-report' }),
    refusedGiven: [...atG3, g3Decision('go_with_conditions', { conditions: [condition('K3', '2012-12-19')] })],
    reason: /conditions K3 are still open/,
  },
];

describe('programme@1 gate guards: each accepts its allowed case and refuses with its reason', () => {
  for (const c of cases) itChecksGuard(programme, c);
});

describe('programme@1 guard coverage', () => {
  it('has an accepted and a refused case for every guard rule of the machine', () => {
    const tested = new Set([...factGuardCases, ...cases].map((c) => c.guard));
    const untested = Object.keys(programme.guards.rules).filter((name) => !tested.has(name));
    expect(untested).toEqual([]);
  });
});
