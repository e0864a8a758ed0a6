import type { Draft } from 'immer';
import { current } from 'immer';
import { defineProjection, ownEntry, type Projection } from '../../src/projections/projection.ts';
import type { RecordedEvent } from '../../src/envelope/envelope.ts';
import { withRoleChange, type RoleEvent, type RoleFacts } from '../roles.ts';
import type { ProgrammeEventData, ProgrammeEventType } from '../../events/index.ts';
import { emptyView, type LateFact, type Phase, type ProgrammeView, type Ref } from './model.ts';
import { toMinor } from './money.ts';

type D = Draft<ProgrammeView>;
type Data<T extends ProgrammeEventType> = ProgrammeEventData<T>;

const refOf = (e: RecordedEvent, date: string = e.occurredAt): Ref => ({ seq: e.seq, eventId: e.id, date });
const dayMs = 86_400_000;
/** How many late facts the view keeps in full (the rest are counted): the view stays small however long the log. */
const lateExamples = 10;
const nextPhase: Readonly<Record<string, Phase>> = { G1: 'development', G2: 'implementation', G3: 'finalisation' };
const levelRank: Readonly<Record<string, number>> = { informed: 0, consulted: 1, contributing: 2, committed: 3 };

/** Options of {@link programmeViewProjection}. */
export type ViewOptions = {
  /** A fact is "late" when recorded more than this many days after it occurred. */
  readonly lateAfterDays: number;
};

/**
 * Returns the immer projection of a programme stream into its {@link ProgrammeView}: every handler changes a draft,
 * and `every` keeps the last fact, the roles each organisation recorded with, and the facts recorded late. Pure.
 */
export function programmeViewProjection(options: ViewOptions): Projection<ProgrammeView> {
  return defineProjection<ProgrammeView>(
    emptyView,
    {
      ProgrammeRegistered: (m, e) => {
        m.identity = { ...refOf(e), ...(e.data as Data<'ProgrammeRegistered'>) };
        m.phase = 'feasibility';
      },
      ParticipantRegistered: (m, e) => {
        const d = e.data as Data<'ParticipantRegistered'>;
        const before = ownEntry(m.participants, d.orgId);
        m.participants[d.orgId] = { ...refOf(e), ...d, rolesUsed: before?.rolesUsed ?? [] };
      },
      BudgetLinePlanned: (m, e) => {
        const d = e.data as Data<'BudgetLinePlanned'>;
        m.budgetLines.push({
          ...refOf(e),
          lineId: d.lineId,
          periodStart: d.periodStart,
          periodEnd: d.periodEnd,
          type: d.type,
          status: d.status,
          amount: toMinor(d.amount.amount),
        });
      },
      FinancialTransactionRecorded: (m, e) => {
        const d = e.data as Data<'FinancialTransactionRecorded'>;
        m.transactions.push({
          ...refOf(e, d.date),
          txId: d.txId,
          type: d.iatiType,
          amount: toMinor(d.value.amount),
          providerOrgId: d.providerOrgId,
          receiverOrgId: d.receiverOrgId,
        });
      },
      DocumentLinked: (m, e) => {
        const d = e.data as Data<'DocumentLinked'>;
        m.documents.push({ ...refOf(e, d.date), ...d, format: d.format ?? null });
      },
      GateReviewScheduled: (m, e) => {
        const d = e.data as Data<'GateReviewScheduled'>;
        m.review = { ...refOf(e), gateId: d.gateId, reviewDate: d.reviewDate };
      },
      GateDecisionRecorded: (m, e) => decided(m, e),
      RoleGranted: (m, e) => {
        m.roles = roleChange(m, e);
      },
      RoleRevoked: (m, e) => {
        m.roles = roleChange(m, e);
      },
      GateConditionSatisfied: (m, e) => {
        const d = e.data as Data<'GateConditionSatisfied'>;
        const condition = m.conditions.find(
          (k) => k.gateId === d.gateId && k.conditionId === d.conditionId && k.satisfied === null,
        );
        if (condition) condition.satisfied = { ...refOf(e), evidence: [...d.evidenceEventIds] };
      },
      ProgrammeSuspended: (m, e) => {
        const d = e.data as Data<'ProgrammeSuspended'>;
        m.suspended = { ...refOf(e), reason: d.reason, category: d.category, reviewDate: d.reviewDate };
      },
      ProgrammeResumed: (m) => {
        m.suspended = null;
      },
      ProgrammeCancelled: (m, e) => {
        m.phase = 'cancelled';
        m.suspended = null;
        m.actualEnd = e.occurredAt.slice(0, 10);
      },
      ProgrammeClosed: (m, e) => {
        m.phase = 'closed';
        m.actualEnd = e.occurredAt.slice(0, 10);
      },
      GovernanceBodyEstablished: (m, e) => {
        const d = e.data as Data<'GovernanceBodyEstablished'>;
        m.evidence.bodies.push({ ...refOf(e), bodyId: d.bodyId, kind: d.kind });
      },
      AgreementProposed: (m, e) => {
        const d = e.data as Data<'AgreementProposed'>;
        m.evidence.agreements.push({ ...refOf(e), agreementId: d.agreementId, instrument: d.instrument, stage: 1 });
      },
      AgreementSigned: (m, e) => {
        const d = e.data as Data<'AgreementSigned'>;
        m.evidence.agreements.push({
          ...refOf(e, d.signedOn),
          agreementId: d.agreementId,
          instrument: instrumentOf(m, d.agreementId),
          stage: 2,
        });
      },
      AgreementEnded: (m, e) => {
        const d = e.data as Data<'AgreementEnded'>;
        m.evidence.agreements.push({
          ...refOf(e, d.on),
          agreementId: d.agreementId,
          instrument: instrumentOf(m, d.agreementId),
          stage: 0,
        });
      },
      StakeholderInvolvementRecorded: (m, e) => {
        const d = e.data as Data<'StakeholderInvolvementRecorded'>;
        m.evidence.involvement.push({ ...refOf(e), orgId: d.orgId, category: d.category, level: d.level });
      },
      CommonUnderstandingRecorded: (m, e) => {
        const d = e.data as Data<'CommonUnderstandingRecorded'>;
        m.evidence.understanding.push({
          ...refOf(e),
          topic: d.topic,
          statement: d.statement,
          endorsedBy: [...d.endorsedBy],
        });
      },
      KnowledgeTransferActivityHeld: (m, e) => {
        const d = e.data as Data<'KnowledgeTransferActivityHeld'>;
        m.evidence.knowledgeTransfer.push({
          ...refOf(e, d.endDate),
          what: `${d.format.replaceAll('_', ' ')} on ${d.theme.replaceAll('_', ' ')}`,
        });
      },
      ExpertMissionConducted: (m, e) => {
        const d = e.data as Data<'ExpertMissionConducted'>;
        if (m.phase === 'implementation')
          m.evidence.knowledgeTransfer.push({ ...refOf(e, d.endDate), what: `expert mission ${d.missionId}` });
      },
    },
    (m, e) => {
      m.lastFact = { ...refOf(e), type: e.type, recordedAt: e.recordedAt };
      if (m.workflow !== e.workflow) m.workflow = e.workflow;
      const actor = ownEntry(m.participants, e.actor.id);
      if (actor && !actor.rolesUsed.includes(e.actor.role)) actor.rolesUsed.push(e.actor.role);
      const late = lateness(e);
      if (late > options.lateAfterDays) {
        m.late.count++;
        if (late > m.late.longestDays) m.late.longestDays = late;
        if (m.late.first.length < lateExamples)
          m.late.first.push({ ...refOf(e), type: e.type, recordedAt: e.recordedAt, days: late } satisfies LateFact);
      }
    },
  );
}

