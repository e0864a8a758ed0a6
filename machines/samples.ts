import type { AnyMachineSnapshot } from 'xstate';
import { dayOf } from '../src/workflow/dates.ts';
import { ownEntry } from '../src/projections/projection.ts';
import { sha256Hex } from '../src/envelope/canonical.ts';
import type { SampleEvents, StateKey } from '../src/workflow/defineWorkflow.ts';
import type { UnhashedEvent } from '../src/envelope/envelope.ts';
import { finalReportIds, type ProgrammeContext } from './context.ts';
import { gateCriteria, severalOf, type ProgrammeConfig } from './gateCriteria.ts';
import { IdMap } from './idMap.ts';
import { gateOfState, leafOf, phaseOf } from './phases.ts';
import { gatekeepersOf, holdersOf, holdsRole } from './roles.ts';
import { isCnGovernment, isNlGovernment } from './sides.ts';
import { fact, payloads, sampleStart, type SampleScene } from './sampleFacts.ts';
import { decisions, review } from './sampleGates.ts';
import { firstMissing, meetsCriterion, settleCondition, type Criteria } from './samplePhaseFacts.ts';

/**
 * The programme's sample events and state key, for path search (`next --to`) and model-based tests.
 *
 * Each phase has a canonical list of facts; in a state, only the first fact still missing is offered (so the search
 * graph is a chain per phase, not every order of every fact), together with the branches: scheduling the gate
 * review, the five gate decisions, suspension, resumption, cancellation, closure. `required` lists only what the
 * gates need, so the paths it finds are the shortest honest ones; `exhaustive` adds the optional facts and, where a
 * state accepts them, one sample of every other fact, so that tests exercise every transition. The state key keeps
 * exactly what those choices and the guards depend on (value, history, milestones), so the search is finite.
 */
export function createProgrammeSamples(config: ProgrammeConfig): {
  readonly sampleEvents: SampleEvents;
  readonly exhaustiveSampleEvents: SampleEvents;
  readonly probeEvents: SampleEvents;
  readonly stateKey: StateKey;
} {
  const criteria = gateCriteria(config);
  const stateKey: StateKey = (snapshot) => JSON.stringify(milestones(snapshot, config, criteria));
  const generate = (exhaustive: boolean) => (snapshot: AnyMachineSnapshot) => {
    if (snapshot.status !== 'active') return [];
    const scene = sceneOf(snapshot, sha256Hex(stateKey(snapshot)).slice(0, 10), config);
    return offered(scene, leafOf(snapshot), exhaustive, config, criteria);
  };
  const exhaustive = generate(true);
  // For `next`: every sample, plus a try at settling each condition already satisfied (refused, saying so).
  const probeEvents: SampleEvents = (snapshot) => {
    const out = exhaustive(snapshot);
    if (snapshot.status !== 'active' || out.some((e) => e.type === 'GateConditionSatisfied')) return out;
    const scene = sceneOf(snapshot, 'probe', config);
    const evidence = IdMap.entries(scene.context.evidence)[0]?.[0] ?? 'none';
    for (const [id, k] of Object.entries(scene.context.conditions)) {
      out.push(
        fact(scene, 'GateConditionSatisfied', `probe-${id}`, {
          gateId: k.gateId,
          conditionId: id,
          evidenceEventIds: [evidence],
        }),
      );
    }
    return out;
  };
  return { sampleEvents: generate(false), exhaustiveSampleEvents: exhaustive, probeEvents, stateKey };
}

function sceneOf(snapshot: AnyMachineSnapshot, digest: string, config: ProgrammeConfig): SampleScene {
  const context = snapshot.context as ProgrammeContext;
  const reporting = context.programme?.reportingOrgId ?? 'sample-agency';
  const grants = config.version >= 3;
  // From programme@3 on the reporting organisation is not the first gatekeeper of its side (nobody appoints itself).
  const orgs = Object.keys(context.participants).filter((id) => !grants || id !== reporting);
  const nlGov = orgs.find((id) => isNlGovernment(context, id)) ?? null;
  const cnGov = orgs.find((id) => isCnGovernment(context, id)) ?? null;
  const occurredAt = context.phaseEnteredOn ?? sampleStart;
  const keeper = grants ? (gatekeepersOf(context, 'NL')[0] ?? null) : reporting;
  const cnKeeper = grants ? (gatekeepersOf(context, 'CN')[0] ?? null) : cnGov;
  const financeOfficer = grants ? (holdersOf(context, 'finance_officer')[0] ?? reporting) : reporting;
  return {
    context,
    nlGov,
    cnGov,
    reporting,
    grants,
    keeper,
    cnKeeper,
    financeOfficer,
    occurredAt,
    day: dayOf(occurredAt),
    digest,
  };
}

