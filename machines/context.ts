import { ownEntry } from '../src/projections/projection.ts';
import type { UnhashedEvent } from '../src/envelope/envelope.ts';
import type { ProgrammeEventData, ProgrammeEventType } from '../events/index.ts';
import { addAmounts } from './amounts.ts';
import { copyContext, type ContextDraft } from './contextCopy.ts';
import { IdMap, type IdMapLike } from './idMap.ts';
import { withRoleChange } from './roles.ts';
import { isCnGovernment } from './sides.ts';

/** A catalogue event as the programme machine sees it: the whole envelope (guards may read `recordedAt`, `actor`). */
export type ProgrammeMachineEvent = {
  [TType in ProgrammeEventType]: UnhashedEvent<TType, ProgrammeEventData<TType>>;
}[ProgrammeEventType];

/** The envelope of one event type. */
export type EventOf<TType extends ProgrammeEventType> = Extract<ProgrammeMachineEvent, { type: TType }>;

export type Side = 'NL' | 'CN';
export type Role = ProgrammeEventData<'RoleGranted'>['role'];

/**
 * One organisation's term in a workflow role: held from the day `since` (null: from the programme's registration,
 * the reporting organisation's programme_manager role) until the day `until` (exclusive; absent while it lasts).
 * `grantedBy` and `revokedBy` are the ids of the RoleGranted and RoleRevoked events (null: the registration).
 */
export type RoleTerm = {
  readonly since: string | null;
  readonly until?: string;
  readonly grantedBy: string | null;
  readonly revokedBy?: string;
};
export type GateId = 'G1' | 'G2' | 'G3';
/** What a gate review decided: `go`, `go_with_conditions`, `hold`, `recycle` or `no_go`. */
export type GateDecision = ProgrammeEventData<'GateDecisionRecorded'>['decision'];
export type Criterion = ProgrammeEventData<'GateReviewScheduled'>['criteria'][number];

/** An open gate review: what the decision will be judged against. */
export type Review = {
  readonly gateId: GateId;
  readonly reviewDate: string;
  readonly gatekeepers: ProgrammeEventData<'GateReviewScheduled'>['gatekeepers'];
  readonly criteria: readonly Criterion[];
};

/** A condition attached to a conditional go; open until a GateConditionSatisfied names it. */
export type Condition = {
  readonly gateId: GateId;
  readonly text: string;
  /**
   * The condition's first owner. Guards read no owner; the field stays as it was before conditions could have
   * several owners (GateDecisionRecorded schema 2), so that old logs replay to the same states.
   */
  readonly ownerOrgId: string;
  readonly dueDate: string;
  readonly satisfied: boolean;
};

/**
 * What the programme's guards read, and nothing more: replay cost and snapshot size follow from it. Read models for
 * people (results, finance, timeline) are projections over the log, not context. Never mutated; persists as plain JSON
 * (the growing records are IdMaps live and plain records in a persisted snapshot: the codec in programme.ts).
 */
