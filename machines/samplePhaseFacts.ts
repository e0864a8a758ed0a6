// The canonical facts of each phase that the programme's samples offer one at a time (machines/samples.ts).
import { ownEntry } from '../src/projections/projection.ts';
import type { UnhashedEvent } from '../src/envelope/envelope.ts';
import type { ProgrammeContext, Review } from './context.ts';
import type { gateCriteria } from './gateCriteria.ts';
import { IdMap } from './idMap.ts';
import { holdersOf, holdsRole } from './roles.ts';
import { fact, payloads, type SampleScene } from './sampleFacts.ts';

export type Criteria = ReturnType<typeof gateCriteria>;
const noReview: Review = { gateId: 'G1', reviewDate: '', gatekeepers: [], criteria: [] };

/** True when the context meets the configured criterion `id` (one whose check does not read the review). */
export function meetsCriterion(criteria: Criteria, c: ProgrammeContext, id: string): boolean {
  return (
    Object.values(criteria)
      .flat()
      .find((k) => k.id === id)
      ?.check?.(c, noReview) === null
  );
}

/** The canonical facts of each phase, in order; returns the first one the context does not have yet. */
export function firstMissing(
  s: SampleScene,
  phase: string,
  exhaustive: boolean,
  criteria: Criteria,
): UnhashedEvent | null {
  const c = s.context;
  const meets = (id: string) => meetsCriterion(criteria, c, id);
  if (exhaustive && ownEntry(c.participants, s.reporting) === undefined)
    return fact(s, 'ParticipantRegistered', 'reporting', payloads.participant(s.reporting, 'NL', 10));
  if (s.nlGov === null)
    return fact(s, 'ParticipantRegistered', 'nl', payloads.participant('sample-ministry', 'NL', 10));
  if (s.cnGov === null)
    return fact(s, 'ParticipantRegistered', 'cn', payloads.participant('sample-government', 'CN', 10));
  const grant = s.grants ? missingGrant(s) : null;
  if (grant) return grant;
  const settle = settleCondition(s);
  if (settle) return settle;
  const finance = { id: s.financeOfficer, role: 'finance_officer' };
  if (exhaustive && c.finance.incoming === 0)
    return fact(s, 'FinancialTransactionRecorded', 't11', payloads.transaction(s, 'sample-tx-11', 11, 1000), finance);
  if (exhaustive && Object.keys(c.budgetLines).length === 0) {
    return fact(
      s,
      'BudgetLinePlanned',
      'x',
      payloads.budgetLine(s, 'sample-line', Math.min(1000, c.programme?.budgetTotal ?? 0)),
      finance,
    );
  }
  const agreement = (id: string) => ownEntry(c.agreements, id)?.status;
  const visit = (visitId: string) => {
    const v = ownEntry(c.visits, visitId);
    if (v === undefined) return fact(s, 'DelegationVisitPlanned', 'x', payloads.visitPlanned(s, visitId));
    return v.completed ? null : fact(s, 'DelegationVisitCompleted', 'x', payloads.visitCompleted(s, visitId));
  };
  const steps: Array<() => UnhashedEvent | null> = [];
  if (phase === 'feasibility') {
    steps.push(() => (meets('G1-C1') ? null : visit('sample-visit')));
    steps.push(() =>
      meets('G1-C2') ? null : fact(s, 'ExpertMeetingHeld', 'x', payloads.expertMeeting(s, 'sample-expert-meeting')),
    );
    steps.push(() =>
      meets('G1-C3')
        ? null
        : fact(s, 'CommonUnderstandingRecorded', 'x', payloads.understanding(s, 'areas_of_expertise')),
    );
    if (exhaustive) {
      steps.push(() =>
        agreement('sample-loi')
          ? null
          : fact(s, 'AgreementProposed', 'loi', payloads.proposed(s, 'sample-loi', 'letter_of_intent')),
      );
      steps.push(() =>
        agreement('sample-loi') === 'proposed'
          ? fact(s, 'AgreementSigned', 'loi', payloads.signed(s, 'sample-loi'))
          : null,
      );
    }
  }
  if (phase === 'development') {
    steps.push(() =>
      meets('G2-C3') ? null : fact(s, 'ImplementationThemeSelected', 'x', payloads.theme(s, 'sample-theme')),
    );
    steps.push(() =>
      meets('G2-C2') ? null : fact(s, 'GovernanceBodyEstablished', 'x', payloads.body(s, 'sample-jwg')),
    );
    for (const topic of ['nl_government_role', 'nl_institutes_companies_role'] as const) {
      steps.push(() =>
        c.understanding[topic] ? null : fact(s, 'CommonUnderstandingRecorded', topic, payloads.understanding(s, topic)),
      );
    }
    const mou = () => Object.entries(c.agreements).find(([, a]) => a.instrument === 'mou' && a.status !== 'ended');
    steps.push(() => (mou() ? null : fact(s, 'AgreementProposed', 'mou', payloads.proposed(s, 'sample-mou', 'mou'))));
    steps.push(() =>
      mou()?.[1].status === 'proposed' ? fact(s, 'AgreementSigned', 'mou', payloads.signed(s, mou()![0])) : null,
    );
    if (exhaustive) {
      steps.push(() =>
        agreement('sample-loi') === 'signed'
          ? fact(s, 'AgreementEnded', 'loi', { agreementId: 'sample-loi', reason: 'superseded', on: s.day })
          : null,
      );
      steps.push(() => visit('sample-visit-development'));
    }
  }
  if (phase === 'implementation') {
    const body = Object.keys(c.bodies)[0];
    steps.push(() =>
      body === undefined || meets('G3-C2')
        ? null
        : fact(s, 'ExpertJoinedGovernanceBody', 'x', {
            bodyId: body,
            expert: { title: 'Senior adviser', orgId: s.nlGov! },
            capacity: 'member',
          }),
    );
    steps.push(() =>
      meets('G3-C1')
        ? null
        : fact(
            s,
            'KnowledgeTransferActivityHeld',
            `kt${c.ktActivities}`,
            payloads.knowledgeTransfer(s, `sample-kt-${c.ktActivities + 1}`),
          ),
    );
    steps.push(() =>
      meets('G3-C3') ? null : fact(s, 'DocumentLinked', 'final', payloads.document(s, 'sample-final-report', 'A08')),
    );
    if (exhaustive) {
      steps.push(() =>
        agreement('sample-specific')
          ? null
          : fact(s, 'AgreementProposed', 'specific', payloads.proposed(s, 'sample-specific', 'specific_agreement')),
      );
      steps.push(() =>
        agreement('sample-specific') === 'proposed'
          ? fact(s, 'AgreementSigned', 'specific', payloads.signed(s, 'sample-specific'))
          : null,
      );
    }
  }
  for (const step of steps) {
    const event = step();
    if (event) return event;
  }
  return null;
}

