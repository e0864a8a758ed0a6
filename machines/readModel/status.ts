import { codeName } from '../../src/iati/codelists.ts';
import type { ConditionEntry, Phase, ProgrammeView } from './model.ts';

/** IATI ActivityStatus of each phase (README, "Read models"); a suspension is 6 whatever the phase. */
export const iatiActivityStatus: Readonly<Record<Exclude<Phase, 'unregistered'> | 'suspended', 1 | 2 | 3 | 4 | 5 | 6>> =
  {
    feasibility: 1,
    development: 2,
    implementation: 2,
    finalisation: 3,
    closed: 4,
    cancelled: 5,
    suspended: 6,
  };

const phaseWords: Readonly<Record<Phase, string>> = {
  unregistered: 'Not registered',
  feasibility: 'Feasibility',
  development: 'Development',
  implementation: 'Implementation',
  finalisation: 'Finalisation',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** Returns the IATI activity status code of the view (null before registration). */
export function activityStatusOf(view: Pick<ProgrammeView, 'phase' | 'suspended'>): number | null {
  if (view.phase === 'unregistered') return null;
  if (view.suspended !== null && view.phase !== 'cancelled' && view.phase !== 'closed')
    return iatiActivityStatus.suspended;
  return iatiActivityStatus[view.phase];
}

/** Returns the phase in words: `Implementation`, `Development, gate G2 under review (2012-06-14)`, `Suspended in …`. */
export function phaseInWords(view: Pick<ProgrammeView, 'phase' | 'suspended' | 'review'>): string {
  const words = phaseWords[view.phase];
  const review = view.review ? `, gate ${view.review.gateId} review scheduled for ${view.review.reviewDate}` : '';
  if (view.suspended !== null && view.phase !== 'cancelled' && view.phase !== 'closed')
    return `Suspended (in ${words.toLowerCase()}${review})`;
  return `${words}${review}`;
}

/** Returns `2 Implementation` for an IATI activity status code. */
export function activityStatusWords(code: number | null): string {
  return code === null ? '' : `${code} ${codeName('ActivityStatus', code)}`;
}

/** A condition as status shows it: open or satisfied, lapsed when open past its due date. */
export type ConditionStatus = ConditionEntry & { readonly state: 'satisfied' | 'open' | 'lapsed' };

/** Returns every condition with its state on `today`. */
export function conditionStatus(view: Pick<ProgrammeView, 'conditions'>, today: string): ConditionStatus[] {
  return view.conditions.map((k) => ({
    ...k,
    state: k.satisfied !== null ? 'satisfied' : k.dueDate < today ? 'lapsed' : 'open',
  }));
}

/** The dates status reads, small enough to keep in a portfolio summary. */
export type StatusDates = {
  readonly phase: Phase;
  readonly suspended: null | { readonly reviewDate: string };
  readonly review: null | { readonly gateId: string; readonly reviewDate: string };
  readonly nextGate: null | { readonly gateId: string; readonly targetDate: string | null };
  readonly openConditions: ReadonlyArray<{
    readonly conditionId: string;
    readonly dueDate: string;
    readonly owners: readonly string[];
  }>;
};

/** Returns what is overdue on `today`, in words: a passed gate target or review date, lapsed conditions, a suspension's review. */
export function overdue(status: StatusDates, today: string): string[] {
  if (status.phase === 'closed' || status.phase === 'cancelled' || status.phase === 'unregistered') return [];
  const late: string[] = [];
  const gate = status.nextGate;
  if (gate && gate.targetDate !== null && gate.targetDate < today)
    late.push(`${gate.gateId} target ${gate.targetDate} passed`);
  if (status.review && status.review.reviewDate < today)
    late.push(`${status.review.gateId} review of ${status.review.reviewDate} not decided`);
  for (const k of status.openConditions)
    if (k.dueDate < today) late.push(`condition ${k.conditionId} lapsed (due ${k.dueDate})`);
  if (status.suspended && status.suspended.reviewDate < today)
    late.push(`suspension review of ${status.suspended.reviewDate} passed`);
  return late;
}

/** Returns the status dates of a view. */
export function statusDates(view: ProgrammeView, name: (orgId: string) => string): StatusDates {
  return {
    phase: view.phase,
    suspended: view.suspended && { reviewDate: view.suspended.reviewDate },
    review: view.review && { gateId: view.review.gateId, reviewDate: view.review.reviewDate },
    nextGate: nextGateOf(view),
    openConditions: view.conditions
      .filter((k) => k.satisfied === null)
      .map((k) => ({ conditionId: k.conditionId, dueDate: k.dueDate, owners: k.ownerOrgIds.map(name) })),
  };
}

/** Returns the next gate and its target date: the last decision's next gate, or G1 (undated) before any decision. */
export function nextGateOf(view: ProgrammeView): StatusDates['nextGate'] {
  if (
    view.phase === 'unregistered' ||
    view.phase === 'closed' ||
    view.phase === 'cancelled' ||
    view.phase === 'finalisation'
  )
    return null;
  if (view.nextGate) return { gateId: view.nextGate.gateId, targetDate: view.nextGate.targetDate };
  if (view.phase === 'feasibility') return { gateId: 'G1', targetDate: view.review?.reviewDate ?? null };
  return null;
}