/** Returns whole days between when an event occurred (the end of its day, for a bare date) and when it was recorded. */
function lateness(e: RecordedEvent): number {
  const occurred = Date.parse(e.occurredAt.length === 10 ? `${e.occurredAt}T23:59:59.999Z` : e.occurredAt);
  const recorded = Date.parse(e.recordedAt);
  return Number.isNaN(occurred) || Number.isNaN(recorded) ? 0 : Math.floor((recorded - occurred) / dayMs);
}

/** Returns the roles after a grant or revocation, through the same function the machine's context uses. */
function roleChange(m: D, e: RecordedEvent): ProgrammeView['roles'] {
  const context: RoleFacts = {
    programme: m.identity && { reportingOrgId: m.identity.reportingOrgId },
    roles: current(m.roles),
  };
  // Called from the RoleGranted and RoleRevoked handlers only, whose payloads the engine validated.
  const change: RoleEvent = { ...e, type: e.type as RoleEvent['type'], data: e.data as Data<'RoleGranted'> };
  return withRoleChange(context, change).roles ?? {};
}

function instrumentOf(m: D, agreementId: string): string {
  return m.evidence.agreements.find((a) => a.agreementId === agreementId)?.instrument ?? 'agreement';
}

function decided(m: D, e: RecordedEvent): void {
  const d = e.data as Data<'GateDecisionRecorded'>;
  m.decisions.push({
    ...refOf(e, d.decidedOn),
    gateId: d.gateId,
    decision: d.decision,
    decidedOn: d.decidedOn,
    minutesDocId: d.minutesDocId ?? null,
    rationale: d.rationale,
  });
  if (d.nextGate)
    m.nextGate = { gateId: d.nextGate.gateId, targetDate: d.nextGate.targetDate, setBy: refOf(e, d.decidedOn) };
  switch (d.decision) {
    case 'go':
    case 'go_with_conditions':
      for (const k of d.conditions) {
        m.conditions.push({
          gateId: d.gateId,
          conditionId: k.conditionId,
          text: k.text,
          iatiType: k.iatiType,
          ownerOrgIds: [...k.ownerOrgIds],
          dueDate: k.dueDate,
          setBy: refOf(e, d.decidedOn),
          satisfied: null,
        });
      }
      m.phase = nextPhase[d.gateId]!;
      m.review = null;
      if (d.nextGate === undefined) m.nextGate = null;
      if (m.actualStart === null) m.actualStart = d.decidedOn;
      break;
    case 'recycle':
      m.review = null;
      break;
    case 'hold':
      m.suspended = {
        ...refOf(e, d.decidedOn),
        reason: d.rationale,
        category: 'gate_hold',
        reviewDate: d.reviewDate ?? d.decidedOn,
      };
      break;
    case 'no_go':
      m.phase = 'cancelled';
      m.review = null;
      m.actualEnd = d.decidedOn;
      break;
  }
}

/** Returns true when an involvement level counts for R3 ("contributing" or higher). */
export function countsForR3(level: string): boolean {
  return (levelRank[level] ?? 0) >= levelRank.contributing!;
}
