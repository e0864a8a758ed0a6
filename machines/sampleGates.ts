import type { UnhashedEvent } from '../src/envelope/envelope.ts';
import type { GateId } from './context.ts';
import { nextGateAfter, type gateCriteria } from './gateCriteria.ts';
import { conditionBar } from './gateRules.ts';
import { addDays, fact, type SampleScene } from './sampleFacts.ts';
import type { ProgrammeEventData } from '../events/index.ts';

/** A gate decider's position, as the catalogue gives it (`go`, `no_go`, `abstain`). */
type DecisionMakerPosition = ProgrammeEventData<'GateDecisionRecorded'>['decisionMakers'][number]['position'];

/** The sample gate reviews and decisions of path search (samples.ts): what a gatekeeper may try at a gate. */
type Criteria = ReturnType<typeof gateCriteria>;

/** Returns the review of `gate` the sample gatekeepers schedule, listing the gate's configured criteria. */
export function review(s: SampleScene, gate: GateId, criteria: Criteria): UnhashedEvent {
  return fact(s, 'GateReviewScheduled', 'x', {
    gateId: gate,
    reviewDate: s.day,
    gatekeepers: [
      { orgId: s.grants ? s.keeper! : s.nlGov!, side: 'NL' },
      { orgId: s.grants ? s.cnKeeper! : s.cnGov!, side: 'CN' },
    ],
    criteria: criteria[gate].map(({ id, text, textFor, kind, conditionable }) => ({
      id,
      text: textFor?.(s.context) ?? text,
      kind,
      conditionable,
    })),
  });
}

/** The gate decisions worth trying: go and go_with_conditions only where their rules can hold, and the others. */
export function decisions(s: SampleScene, gate: GateId, criteria: Criteria): UnhashedEvent[] {
  const c = s.context;
  const review = c.review!;
  const configured = new Map(criteria[gate].map((k) => [k.id, k]));
  const failing = review.criteria.filter((k) => k.kind === 'must' && configured.get(k.id)?.check?.(c, review));
  const assessment = review.criteria.map((k) => ({
    criterionId: k.id,
    met: failing.includes(k) ? ('no' as const) : ('yes' as const),
    evidenceEventIds: [],
  }));
  const keeper = { id: review.gatekeepers[0]!.orgId, role: 'gatekeeper' };
  const makers = (position: DecisionMakerPosition) =>
    review.gatekeepers.map((g) => ({ orgId: g.orgId, side: g.side, position }));
  const next = nextGateAfter[gate];
  const target = addDays(s.day, 180);
  const nextGate = next ? { nextGate: { gateId: next, targetDate: target, requiredDeliverables: [] } } : {};
  const base = {
    gateId: gate,
    decidedOn: s.day,
    criteriaAssessment: assessment,
    conditions: [],
    rationale: 'Decided by the gatekeepers.',
  };
  const earlierOpen = Object.values(c.conditions).some((k) => !k.satisfied && k.gateId !== gate);
  const out: UnhashedEvent[] = [];
  if (!earlierOpen && failing.length === 0)
    out.push(
      fact(
        s,
        'GateDecisionRecorded',
        'go',
        { ...base, decision: 'go', decisionMakers: makers('go'), ...nextGate },
        keeper,
      ),
    );
  const coverable = failing.every((k) => conditionBar(c, k, configured.get(k.id)) === null);
  const covers = failing.length > 0 ? failing.map((k) => k.id) : [review.criteria.find((k) => k.kind === 'should')?.id];
  if (!earlierOpen && coverable) {
    const conditions = covers.map((id, i) => ({
      conditionId: `sample-${gate}-k${i + 1}`,
      text: `Close the gap${id ? ` in ${id}` : ''}.`,
      iatiType: 1 as const,
      ownerOrgIds: [s.nlGov!],
      dueDate: addDays(s.day, 90),
      ...(id ? { coversCriterionId: id } : {}),
    }));
    out.push(
      fact(
        s,
        'GateDecisionRecorded',
        'gwc',
        { ...base, decision: 'go_with_conditions', decisionMakers: makers('go'), conditions, ...nextGate },
        keeper,
      ),
    );
  }
  out.push(
    fact(
      s,
      'GateDecisionRecorded',
      'hold',
      { ...base, decision: 'hold', decisionMakers: makers('abstain'), reviewDate: target },
      keeper,
    ),
  );
  if (c.recycles[gate] < 2) {
    out.push(
      fact(
        s,
        'GateDecisionRecorded',
        'recycle',
        {
          ...base,
          decision: 'recycle',
          decisionMakers: makers('abstain'),
          nextGate: { gateId: gate, targetDate: target, requiredDeliverables: [] },
        },
        keeper,
      ),
    );
  }
  out.push(
    fact(s, 'GateDecisionRecorded', 'nogo', { ...base, decision: 'no_go', decisionMakers: makers('no_go') }, keeper),
  );
  return out;
}