export type ProgrammeContext = {
  readonly programme: null | {
    readonly title: string;
    readonly reportingOrgId: string;
    readonly currency: string;
    readonly budgetTotal: number;
    /** How many knowledge-transfer activities "several" means (R7, G3-C1), when the registration says. */
    readonly ktActivitiesTarget?: number;
  };
  /** When the current phase (or suspension, cancellation, closure) began: facts are not back-dated before it. */
  readonly phaseEnteredOn: string | null;
  readonly participants: Readonly<Record<string, { readonly side: Side; readonly orgType: number }>>;
  readonly budgetLines: Readonly<Record<string, number>>;
  readonly finance: { readonly committed: number; readonly incoming: number; readonly paid: number };
  readonly visits: Readonly<Record<string, { readonly completed: boolean; readonly deliverables: number }>>;
  readonly expertMeetings: number;
  readonly understanding: Readonly<Partial<Record<ProgrammeEventData<'CommonUnderstandingRecorded'>['topic'], string>>>;
  readonly bodies: Readonly<Record<string, { readonly kind: string; readonly nlExperts: number }>>;
  readonly agreements: Readonly<
    Record<
      string,
      {
        readonly instrument: string;
        readonly status: 'proposed' | 'signed' | 'ended';
        readonly partyOrgIds: readonly string[];
      }
    >
  >;
  readonly themes: Readonly<Record<string, string>>;
  /** Knowledge-transfer activities and, in implementation, expert missions: result R7. */
  readonly ktActivities: number;
  /**
   * Linked documents' categories by docId, and the events that gate criteria and conditions may cite as evidence
   * (deliverables, not routine facts) by id: both grow with the log, so they are {@link IdMap}s (O(1) to add to), which
   * persist as plain records of the same shape. Read them with `IdMap.get` / `IdMap.entries`, which take either form.
   */
  readonly documents: IdMapLike<string>;
  readonly evidence: IdMapLike<ProgrammeEventType>;
  readonly review: Review | null;
  readonly recycles: Readonly<Record<GateId, number>>;
  readonly conditions: Readonly<Record<string, Condition>>;
  readonly nextGate: ProgrammeEventData<'GateDecisionRecorded'>['nextGate'] | null;
  /**
   * Who holds which workflow role, by organisation, as RoleGranted and RoleRevoked left it (read it with `rolesHeld`,
   * machines/roles.ts). Absent until the first of them, so a stream without role facts keeps the context it always had.
   */
  readonly roles?: Readonly<Record<string, Readonly<Partial<Record<Role, RoleTerm>>>>>;
  /** The ids of recorded transactions (programme@3 on, where a txId is unique in its programme). */
  readonly transactions?: IdMapLike<number>;
};

/** True for the document categories a final report may have: review (A07) or results (A08). */
export function isFinalReportCategory(category: string): boolean {
  return category === 'A07' || category === 'A08';
}

/** Returns the ids of the linked documents that can serve as a final report, in the order they were linked. */
export function finalReportIds(c: ProgrammeContext): string[] {
  return IdMap.entries(c.documents)
    .filter(([, category]) => isFinalReportCategory(category))
    .map(([id]) => id);
}

/** The context of a programme before its registration. */
export const emptyContext: ProgrammeContext = {
  programme: null,
  phaseEnteredOn: null,
  participants: {},
  budgetLines: {},
  finance: { committed: 0, incoming: 0, paid: 0 },
  visits: {},
  expertMeetings: 0,
  understanding: {},
  bodies: {},
  agreements: {},
  themes: {},
  ktActivities: 0,
  documents: IdMap.empty(),
  evidence: IdMap.empty(),
  review: null,
  recycles: { G1: 0, G2: 0, G3: 0 },
  conditions: {},
  nextGate: null,
};

const evidenceTypes: ReadonlySet<ProgrammeEventType> = new Set<ProgrammeEventType>([
  'DelegationVisitCompleted',
  'ExpertMeetingHeld',
  'StakeholderMeetingHeld',
  'ExpertMissionConducted',
  'GovernanceBodyEstablished',
  'ExpertJoinedGovernanceBody',
  'AgreementProposed',
  'AgreementSigned',
  'StakeholderInvolvementRecorded',
  'CommonUnderstandingRecorded',
  'ImplementationThemeSelected',
  'KnowledgeTransferActivityHeld',
  'DocumentLinked',
  'GateReviewScheduled',
  'GateDecisionRecorded',
  'GateConditionSatisfied',
]);

// By length: evolve asks this of every event's type, a string fresh from JSON.parse, and as a Set key it would be
// hashed first (about 40 ns on Node 20); compared with the few types of its length it is not (docs/performance.md).
const evidenceByLength: (readonly ProgrammeEventType[] | undefined)[] = [];
for (const type of evidenceTypes) evidenceByLength[type.length] = [...(evidenceByLength[type.length] ?? []), type];

