import type { AnyMachineSnapshot } from 'xstate';
import type { CriterionReport, GateReport, GateReporter } from '../src/workflow/defineWorkflow.ts';
import type { GateId, ProgrammeContext, Review } from './context.ts';
import { gateCriteria, type GateCriterion, type ProgrammeConfig } from './gateCriteria.ts';
import { gateOfState, leafOf, phaseOf } from './phases.ts';

const order: readonly GateId[] = ['G1', 'G2', 'G3'];

/**
 * Returns the programme's gate reporter: for the gate the current phase ends with (its open review's criteria when a
 * review is scheduled, else the configured ones) and the gates after it, each criterion met or not as the log shows
 * it, with what is missing. Open conditions of earlier gates count as must-criteria of the next gate (README, "The reference workflow").
 * Pure.
 */
export function createGateReporter(config: ProgrammeConfig): GateReporter {
  const criteria = gateCriteria(config);
  return (snapshot: AnyMachineSnapshot): readonly GateReport[] => {
    const c = snapshot.context as ProgrammeContext;
    const current = currentGate(snapshot, c);
    if (current === null) return [];
    return order.slice(order.indexOf(current)).map((gate): GateReport => {
      const open = gate === current && c.review?.gateId === gate ? c.review : null;
      const listed = open ? open.criteria : criteria[gate].map((k) => ({ ...k, text: k.textFor?.(c) ?? k.text }));
      const reports = listed.map((k) =>
        assess(
          c,
          open,
          criteria[gate].find((g) => g.id === k.id),
          k,
        ),
      );
      if (gate === current) {
        for (const [id, k] of Object.entries(c.conditions)) {
          if (k.satisfied || k.gateId === gate) continue;
          reports.push({
            id,
            text: `Condition of ${k.gateId}: ${k.text}`,
            kind: 'must',
            met: false,
            missing: `open, due ${k.dueDate}`,
          });
        }
      }
      const due = open ? open.reviewDate : c.nextGate?.gateId === gate ? c.nextGate.targetDate : undefined;
      return {
        gate,
        status: open ? 'open' : gate === current ? 'next' : 'later',
        ...(due ? { due } : {}),
        criteria: reports,
      };
    });
  };
}

function currentGate(snapshot: AnyMachineSnapshot, c: ProgrammeContext): GateId | null {
  const leaf = leafOf(snapshot);
  const phase = phaseOf(leaf);
  const gate = gateOfState(leaf);
  if (gate !== undefined) return gate;
  if (phase === 'unregistered') return 'G1';
  if (phase === 'suspended') return c.review?.gateId ?? c.nextGate?.gateId ?? 'G1';
  return null; // finalisation, cancelled, closed: no gate ahead
}

function assess(
  c: ProgrammeContext,
  review: Review | null,
  configured: GateCriterion | undefined,
  listed: { readonly id: string; readonly text: string; readonly kind: 'must' | 'should' },
): CriterionReport {
  const base = { id: listed.id, text: listed.text, kind: listed.kind };
  if (configured?.check === undefined) return { ...base, met: null };
  // A check that reads the review (its gatekeepers) can only say something once the review is scheduled.
  if (review === null && configured.readsReview === true)
    return { ...base, met: null, missing: 'judged once the review names its gatekeepers' };
  const missing = configured.check(c, review ?? { gateId: 'G1', reviewDate: '', gatekeepers: [], criteria: [] });
  return missing === null ? { ...base, met: true } : { ...base, met: false, missing };
}