/** What the offered events depend on: the state, its history, and the context reduced to milestones. */
function milestones(snapshot: AnyMachineSnapshot, config: ProgrammeConfig, criteria: Criteria) {
  const c = snapshot.context as ProgrammeContext;
  const meets = (id: string) => meetsCriterion(criteria, c, id);
  const leaf = leafOf(snapshot);
  const gate = gateOfState(leaf);
  // History decides where a resumption goes; xstate keeps it after resuming, where it no longer matters.
  const history =
    leaf !== 'suspended'
      ? null
      : Object.fromEntries(Object.entries(snapshot.historyValue).map(([id, nodes]) => [id, nodes.map((n) => n.id)]));
  const scene = sceneOf(snapshot, '', config);
  const visits = Object.values(c.visits);
  const phase = phaseOf(leaf);
  const money = [
    c.programme?.budgetTotal ?? null,
    c.finance.committed,
    c.finance.incoming - c.finance.paid >= 1,
    Object.keys(c.budgetLines).length > 0,
  ];
  // A cancelled or closed programme only ever takes documents and expenditure: nothing else tells them apart.
  if (phase === 'cancelled' || phase === 'closed') return { value: snapshot.value, money };
  // Elsewhere, what the current phase's facts and gate read; a suspended programme keeps all, to resume soundly.
  const all = phase === 'suspended';
  const relevant = (...phases: string[]) => all || phases.includes(phase);
  const instruments: Record<string, readonly string[]> = {
    feasibility: ['letter_of_intent'],
    development: ['letter_of_intent', 'mou'],
    implementation: ['specific_agreement'],
  };
  return {
    value: snapshot.value,
    history,
    on: c.phaseEnteredOn,
    orgs: [scene.nlGov, scene.cnGov, ownEntry(c.participants, scene.reporting) !== undefined],
    roles: [
      scene.keeper,
      scene.cnKeeper,
      scene.financeOfficer,
      scene.nlGov !== null && holdsRole(c, scene.nlGov, 'auditor'),
    ],
    money,
    visits: relevant('feasibility', 'development') && [
      visits.filter((v) => !v.completed).length,
      Math.min(2, visits.filter((v) => v.completed && v.deliverables > 0).length),
    ],
    met: relevant('feasibility', 'development') && meets('G1-C2'),
    understanding: Object.keys(c.understanding).sort(),
    agreements: Object.entries(c.agreements)
      .filter(([, a]) => all || (instruments[phase] ?? []).includes(a.instrument))
      .map(([id, a]) => `${id}:${a.instrument}:${a.status}`)
      .sort(),
    bodies: relevant('development', 'implementation') && [meets('G2-C2'), meets('G3-C2')],
    themes: relevant('development', 'implementation') && meets('G2-C3'),
    kt: relevant('implementation') && Math.min(c.ktActivities, severalOf(c, config)),
    reports: finalReportIds(c).sort(),
    review: c.review && [
      c.review.gateId,
      c.review.gatekeepers,
      c.review.criteria.map((k) => [k.id, k.kind, k.conditionable]),
    ],
    recycles: gate ? c.recycles[gate] : null,
    open: Object.entries(c.conditions)
      .filter(([, k]) => !k.satisfied)
      .map(([id, k]) => [id, k.gateId, k.dueDate]),
  };
}