/** True when events of this type can be cited as evidence for a gate criterion or condition. */
export function isEvidenceType(type: ProgrammeEventType): boolean {
  const sameLength = evidenceByLength[type.length];
  if (sameLength !== undefined) for (let i = 0; i < sameLength.length; i++) if (sameLength[i] === type) return true;
  return false;
}

/**
 * Returns the context after an accepted event (the machine's one `assign`), under the rules of workflow version
 * `version` (programme@3 on: transaction ids are kept, and only an expert mission to a Chinese government body counts
 * for R7). Pure: builds new objects, never mutates, and reads nothing but the context and the event.
 */
export function evolve(
  context: ProgrammeContext,
  event: ProgrammeMachineEvent,
  inImplementation = false,
  version = 1,
): ProgrammeContext {
  const next = evolveByType(context, event, inImplementation, version);
  return isEvidenceType(event.type)
    ? withField(next, 'evidence', IdMap.from(next.evidence).with(event.id, event.type))
    : next;
}

/** Returns `{ ...c, [key]: value }` (copyContext.ts). */
function withField<K extends keyof ContextDraft>(
  c: ProgrammeContext,
  key: K,
  value: ContextDraft[K],
): ProgrammeContext {
  const n = copyContext(c);
  n[key] = value;
  return n;
}

/** True when an expert mission counts toward R7 under programme@3: Dutch experts to a Chinese government host. */
export function missionCountsForR7(c: ProgrammeContext, data: ProgrammeEventData<'ExpertMissionConducted'>): boolean {
  return data.direction === 'NL_TO_CN' && isCnGovernment(c, data.hostOrgId);
}

