import { ownEntry } from '../src/projections/projection.ts';
import type { Criterion, EventOf, GateDecision, GateId, ProgrammeContext, Review } from './context.ts';
import { gateCriteria, nextGateAfter, type GateCriterion, type ProgrammeConfig } from './gateCriteria.ts';
import { ruleFor, type Args, type Rule } from './rules.ts';
import { missingSides, sideOf } from './sides.ts';
import { list } from './text.ts';

type GateDecisionEvent = EventOf<'GateDecisionRecorded'>;
const maxRecycles = 2;

/** Returns the open conditions of earlier gates that lapsed (due before `on`) or are still open, as reasons. */
function unsettledConditions(c: ProgrammeContext, on: string, gate: GateId): string[] {
  return Object.entries(c.conditions)
    .filter(([, k]) => !k.satisfied && k.gateId !== gate)
    .map(([id, k]) =>
      k.dueDate < on.slice(0, 10)
        ? `condition ${id} of ${k.gateId} ("${k.text}") lapsed on ${k.dueDate} unsatisfied; a lapsed condition blocks go`
        : `condition ${id} of ${k.gateId} ("${k.text}", due ${k.dueDate}) is still open; record GateConditionSatisfied first`,
    );
}

function shortfalls(c: ProgrammeContext, review: Review, e: GateDecisionEvent, required: readonly GateCriterion[]) {
  const assessed = new Map(e.data.criteriaAssessment.map((a) => [a.criterionId, a.met]));
  const notYes = review.criteria.filter((k) => k.kind === 'must' && assessed.get(k.id) !== 'yes');
  const failedChecks = required.flatMap((k) => {
    const missing = k.kind === 'must' && k.check ? k.check(c, review) : null;
    return missing ? [{ criterion: k, missing }] : [];
  });
  return { notYes, failedChecks };
}

/**
 * Returns why a must-criterion that is not met cannot be left to a condition, or null when a condition may cover it:
 * `'never'` when the review (`listed`) or the configuration says it is not conditionable, else what blocks it now.
 */
export function conditionBar(
  c: ProgrammeContext,
  listed: Criterion | undefined,
  configured: GateCriterion | undefined,
): string | null {
  if (listed?.conditionable === false || configured?.conditionable === false) return 'never';
  return configured?.conditionableWhen?.(c) ?? null;
}

/** Returns the rules of gate reviews and decisions under a configuration (README, "The reference workflow"). */
/** The names of the gate rules that take no parameters. */
type GateRuleName =
  | 'gatekeepersFromBothSides'
  | 'gatekeeperSides'
  | 'requiredCriteria'
  | 'reviewedGate'
  | 'decidersAreGatekeepers'
  | 'criteriaAssessed'
  | 'jointConsent'
  | 'bothSidesDecided'
  | 'mustCriteriaMet'
  | 'shortfallsCovered'
  | 'hasConditions'
  | 'noConditions'
  | 'newConditionIds'
  | 'earlierConditionsSettled'
  | 'nextGateNamed'
  | 'reviewDateGiven'
  | 'recycleLimit'
  | 'recycleTarget'
  | 'noGoVoiced';

/** The gate rules: `gateInOrder` is given the gate a transition is for, the others nothing. */
export type GateRules = Readonly<Record<GateRuleName, Rule>> & { readonly gateInOrder: Rule<{ gateId: GateId }> };

