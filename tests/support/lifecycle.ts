import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A proposal as the tests write them (the CLI's input shape). */
export type TestProposal = {
  readonly id?: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly data: Record<string, unknown>;
};

const examplePath = fileURLToPath(new URL('../../examples/lcz-shenzhen.jsonl', import.meta.url));

/** Returns the proposals of the seed timeline (examples/lcz-shenzhen.jsonl), which end in implementation.active. */
export function seedProposals(): TestProposal[] {
  return readFileSync(examplePath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TestProposal);
}

/**
 * Returns the seed with a registration that leaves "several" to the workflow version (no `ktActivitiesTarget`, as
 * every registration before ProgrammeRegistered schema 2): G3 then asks 3 under programme@1 and @3, 4 under @2.
 */
export function seedWithVersionDefault(): TestProposal[] {
  return seedProposals().map((p) => {
    if (p.type !== 'ProgrammeRegistered') return p;
    const { ktActivitiesTarget: _several, ...data } = p.data;
    return { ...p, data };
  });
}

/** Returns the 1-based position (the seq, once recorded) of the seed proposal with this id: never hard-code one. */
export function seedSeqOf(id: string): number {
  const index = seedProposals().findIndex((p) => p.id === id);
  if (index < 0) throw new Error(`the seed has no proposal ${id}`);
  return index + 1;
}

/** Where the seed timeline stands after n proposals (1-based counts), for bringing a stream to a state. */
export const seedIndex = {
  registered: seedSeqOf('lcz-01-registered'),
  g1Review: seedSeqOf('lcz-09-g1-review'),
  g1Decision: seedSeqOf('lcz-12-g1-decision'),
  g2Review: seedSeqOf('lcz-20-g2-review'),
  g2Decision: seedSeqOf('lcz-23-g2-decision'),
  all: seedProposals().length,
} as const;

const manager = { id: 'twa-guangzhou', role: 'programme_manager' } as const;
const gatekeeper = { id: 'eli', role: 'gatekeeper' } as const;

/** Returns a knowledge-transfer workshop proposal (R7), the n-th after the seed's own. */
export function ktActivity(n: number, on: string): TestProposal {
  return {
    id: `lcz-kt-${n}`,
    type: 'KnowledgeTransferActivityHeld',
    occurredAt: on,
    actor: manager,
    data: {
      activityId: `kt-extra-${n}`,
      format: 'training',
      theme: 'waste_management',
      providerOrgIds: ['im', 'tu-delft'],
      recipientOrgIds: ['sz-epb', 'longgang'],
      startDate: on,
      endDate: on,
    },
  };
}

/** Returns the final report link (A07) that G3 and closure need. */
export function finalReport(on: string): TestProposal {
  return {
    id: 'lcz-final-report',
    type: 'DocumentLinked',
    occurredAt: on,
    actor: manager,
    data: {
      docId: 'final-report',
      title: 'Final report of the low-carbon zone cooperation',
      category: 'A07',
      url: 'https://example.org/lcz/final-report.pdf',
      date: on,
      language: 'en',
    },
  };
}

/** Returns the G3 review with the criteria a workflow of `several` KT activities requires. */
export function g3Review(on: string, reviewDate: string, several = 3): TestProposal {
  return {
    id: 'lcz-g3-review',
    type: 'GateReviewScheduled',
    occurredAt: on,
    actor: manager,
    data: {
      gateId: 'G3',
      reviewDate,
      gatekeepers: [
        { orgId: 'eli', side: 'NL' },
        { orgId: 'sz-gov', side: 'CN' },
      ],
      criteria: [
        { id: 'G3-C1', text: `At least ${several} knowledge-transfer activities`, kind: 'must', conditionable: false },
        { id: 'G3-C2', text: 'A Dutch expert in a Chinese working group', kind: 'must', conditionable: false },
        { id: 'G3-C3', text: 'Final report linked', kind: 'must', conditionable: false },
        { id: 'G3-C4', text: 'A specific agreement signed', kind: 'should', conditionable: true },
      ],
    },
  };
}

/** Returns a G3 go decided by both sides on `on`. */
export function g3Go(on: string, ktEvidence: readonly string[]): TestProposal {
  return {
    id: 'lcz-g3-decision',
    type: 'GateDecisionRecorded',
    occurredAt: on,
    actor: gatekeeper,
    data: {
      gateId: 'G3',
      decision: 'go',
      decidedOn: on,
      decisionMakers: [
        { orgId: 'eli', side: 'NL', position: 'go' },
        { orgId: 'sz-gov', side: 'CN', position: 'go' },
      ],
      criteriaAssessment: [
        { criterionId: 'G3-C1', met: 'yes', evidenceEventIds: [...ktEvidence] },
        { criterionId: 'G3-C2', met: 'yes', evidenceEventIds: ['lcz-25-expert-joins-jwg'] },
        { criterionId: 'G3-C3', met: 'yes', evidenceEventIds: ['lcz-final-report'] },
        { criterionId: 'G3-C4', met: 'no', evidenceEventIds: [] },
      ],
      conditions: [],
      rationale:
        'Implementation delivered: knowledge transfer between governments, a Dutch expert in the joint working group.',
    },
  };
}

/** Returns the proposals that take the seed timeline from implementation.active to closed, with `several` KT activities. */
export function implementationToClosure(several = 3): TestProposal[] {
  const extra = Array.from({ length: several - 1 }, (_, i) =>
    ktActivity(i + 2, `2012-10-${String(15 + i).padStart(2, '0')}`),
  );
  return [
    ...extra,
    finalReport('2012-11-20'),
    g3Review('2012-11-21', '2012-12-14', several),
    g3Go('2012-12-14', ['lcz-24-kt-workshop', ...extra.map((p) => p.id!)]),
    {
      id: 'lcz-closed',
      type: 'ProgrammeClosed',
      occurredAt: '2012-12-31',
      actor: gatekeeper,
      data: { finalReportDocId: 'final-report' },
    },
  ];
}

/**
 * The proposals that bring the seed programme into each state of its model, for the authorization matrices: the
 * suspension and the cancellation are decided by `deciders` (a gatekeeper of EL&I records both).
 */
export function proposalsToEachState(deciders: {
  readonly suspend: string[];
  readonly cancel: string[];
}): Record<string, TestProposal[]> {
  const seed = seedProposals();
  const gk = { id: 'eli', role: 'gatekeeper' };
  const closure = implementationToClosure(3);
  return {
    unregistered: [],
    'feasibility.active': seed.slice(0, seedIndex.g1Review - 1),
    'feasibility.gate': seed.slice(0, seedIndex.g1Review),
    'development.active': seed.slice(0, seedIndex.g1Decision),
    'development.gate': seed.slice(0, seedIndex.g2Review),
    'implementation.active': seed,
    'implementation.gate': [...seed, ...closure.slice(0, 4)],
    finalisation: [...seed, ...closure.slice(0, 5)],
    closed: [...seed, ...closure],
    suspended: [
      ...seed,
      {
        type: 'ProgrammeSuspended',
        occurredAt: '2012-10-10',
        actor: gk,
        data: { reason: 'Budget review', category: 'funding', decidedBy: deciders.suspend, reviewDate: '2012-11-01' },
      },
    ],
    cancelled: [
      ...seed,
      {
        type: 'ProgrammeCancelled',
        occurredAt: '2012-10-10',
        actor: gk,
        data: { reason: 'Site withdrawn', decidedBy: deciders.cancel },
      },
    ],
  };
}

/** Returns a suspension (by the gatekeeper EL&I) in the payload shape of ProgrammeSuspended schema 1. */
export function suspensionV1(on: string, reviewDate: string): TestProposal {
  return {
    id: `lcz-suspended-${on}`,
    type: 'ProgrammeSuspended',
    occurredAt: on,
    actor: gatekeeper,
    data: {
      reason: 'Municipal reorganisation in Shenzhen; counterparts to be re-appointed',
      decidedBy: ['eli', 'sz-gov'],
      reviewDate,
    },
  };
}

/** Returns a resumption by both governments. */
export function resumption(on: string): TestProposal {
  return {
    id: `lcz-resumed-${on}`,
    type: 'ProgrammeResumed',
    occurredAt: on,
    actor: gatekeeper,
    data: { decidedBy: ['eli', 'sz-gov'] },
  };
}

/**
 * Returns a clock for recording a history the way people do: each fact is recorded at 18:00 UTC on the day it
 * occurred (never earlier than the previous recording), unless `late` says how many days later it was entered.
 */
export function createDayClock(start = '2011-07-01T18:00:00Z') {
  let now = Date.parse(start);
  return {
    clock: () => new Date(now),
    /** Moves the clock to the recording time of a fact that occurred on `occurredAt`, `lateDays` later. */
    at(occurredAt: string, lateDays = 0): void {
      const day = Date.parse(`${occurredAt.slice(0, 10)}T18:00:00Z`) + lateDays * 86_400_000;
      now = Math.max(now + 1000, day);
    },
  };
}