function evolveByType(
  c: ProgrammeContext,
  e: ProgrammeMachineEvent,
  inImplementation: boolean,
  version: number,
): ProgrammeContext {
  switch (e.type) {
    case 'ProgrammeRegistered': {
      const { title, reportingOrgId, budgetTotal, ktActivitiesTarget } = e.data;
      const n = copyContext(c);
      n.programme = {
        title,
        reportingOrgId,
        currency: budgetTotal.currency,
        budgetTotal: budgetTotal.amount,
        ...(ktActivitiesTarget === undefined ? {} : { ktActivitiesTarget }),
      };
      n.phaseEnteredOn = e.occurredAt;
      return n;
    }
    case 'RoleGranted':
    case 'RoleRevoked':
      return withRoleChange(c, e);
    case 'ParticipantRegistered':
      return withField(c, 'participants', {
        ...c.participants,
        [e.data.orgId]: { side: e.data.side, orgType: e.data.orgType },
      });
    case 'BudgetLinePlanned':
      return withField(c, 'budgetLines', { ...c.budgetLines, [e.data.lineId]: e.data.amount.amount });
    case 'FinancialTransactionRecorded': {
      const { iatiType, value } = e.data;
      if (version >= 3) c = withField(c, 'transactions', IdMap.from(c.transactions ?? {}).with(e.data.txId, iatiType));
      const f = c.finance;
      // programme@3 on: sums exact to the cent (amounts.ts); before, the floating-point sums those logs were kept with.
      const add = version >= 3 ? addAmounts : (a: number, b: number) => a + b;
      if (iatiType === 2) return withField(c, 'finance', { ...f, committed: add(f.committed, value.amount) });
      if (iatiType === 11) return withField(c, 'finance', { ...f, incoming: add(f.incoming, value.amount) });
      if (iatiType === 3 || iatiType === 4) return withField(c, 'finance', { ...f, paid: add(f.paid, value.amount) });
      return c;
    }
    case 'DelegationVisitPlanned':
      return withField(c, 'visits', { ...c.visits, [e.data.visitId]: { completed: false, deliverables: 0 } });
    case 'DelegationVisitCompleted':
      return withField(c, 'visits', {
        ...c.visits,
        [e.data.visitId]: { completed: true, deliverables: e.data.deliverables.length },
      });
    case 'ExpertMeetingHeld':
      return withField(c, 'expertMeetings', c.expertMeetings + 1);
    case 'ExpertMissionConducted':
      return inImplementation && (version < 3 || missionCountsForR7(c, e.data))
        ? withField(c, 'ktActivities', c.ktActivities + 1)
        : c;
    case 'KnowledgeTransferActivityHeld':
      return withField(c, 'ktActivities', c.ktActivities + 1);
    case 'CommonUnderstandingRecorded':
      return withField(c, 'understanding', { ...c.understanding, [e.data.topic]: e.id });
    case 'GovernanceBodyEstablished':
      return withField(c, 'bodies', { ...c.bodies, [e.data.bodyId]: { kind: e.data.kind, nlExperts: 0 } });
    case 'ExpertJoinedGovernanceBody': {
      const body = ownEntry(c.bodies, e.data.bodyId)!;
      return withField(c, 'bodies', { ...c.bodies, [e.data.bodyId]: { ...body, nlExperts: body.nlExperts + 1 } });
    }
    case 'AgreementProposed': {
      const { agreementId, instrument, partyOrgIds } = e.data;
      return withField(c, 'agreements', {
        ...c.agreements,
        [agreementId]: { instrument, status: 'proposed', partyOrgIds },
      });
    }
    case 'AgreementSigned':
    case 'AgreementEnded': {
      const agreement = ownEntry(c.agreements, e.data.agreementId)!;
      const status = e.type === 'AgreementSigned' ? 'signed' : 'ended';
      return withField(c, 'agreements', { ...c.agreements, [e.data.agreementId]: { ...agreement, status } });
    }
    case 'ImplementationThemeSelected':
      return withField(c, 'themes', { ...c.themes, [e.data.themeId]: e.data.theme });
    case 'DocumentLinked':
      return withField(c, 'documents', IdMap.from(c.documents).with(e.data.docId, e.data.category));
    case 'GateReviewScheduled': {
      const { gateId, reviewDate, gatekeepers, criteria } = e.data;
      return withField(c, 'review', { gateId, reviewDate, gatekeepers, criteria });
    }
    case 'GateDecisionRecorded':
      return decided(c, e);
    case 'GateConditionSatisfied': {
      const condition = ownEntry(c.conditions, e.data.conditionId)!;
      return withField(c, 'conditions', {
        ...c.conditions,
        [e.data.conditionId]: { ...condition, satisfied: true },
      });
    }
    case 'ProgrammeSuspended':
    case 'ProgrammeResumed':
    case 'ProgrammeCancelled':
    case 'ProgrammeClosed':
      return withField(c, 'phaseEnteredOn', e.occurredAt);
    case 'NetworkMeetingHeld':
    case 'StakeholderMeetingHeld':
    case 'StakeholderInvolvementRecorded':
      return c;
  }
}

function decided(c: ProgrammeContext, e: EventOf<'GateDecisionRecorded'>): ProgrammeContext {
  const { gateId, decision } = e.data;
  switch (decision) {
    case 'go':
    case 'go_with_conditions': {
      const conditions = { ...c.conditions };
      for (const k of e.data.conditions) {
        conditions[k.conditionId] = {
          gateId,
          text: k.text,
          ownerOrgId: k.ownerOrgIds[0]!,
          dueDate: k.dueDate,
          satisfied: false,
        };
      }
      const n = copyContext(c);
      n.review = null;
      n.conditions = conditions;
      n.nextGate = e.data.nextGate ?? null;
      n.phaseEnteredOn = e.occurredAt;
      return n;
    }
    case 'recycle': {
      const n = copyContext(c);
      n.review = null;
      n.recycles = { ...c.recycles, [gateId]: c.recycles[gateId] + 1 };
      n.nextGate = e.data.nextGate ?? null;
      return n;
    }
    case 'hold':
    case 'no_go':
      return withField(c, 'phaseEnteredOn', e.occurredAt);
  }
}
