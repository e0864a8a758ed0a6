// The gate proposals and logs the gate guard tests share
// (programme.gateGuards.test.ts, programme.gateBoundaries.test.ts).
import { g3Review, readyForG3, seed, seedProposal, seedUntil, variant } from '../fixtures/lcz.ts';

export const beforeG1Review = seedUntil('08-involvement-ngi');
export const g1Review = seedProposal('09-g1-review');
export const atG1 = seedUntil('11-understanding-expertise');
export const g1 = seedProposal('12-g1-decision');
export const g1Data = g1.data as {
  criteriaAssessment: Array<{ criterionId: string; met: string }>;
  decisionMakers: Array<Record<string, unknown>>;
};
export const assessed = (overrides: Record<string, string>) =>
  g1Data.criteriaAssessment.map((a) => ({ ...a, met: overrides[a.criterionId] ?? a.met }));
export const g1Go = variant(g1, { decision: 'go', conditions: [] });
export const g1Hold = variant(g1, { decision: 'hold', conditions: [], reviewDate: '2012-02-01', nextGate: undefined });
export const g1Recycle = (targetDate: string, on = '2011-11-16') =>
  variant(
    g1,
    {
      decision: 'recycle',
      decidedOn: on,
      conditions: [],
      nextGate: { gateId: 'G1', targetDate, requiredDeliverables: ['a second expert meeting'] },
    },
    { occurredAt: on },
  );
export const rescheduled = (on: string) => variant(g1Review, { reviewDate: on }, { occurredAt: on });
export const atG2 = seedUntil('22-mou-signed');
export const g2 = seedProposal('23-g2-decision');
export const withoutK1 = seed.filter((p) => p.id !== 'lcz-15-k1-satisfied');
export const atG2WithoutK1 = withoutK1.slice(
  0,
  withoutK1.findIndex((p) => p.id === 'lcz-23-g2-decision'),
);
export const condition = (conditionId: string, dueDate: string, covers?: string) => ({
  conditionId,
  text: 'To be done',
  iatiType: 2,
  ownerOrgIds: ['twa-guangzhou'],
  dueDate,
  ...(covers ? { coversCriterionId: covers } : {}),
});
export const atG3 = [...readyForG3, g3Review];
export const noGo = variant(g1, {
  decision: 'no_go',
  conditions: [],
  nextGate: undefined,
  decisionMakers: [{ orgId: 'sz-gov', side: 'CN', position: 'no_go' }],
});