/**
 * Returns the next role a programme@3 programme needs before its gates (README, "Roles"), or null: the reporting
 * organisation registered and finance officer, the first Dutch gatekeeper appointed by it, and the first Chinese one
 * appointed by both sides (consenting for China as it has no gatekeeper yet).
 */
function missingGrant(s: SampleScene): UnhashedEvent | null {
  const c = s.context;
  const manager = { id: s.reporting, role: 'programme_manager' };
  if (ownEntry(c.participants, s.reporting) === undefined)
    return fact(s, 'ParticipantRegistered', 'reporting', payloads.participant(s.reporting, 'NL', 10));
  if (!holdsRole(c, s.reporting, 'programme_manager')) return null;
  if (holdersOf(c, 'finance_officer').length === 0)
    return fact(s, 'RoleGranted', 'finance', payloads.role(s, s.reporting, 'finance_officer', [s.reporting]), manager);
  if (s.keeper === null)
    return fact(s, 'RoleGranted', 'nl-keeper', payloads.role(s, s.nlGov!, 'gatekeeper', [s.reporting]), manager);
  if (s.cnKeeper === null) {
    return fact(s, 'RoleGranted', 'cn-keeper', payloads.role(s, s.cnGov!, 'gatekeeper', [s.keeper, s.cnGov!]), {
      id: s.keeper,
      role: 'gatekeeper',
    });
  }
  return null;
}

export function settleCondition(s: SampleScene): UnhashedEvent | null {
  const open = Object.entries(s.context.conditions).find(([, k]) => !k.satisfied);
  const evidence = IdMap.entries(s.context.evidence)[0]?.[0];
  if (open === undefined || evidence === undefined) return null;
  return fact(s, 'GateConditionSatisfied', 'x', {
    gateId: open[1].gateId,
    conditionId: open[0],
    evidenceEventIds: [evidence],
  });
}