export function createGateRules(config: ProgrammeConfig): GateRules {
  const criteria = gateCriteria(config);
  const required = (gate: GateId) => criteria[gate];

  return {
    gateInOrder: ruleFor('GateReviewScheduled', (_c, e, params: { gateId: GateId }) =>
      e.data.gateId === params.gateId
        ? null
        : `${e.data.gateId} cannot be reviewed now; the next gate is ${params.gateId}`,
    ),
    gatekeepersFromBothSides: ruleFor('GateReviewScheduled', (_c, e) => {
      const missing = missingSides(e.data.gatekeepers.map((g) => g.side));
      return missing.length === 0
        ? null
        : `a joint decision needs gatekeepers from both sides; there is no ${missing.join(' or ')} gatekeeper`;
    }),
    gatekeeperSides: ruleFor('GateReviewScheduled', (c, e) =>
      e.data.gatekeepers.flatMap((g) => {
        const side = sideOf(c, g.orgId);
        return side && side !== g.side ? [`gatekeeper ${g.orgId} is registered as ${side}, not ${g.side}`] : [];
      }),
    ),
    requiredCriteria: ruleFor('GateReviewScheduled', (_c, e) => {
      const listed = new Map(e.data.criteria.map((k) => [k.id, k]));
      const musts = required(e.data.gateId).filter((k) => k.kind === 'must');
      const missing = musts.filter((k) => !listed.has(k.id)).map((k) => k.id);
      const weakened = musts.filter((k) => listed.get(k.id)?.kind === 'should').map((k) => k.id);
      return [
        ...(missing.length ? [`a ${e.data.gateId} review must list its must-criteria; missing ${list(missing)}`] : []),
        ...(weakened.length
          ? [
              `${list(weakened)} ${weakened.length === 1 ? 'is a must-criterion' : 'are must-criteria'} of ${e.data.gateId}, not should`,
            ]
          : []),
      ];
    }),
    reviewedGate: ruleFor('GateDecisionRecorded', (c, e) =>
      c.review && c.review.gateId !== e.data.gateId
        ? `the open review is for ${c.review.gateId}, not ${e.data.gateId}`
        : null,
    ),
    decidersAreGatekeepers: ruleFor('GateDecisionRecorded', (c, e) => {
      const keepers = new Map((c.review?.gatekeepers ?? []).map((g) => [g.orgId, g.side]));
      return e.data.decisionMakers.flatMap((m) => {
        const side = keepers.get(m.orgId);
        if (side === undefined)
          return [
            `${m.orgId} is not a gatekeeper of the open ${e.data.gateId} review (gatekeepers: ${list([...keepers.keys()])})`,
          ];
        return side === m.side ? [] : [`${m.orgId} is a ${side} gatekeeper, not ${m.side}`];
      });
    }),
    criteriaAssessed: ruleFor('GateDecisionRecorded', (c, e) => {
      const ids = new Set((c.review?.criteria ?? []).map((k) => k.id));
      const assessed = new Set(e.data.criteriaAssessment.map((a) => a.criterionId));
      const unknown = [...assessed].filter((id) => !ids.has(id));
      const missing = [...ids].filter((id) => !assessed.has(id));
      return [
        ...(unknown.length
          ? [`${list(unknown)} ${unknown.length === 1 ? 'is not a criterion' : 'are not criteria'} of the open review`]
          : []),
        ...(missing.length
          ? [
              `each criterion of the review is assessed exactly once; ${list(missing)} ${missing.length === 1 ? 'is' : 'are'} not assessed`,
            ]
          : []),
      ];
    }),
    jointConsent: ruleFor('GateDecisionRecorded', (c, e) => {
      const noGo = e.data.decisionMakers.filter((m) => m.position === 'no_go');
      if (noGo.length > 0) {
        return `${e.data.gateId} go needs consent of both sides, but ${list(noGo.map((m) => `${m.orgId} (${sideOf(c, m.orgId) ?? m.side})`))} said no_go`;
      }
      const without = missingSides(e.data.decisionMakers.filter((m) => m.position === 'go').map((m) => m.side));
      return without.length === 0
        ? null
        : `${e.data.gateId} go needs a go from both sides; ${without.join(' and ')} ${without.length === 1 ? 'has' : 'have'} none`;
    }),
    bothSidesDecided: ruleFor('GateDecisionRecorded', (_c, e) => {
      const missing = missingSides(e.data.decisionMakers.map((m) => m.side));
      return missing.length === 0
        ? null
        : `a ${e.data.decision} is decided jointly; no ${missing.join(' or ')} decision maker is named (only a no_go may be decided by one side)`;
    }),
    mustCriteriaMet: ruleFor('GateDecisionRecorded', (c, e) => {
      if (!c.review) return null;
      const { notYes, failedChecks } = shortfalls(c, c.review, e, required(e.data.gateId));
      return [
        ...notYes.map(
          (k) =>
            `${k.id} is a must-criterion not assessed yes; a go needs every must-criterion met (or decide go_with_conditions)`,
        ),
        ...failedChecks.map(({ criterion, missing }) => `${criterion.id} (${criterion.text}) is not met: ${missing}`),
      ];
    }),
    shortfallsCovered: ruleFor('GateDecisionRecorded', (c, e) => {
      if (!c.review) return null;
      const { notYes, failedChecks } = shortfalls(c, c.review, e, required(e.data.gateId));
      const covered = new Map(
        // Stryker disable next-line MethodExpression: equivalent; a condition covering nothing is keyed undefined, no id
        e.data.conditions.filter((k) => k.coversCriterionId).map((k) => [k.coversCriterionId!, k]),
      );
      const target = e.data.nextGate?.targetDate;
      const problems: string[] = [];
      const ids = new Set([...notYes.map((k) => k.id), ...failedChecks.map((f) => f.criterion.id)]);
      for (const id of ids) {
        const listed = c.review.criteria.find((k) => k.id === id);
        const configured = required(e.data.gateId).find((k) => k.id === id);
        const why = failedChecks.find((f) => f.criterion.id === id)?.missing;
        const bar = conditionBar(c, listed, configured);
        if (bar === 'never')
          problems.push(`${id} is not met${why ? ` (${why})` : ''} and cannot be left to a condition`);
        else if (bar !== null) problems.push(`${id} cannot be left to a condition: ${bar}`);
        else if (!covered.has(id)) problems.push(`${id} is not met; a condition must cover it (coversCriterionId)`);
      }
      for (const k of e.data.conditions) {
        if (target && k.dueDate > target)
          problems.push(`condition ${k.conditionId} is due ${k.dueDate}, after the next gate's target date ${target}`);
      }
      return problems;
    }),
    hasConditions: ruleFor('GateDecisionRecorded', (_c, e) =>
      e.data.conditions.length > 0 ? null : 'a go_with_conditions needs at least one condition (or decide go)',
    ),
    noConditions: ruleFor('GateDecisionRecorded', (_c, e) =>
      e.data.conditions.length === 0 ? null : 'a go carries no conditions; record it as go_with_conditions',
    ),
    newConditionIds: ruleFor('GateDecisionRecorded', (c, e) => {
      const reused = e.data.conditions.filter((k) => ownEntry(c.conditions, k.conditionId)).map((k) => k.conditionId);
      return reused.length === 0 ? null : `condition ids ${list(reused)} are already used`;
    }),
    earlierConditionsSettled: ruleFor('GateDecisionRecorded', (c, e) =>
      unsettledConditions(c, e.occurredAt, e.data.gateId),
    ),
    nextGateNamed: ruleFor('GateDecisionRecorded', (_c, e) => {
      const next = nextGateAfter[e.data.gateId];
      if (next === null) return null;
      if (!e.data.nextGate)
        return `a go at ${e.data.gateId} sets the next gate: nextGate with the ${next} target date and deliverables`;
      if (e.data.nextGate.gateId !== next)
        return `the gate after ${e.data.gateId} is ${next}, not ${e.data.nextGate.gateId}`;
      return e.data.nextGate.targetDate <= e.data.decidedOn
        ? `the ${next} target date ${e.data.nextGate.targetDate} is not after the decision`
        : null;
    }),
    reviewDateGiven: ruleFor('GateDecisionRecorded', (_c, e) =>
      e.data.reviewDate ? null : 'a hold needs a reviewDate: when the decision will be looked at again',
    ),
    recycleLimit: ruleFor('GateDecisionRecorded', (c, e) =>
      c.recycles[e.data.gateId] >= maxRecycles
        ? `${e.data.gateId} has been recycled ${maxRecycles} times already; decide go, go_with_conditions, hold or no_go`
        : null,
    ),
    recycleTarget: ruleFor('GateDecisionRecorded', (_c, e) =>
      e.data.nextGate?.gateId === e.data.gateId && e.data.nextGate.targetDate > e.data.decidedOn
        ? null
        : `a recycle sets a new target date for ${e.data.gateId}: nextGate with gateId ${e.data.gateId} and a later targetDate`,
    ),
    noGoVoiced: ruleFor('GateDecisionRecorded', (_c, e) =>
      e.data.decisionMakers.some((m) => m.position === 'no_go')
        ? null
        : 'a no_go needs at least one decision maker whose position is no_go',
    ),
  };
}

/** Picks the transition for one kind of gate decision. */
export const gateSelectors = {
  decisionIs: ({ event }: Args, params: { decision: GateDecision }): boolean =>
    event.type === 'GateDecisionRecorded' && event.data.decision === params.decision,
};
