import { defineProjection, ownEntry, type Projection } from '../../src/projections/projection.ts';
import type { RecordedEvent } from '../../src/envelope/envelope.ts';
import { AppendList } from '../../src/projections/appendList.ts';
import type { ProgrammeEventData, ProgrammeEventType } from '../../events/index.ts';
import { codeName } from '../../src/iati/codelists.ts';
import { list } from '../text.ts';

/** Where an event stands in the log: enough to cite it as evidence. */
export type EventRef = { readonly seq: number; readonly eventId: string };
/** Who recorded an event, and with which key it was signed (if it was). */
export type RecordedBy = { readonly id: string; readonly role: string; readonly keyId: string | null };

/** One line of the programme's timeline. */
export type TimelineEntry = EventRef & {
  readonly date: string;
  readonly type: string;
  readonly what: string;
  readonly by: RecordedBy;
};

/** A gate decision, with the review it answered and what became of its conditions. */
export type GateDecisionEntry = EventRef & {
  readonly gateId: string;
  readonly decision: string;
  readonly decidedOn: string;
  readonly by: RecordedBy;
  readonly review: (EventRef & { readonly reviewDate: string }) | null;
  readonly decisionMakers: ProgrammeEventData<'GateDecisionRecorded'>['decisionMakers'];
  readonly criteria: ReadonlyArray<{
    readonly id: string;
    readonly text: string;
    readonly kind: string;
    readonly met: string;
    readonly evidence: readonly string[];
  }>;
  readonly conditions: ReadonlyArray<
    ProgrammeEventData<'GateDecisionRecorded'>['conditions'][number] & {
      readonly satisfied: (EventRef & { readonly on: string; readonly evidence: readonly string[] }) | null;
    }
  >;
  readonly rationale: string;
  readonly nextGate: ProgrammeEventData<'GateDecisionRecorded'>['nextGate'] | null;
  readonly reviewDate: string | null;
};

/** An agreement and its life: proposed, signed, ended. */
export type AgreementEntry = {
  readonly agreementId: string;
  readonly instrument: string;
  readonly legallyBinding: boolean;
  readonly partyOrgIds: readonly string[];
  readonly subject: string;
  readonly parentAgreementId: string | null;
  readonly proposed: EventRef & { readonly on: string };
  readonly signed: (EventRef & Omit<ProgrammeEventData<'AgreementSigned'>, 'agreementId'>) | null;
  readonly ended: (EventRef & { readonly on: string; readonly reason: string }) | null;
};

/** The programme as an auditor reads it: identity, participants, timeline, decisions, agreements, result evidence. */
export type ProgrammeModel = {
  readonly identity: (EventRef & ProgrammeEventData<'ProgrammeRegistered'>) | null;
  readonly participants: Readonly<Record<string, ProgrammeEventData<'ParticipantRegistered'> & EventRef>>;
  /** The phase the gates have reached (suspension does not change it). */
  readonly phase: 'feasibility' | 'development' | 'implementation' | 'finalisation';
  /** Grows with nearly every event, so an {@link AppendList} (O(1) to extend) rather than an array immer copies. */
  readonly timeline: AppendList<TimelineEntry>;
  readonly openReviews: Readonly<Record<string, EventRef & ProgrammeEventData<'GateReviewScheduled'>>>;
  readonly decisions: readonly GateDecisionEntry[];
  readonly agreements: Readonly<Record<string, AgreementEntry>>;
  readonly bodies: ReadonlyArray<EventRef & { readonly bodyId: string; readonly kind: string }>;
  readonly involvement: Readonly<Record<string, EventRef & { readonly level: string; readonly category: string }>>;
  readonly understanding: Readonly<
    Record<string, EventRef & { readonly statement: string; readonly endorsedBy: readonly string[] }>
  >;
  /** Knowledge-transfer activities, and expert missions during implementation (R7). */
  readonly knowledgeTransfer: AppendList<EventRef & { readonly what: string }>;
};

type Data<TType extends ProgrammeEventType> = ProgrammeEventData<TType>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const refOf = (event: RecordedEvent): EventRef => ({ seq: event.seq, eventId: event.id });
const byOf = (event: RecordedEvent): RecordedBy => ({
  id: event.actor.id,
  role: event.actor.role,
  keyId: event.sig?.keyId ?? null,
});
const label = (text: string) => text.replaceAll('_', ' ');