function offered(
  s: SampleScene,
  leaf: string,
  exhaustive: boolean,
  config: ProgrammeConfig,
  criteria: Criteria,
): UnhashedEvent[] {
  const c = s.context;
  if (leaf === 'unregistered')
    return [
      {
        ...fact(s, 'ProgrammeRegistered', 'x', payloads.registered(s.day)),
        actor: { id: 'sample-agency', role: 'programme_manager' },
      },
    ];
  const [phase, sub] = leaf.split('.') as [string, string | undefined];
  const keeper = { id: s.keeper ?? s.reporting, role: 'gatekeeper' };
  const deciders = s.grants
    ? s.keeper
      ? [s.keeper]
      : []
    : s.nlGov
      ? [s.nlGov]
      : Object.keys(c.participants).slice(0, 1);
  const out: UnhashedEvent[] = [];
  const coverage = (event: UnhashedEvent | null | false) => {
    if (exhaustive && event) out.push(event);
  };
  const finance = (iatiType: 11 | 4) =>
    s.nlGov !== null &&
    fact(
      s,
      'FinancialTransactionRecorded',
      `t${iatiType}`,
      payloads.transaction(s, `sample-tx-${iatiType}`, iatiType, iatiType === 4 ? 1 : 1000),
      { id: s.financeOfficer, role: 'finance_officer' },
    );
  const spendable = c.finance.committed + c.finance.incoming - c.finance.paid >= 1;
  const note = fact(s, 'DocumentLinked', 'note', payloads.document(s, 'sample-note', 'A01'));
  const extraOrg =
    ownEntry(c.participants, 'sample-institute') === undefined &&
    fact(s, 'ParticipantRegistered', 'extra', payloads.participant('sample-institute', 'NL', 80));
  // A role granted and revoked again (auditor: it decides nothing), decided by the reporting organisation alone.
  const auditor =
    s.nlGov !== null &&
    holdsRole(c, s.reporting, 'programme_manager') &&
    fact(
      s,
      holdsRole(c, s.nlGov, 'auditor') ? 'RoleRevoked' : 'RoleGranted',
      'auditor',
      payloads.role(s, s.nlGov, 'auditor', [s.reporting]),
    );

  if (phase === 'suspended' || phase === 'cancelled' || phase === 'closed') {
    if (phase === 'suspended' && deciders.length > 0) {
      out.push(fact(s, 'ProgrammeResumed', 'x', { decidedBy: deciders }, keeper));
      out.push(fact(s, 'ProgrammeCancelled', 'x', { reason: 'The partners withdrew.', decidedBy: deciders }, keeper));
    }
    if (phase === 'suspended') coverage(extraOrg);
    if (phase === 'suspended') coverage(auditor);
    coverage(!IdMap.get(c.documents, 'sample-note') && note);
    if (phase !== 'closed' && spendable) coverage(finance(4));
    if (phase === 'suspended') {
      const settle = settleCondition(s);
      if (settle) out.push(settle);
    }
    return out;
  }

  // running: the first fact still missing, then the branches, then (exhaustive) one sample of each other fact.
  const next = firstMissing(s, phase, exhaustive, criteria);
  if (next) out.push(next);
  const gate = gateOfState(phase);
  if (gate && sub === 'active' && s.nlGov && s.cnGov && (!s.grants || (s.keeper && s.cnKeeper)))
    out.push(review(s, gate, criteria));
  if (gate && sub === 'gate' && c.review) out.push(...decisions(s, gate, criteria));
  if (phase === 'finalisation') {
    const report = finalReportIds(c)[0];
    const settled = Object.values(c.conditions).every((k) => k.satisfied);
    if (report && settled) out.push(fact(s, 'ProgrammeClosed', 'x', { finalReportDocId: report }, keeper));
  }
  if (deciders.length > 0) {
    out.push(
      fact(
        s,
        'ProgrammeSuspended',
        'x',
        { reason: 'Funding is under review.', category: 'funding', decidedBy: deciders, reviewDate: s.day },
        keeper,
      ),
    );
    out.push(fact(s, 'ProgrammeCancelled', 'x', { reason: 'The partners withdrew.', decidedBy: deciders }, keeper));
  }
  if (!exhaustive || s.nlGov === null || s.cnGov === null) return out;
  coverage(extraOrg);
  coverage(auditor);
  coverage(!IdMap.get(c.documents, 'sample-note') && note);
  coverage(spendable && finance(4));
  coverage(
    Object.keys(c.budgetLines).length > 0 &&
      ownEntry(c.budgetLines, 'sample-line-2') === undefined &&
      fact(s, 'BudgetLinePlanned', 'extra', payloads.budgetLine(s, 'sample-line-2', 0), {
        id: s.reporting,
        role: 'finance_officer',
      }),
  );
  coverage(
    fact(s, 'StakeholderInvolvementRecorded', 'x', {
      orgId: s.nlGov,
      category: 'knowledge_institute',
      level: 'contributing',
    }),
  );
  if (phase === 'feasibility' || phase === 'development') {
    coverage(
      fact(s, 'NetworkMeetingHeld', 'x', {
        meetingId: 'sample-network',
        date: s.day,
        participantIds: [s.nlGov, s.cnGov],
        topics: ['coordination'],
      }),
    );
  }
  if (phase === 'development') {
    coverage(
      c.expertMeetings > 0 &&
        fact(s, 'ExpertMeetingHeld', 'extra', payloads.expertMeeting(s, 'sample-expert-meeting-2')),
    );
    coverage(
      fact(s, 'StakeholderMeetingHeld', 'x', {
        meetingId: 'sample-stakeholders',
        date: s.day,
        participantIds: [s.nlGov],
        matchmaking: { companies: 3, matches: 1 },
      }),
    );
  }
  if (phase === 'development' || (phase === 'implementation' && c.ktActivities >= severalOf(c, config))) {
    coverage(
      fact(s, 'ExpertMissionConducted', 'x', {
        missionId: 'sample-mission',
        direction: 'NL_TO_CN',
        expertOrgIds: [s.nlGov],
        hostOrgId: s.cnGov,
        needStatement: 'Advice on waste management.',
        startDate: s.day,
        endDate: s.day,
      }),
    );
  }
  if ((phase === 'development' || phase === 'implementation') && c.understanding.areas_of_expertise) {
    coverage(fact(s, 'CommonUnderstandingRecorded', 'again', payloads.understanding(s, 'areas_of_expertise')));
  }
  if (phase === 'implementation') {
    coverage(
      Object.keys(c.bodies).length > 0 &&
        ownEntry(c.bodies, 'sample-steering') === undefined &&
        fact(s, 'GovernanceBodyEstablished', 'extra', payloads.body(s, 'sample-steering')),
    );
    coverage(
      Object.keys(c.themes).length > 0 &&
        ownEntry(c.themes, 'sample-theme-2') === undefined &&
        fact(s, 'ImplementationThemeSelected', 'extra', payloads.theme(s, 'sample-theme-2')),
    );
  }
  return out;
}