const money = (m: { amount: number; currency: string }) =>
  `${m.currency} ${m.amount.toLocaleString('en', { maximumFractionDigits: 2 })}`;
const person = (p: { name?: string | undefined; title: string }) => (p.name ? `${p.name}, ${p.title}` : p.title);

/** The timeline's line for an event: every fact, money and documents included, organisations and people by name. */
function describe(event: RecordedEvent, names: (id: string) => string): string | null {
  const d = event.data as Record<string, unknown>;
  const orgs = (ids: unknown) => list((ids as string[]).map(names));
  switch (event.type) {
    case 'ProgrammeRegistered':
      return `Programme registered: ${String(d.title)} (${money((d as Data<'ProgrammeRegistered'>).budgetTotal)})`;
    case 'ParticipantRegistered': {
      const p = d as Data<'ParticipantRegistered'>;
      return `Participant registered: ${p.name} (${p.side}, ${codeName('OrganisationType', p.orgType)}; ${p.iatiRoles.map((r) => codeName('OrganisationRole', r)).join(', ')})`;
    }
    case 'BudgetLinePlanned': {
      const b = d as Data<'BudgetLinePlanned'>;
      return `Budget line ${b.lineId} planned: ${money(b.amount)} for ${b.periodStart} to ${b.periodEnd} (${codeName('BudgetType', b.type).toLowerCase()}, ${codeName('BudgetStatus', b.status).toLowerCase()})`;
    }
    case 'FinancialTransactionRecorded': {
      const t = d as Data<'FinancialTransactionRecorded'>;
      return `${codeName('TransactionType', t.iatiType)} of ${money(t.value)} from ${names(t.providerOrgId)} to ${names(t.receiverOrgId)} on ${t.date}`;
    }
    case 'DocumentLinked':
      return `Document linked: ${String(d.title)} (${String(d.category)} ${codeName('DocumentCategory', String(d.category))})`;
    case 'StakeholderInvolvementRecorded':
      return `${names(String(d.orgId))} (${label(String(d.category))}) involved: ${String(d.level)}`;
    case 'NetworkMeetingHeld':
      return `Network meeting with ${orgs(d.participantIds)} on ${list(d.topics as string[])}`;
    case 'DelegationVisitPlanned':
      return `Delegation visit ${label(String(d.direction))} planned for ${String(d.startDate)} to ${String(d.endDate)}, headed by ${person(d.head as Data<'DelegationVisitPlanned'>['head'])} (${names((d.head as { orgId: string }).orgId)})`;
    case 'DelegationVisitCompleted':
      return `Delegation visit ${String(d.visitId)} completed (${String(d.actualStart)} to ${String(d.actualEnd)}): ${(d.deliverables as Array<{ text: string }>).map((x) => x.text).join('; ')}`;
    case 'ExpertMeetingHeld':
      return `Expert meeting in ${String(d.location)}, ${String(d.startDate)} to ${String(d.endDate)}, with ${orgs(d.participantIds)}`;
    case 'StakeholderMeetingHeld':
      return `Stakeholder meeting with ${orgs(d.participantIds)}`;
    case 'ExpertMissionConducted':
      return `Expert mission ${label(String(d.direction))} by ${orgs(d.expertOrgIds)} to ${names(String(d.hostOrgId))}: ${String(d.needStatement)}`;
    case 'GovernanceBodyEstablished':
      return `${label(String(d.kind))} established with ${orgs(d.memberOrgIds)}, chaired by ${names(String(d.chairOrgId))}`;
    case 'AgreementProposed':
      return `${label(String(d.instrument))} proposed between ${orgs(d.partyOrgIds)}: ${String(d.subject)}`;
    case 'AgreementSigned':
      return `Agreement ${String(d.agreementId)} signed in ${String(d.place)} (${label(String(d.ceremonyLevel))}) by ${(d.signatories as Array<{ name?: string; title: string; orgId: string }>).map((s) => `${person(s)} (${names(s.orgId)})`).join('; ')}`;
    case 'AgreementEnded':
      return `Agreement ${String(d.agreementId)} ended (${String(d.reason)})`;
    case 'CommonUnderstandingRecorded':
      return `Common understanding on ${label(String(d.topic))} endorsed by ${orgs(d.endorsedBy)}`;
    case 'ImplementationThemeSelected':
      return `Implementation theme ${label(String(d.theme))} selected, led by ${orgs(d.leadOrgIds)}`;
    case 'KnowledgeTransferActivityHeld':
      return `Knowledge transfer (${label(String(d.format))}) on ${label(String(d.theme))} from ${orgs(d.providerOrgIds)} to ${orgs(d.recipientOrgIds)}`;
    case 'ExpertJoinedGovernanceBody':
      return `${person(d.expert as { name?: string; title: string })} of ${names((d.expert as { orgId: string }).orgId)} joined ${String(d.bodyId)} as ${String(d.capacity)}`;
    case 'GateReviewScheduled':
      return `${String(d.gateId)} review scheduled for ${String(d.reviewDate)} with ${orgs((d.gatekeepers as Array<{ orgId: string }>).map((g) => g.orgId))}`;
    case 'GateDecisionRecorded':
      return `${String(d.gateId)} decision: ${label(String(d.decision))}, by ${(d.decisionMakers as Array<{ orgId: string; person?: { name?: string; title: string } }>).map((m) => (m.person ? `${person(m.person)} (${names(m.orgId)})` : names(m.orgId))).join(', ')}`;
    case 'GateConditionSatisfied':
      return `Condition ${String(d.conditionId)} of ${String(d.gateId)} satisfied`;
    case 'ProgrammeSuspended':
      return `Programme suspended (${label(String(d.category))}) by ${orgs(d.decidedBy)}: ${String(d.reason)}; review on ${String(d.reviewDate)}`;
    case 'ProgrammeResumed':
      return `Programme resumed by ${orgs(d.decidedBy)}`;
    case 'ProgrammeCancelled':
      return `Programme cancelled by ${orgs(d.decidedBy)}: ${String(d.reason)}`;
    case 'ProgrammeClosed':
      return `Programme closed (final report ${String(d.finalReportDocId)})`;
    case 'RoleGranted':
      return `${names(String(d.orgId))} holds ${String(d.role).replaceAll('_', ' ')} from ${String(d.effectiveFrom)}, decided by ${orgs(d.decidedBy)}`;
    case 'RoleRevoked':
      return `${names(String(d.orgId))} no longer holds ${String(d.role).replaceAll('_', ' ')} from ${String(d.effectiveFrom)}, decided by ${orgs(d.decidedBy)}`;
    case 'WorkflowMigrated':
      return `Moved from ${String(d.from)} to ${String(d.to)}: ${String(d.reason)}`;
    default:
      return event.type;
  }
}

/** Returns the version number of a workflow ref (`programme@3` is 3). */
const versionOf = (ref: string): number => Number(ref.slice(ref.lastIndexOf('@') + 1));

const nextPhase = { G1: 'development', G2: 'implementation', G3: 'finalisation' } as const;

/** Returns the projection of a programme stream into its {@link ProgrammeModel}. Pure. */
export function programmeModel(): Projection<ProgrammeModel> {
  return defineProjection<ProgrammeModel>(
    () => ({
      identity: null,
      participants: {},
      phase: 'feasibility',
      timeline: AppendList.empty(),
      openReviews: {},
      decisions: [],
      agreements: {},
      bodies: [],
      involvement: {},
      understanding: {},
      knowledgeTransfer: AppendList.empty(),
    }),
    {
      ProgrammeRegistered: (m, e) => {
        m.identity = { ...refOf(e), ...(e.data as Data<'ProgrammeRegistered'>) };
      },
      ParticipantRegistered: (m, e) => {
        const d = e.data as Data<'ParticipantRegistered'>;
        m.participants[d.orgId] = { ...d, ...refOf(e) };
      },
      GateReviewScheduled: (m, e) => {
        const d = e.data as Data<'GateReviewScheduled'>;
        m.openReviews[d.gateId] = { ...refOf(e), ...d };
      },
      GateDecisionRecorded: (m, e) => {
        const d = e.data as Data<'GateDecisionRecorded'>;
        const review = ownEntry(m.openReviews, d.gateId) ?? null;
        const assessed = new Map(d.criteriaAssessment.map((a) => [a.criterionId, a]));
        const criteria = (review?.criteria ?? []).map((k) => ({
          id: k.id,
          text: k.text,
          kind: k.kind,
          met: assessed.get(k.id)?.met ?? 'not assessed',
          evidence: [...(assessed.get(k.id)?.evidenceEventIds ?? [])],
        }));
        m.decisions.push({
          ...refOf(e),
          gateId: d.gateId,
          decision: d.decision,
          decidedOn: d.decidedOn,
          by: byOf(e),
          review: review === null ? null : { seq: review.seq, eventId: review.eventId, reviewDate: review.reviewDate },
          decisionMakers: d.decisionMakers,
          criteria,
          conditions: d.conditions.map((k) => ({ ...k, satisfied: null })),
          rationale: d.rationale,
          nextGate: d.nextGate ?? null,
          reviewDate: d.reviewDate ?? null,
        });
        if (d.decision !== 'hold') delete m.openReviews[d.gateId];
        if (d.decision === 'go' || d.decision === 'go_with_conditions') m.phase = nextPhase[d.gateId];
      },
      GateConditionSatisfied: (m, e) => {
        const d = e.data as Data<'GateConditionSatisfied'>;
        for (const decision of m.decisions) {
          if (decision.gateId !== d.gateId) continue;
          for (const condition of decision.conditions as Array<Mutable<GateDecisionEntry['conditions'][number]>>) {
            if (condition.conditionId === d.conditionId && condition.satisfied === null) {
              condition.satisfied = { ...refOf(e), on: e.occurredAt, evidence: [...d.evidenceEventIds] };
            }
          }
        }
      },
      AgreementProposed: (m, e) => {
        const d = e.data as Data<'AgreementProposed'>;
        m.agreements[d.agreementId] = {
          agreementId: d.agreementId,
          instrument: d.instrument,
          legallyBinding: d.legallyBinding,
          partyOrgIds: [...d.partyOrgIds],
          subject: d.subject,
          parentAgreementId: d.parentAgreementId ?? null,
          proposed: { ...refOf(e), on: e.occurredAt },
          signed: null,
          ended: null,
        };
      },
      AgreementSigned: (m, e) => {
        const { agreementId, ...signed } = e.data as Data<'AgreementSigned'>;
        const agreement = ownEntry(m.agreements, agreementId);
        if (agreement) agreement.signed = { ...refOf(e), ...signed };
      },
      AgreementEnded: (m, e) => {
        const d = e.data as Data<'AgreementEnded'>;
        const agreement = ownEntry(m.agreements, d.agreementId);
        if (agreement) agreement.ended = { ...refOf(e), on: d.on, reason: d.reason };
      },
      GovernanceBodyEstablished: (m, e) => {
        const d = e.data as Data<'GovernanceBodyEstablished'>;
        m.bodies.push({ ...refOf(e), bodyId: d.bodyId, kind: d.kind });
      },
      StakeholderInvolvementRecorded: (m, e) => {
        const d = e.data as Data<'StakeholderInvolvementRecorded'>;
        m.involvement[d.orgId] = { ...refOf(e), level: d.level, category: d.category };
      },
      CommonUnderstandingRecorded: (m, e) => {
        const d = e.data as Data<'CommonUnderstandingRecorded'>;
        m.understanding[d.topic] = { ...refOf(e), statement: d.statement, endorsedBy: [...d.endorsedBy] };
      },
      KnowledgeTransferActivityHeld: (m, e) => {
        const d = e.data as Data<'KnowledgeTransferActivityHeld'>;
        m.knowledgeTransfer = m.knowledgeTransfer.append({
          ...refOf(e),
          what: `${d.format.replaceAll('_', ' ')} on ${d.theme}`,
        });
      },
      ExpertMissionConducted: (m, e) => {
        // From programme@3 on, only Dutch experts sent to a Chinese government body count for R7 (context.ts).
        const d = e.data as Data<'ExpertMissionConducted'>;
        const host = ownEntry(m.participants, d.hostOrgId);
        const counts =
          versionOf(e.workflow) < 3 ||
          (d.direction === 'NL_TO_CN' && host?.side === 'CN' && (host.orgType === 10 || host.orgType === 11));
        if (m.phase === 'implementation' && counts)
          m.knowledgeTransfer = m.knowledgeTransfer.append({
            ...refOf(e),
            what: `expert mission ${(e.data as Data<'ExpertMissionConducted'>).missionId}`,
          });
      },
    },
    (m, e) => {
      const names = (id: string) => ownEntry(m.participants, id)?.name ?? id;
      const what = describe(e, names);
      if (what !== null)
        m.timeline = m.timeline.append({ ...refOf(e), date: e.occurredAt, type: e.type, what, by: byOf(e) });
    },
  );
}
