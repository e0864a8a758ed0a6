import type { ProgrammeEventData } from '../../events/index.ts';
import type { ProgrammeContext } from '../context.ts';
import type { Minor } from './money.ts';

/** Where an event stands in its stream: enough to cite it. */
export type Ref = { readonly seq: number; readonly eventId: string; readonly date: string };

/** A planned budget line (IATI budget): original or revised, indicative or committed. */
export type BudgetLine = Ref & {
  readonly lineId: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly type: 1 | 2;
  readonly status: 1 | 2;
  readonly amount: Minor;
};

/** A financial transaction (IATI transaction), with the budget line in force on its date. */
export type Transaction = Ref & {
  readonly txId: string;
  readonly type: 1 | 2 | 3 | 4 | 11;
  readonly amount: Minor;
  readonly providerOrgId: string;
  readonly receiverOrgId: string;
};

/** A participant in words and codes, and the workflow roles it recorded facts with. */
export type Participant = Ref & ProgrammeEventData<'ParticipantRegistered'> & { readonly rolesUsed: readonly string[] };

/** A linked document. `format` is null for a link recorded before documents carried one (schema 1). */
export type DocumentEntry = Ref &
  Omit<ProgrammeEventData<'DocumentLinked'>, 'format'> & { readonly format: string | null };

/** A gate decision as the read side needs it: the decision, its record, and its conditions. */
export type DecisionEntry = Ref & {
  readonly gateId: string;
  readonly decision: string;
  readonly decidedOn: string;
  readonly minutesDocId: string | null;
  readonly rationale: string;
};

/** A condition of a conditional go, with its owners and whether it was satisfied. */
export type ConditionEntry = {
  readonly gateId: string;
  readonly conditionId: string;
  readonly text: string;
  readonly iatiType: 1 | 2 | 3;
  readonly ownerOrgIds: readonly string[];
  readonly dueDate: string;
  readonly setBy: Ref;
  readonly satisfied: (Ref & { readonly evidence: readonly string[] }) | null;
};

/** The phases of the programme and its ends, as the log tells them. */
export type Phase =
  'unregistered' | 'feasibility' | 'development' | 'implementation' | 'finalisation' | 'closed' | 'cancelled';

/** A fact recorded long after it occurred. */
export type LateFact = Ref & { readonly type: string; readonly recordedAt: string; readonly days: number };

/** The evidence the results R1-R7 are computed from (README, "Read models"): events, never written indicator values. */
export type ResultEvidence = {
  readonly bodies: ReadonlyArray<Ref & { readonly bodyId: string; readonly kind: string }>;
  readonly agreements: ReadonlyArray<
    Ref & { readonly agreementId: string; readonly instrument: string; readonly stage: 1 | 2 | 0 }
  >;
  readonly involvement: ReadonlyArray<
    Ref & { readonly orgId: string; readonly category: string; readonly level: string }
  >;
  readonly understanding: ReadonlyArray<
    Ref & { readonly topic: string; readonly statement: string; readonly endorsedBy: readonly string[] }
  >;
  readonly knowledgeTransfer: ReadonlyArray<Ref & { readonly what: string }>;
};

/**
 * A programme as the read side keeps it (README, "Read models"): identity, participants, finance, documents,
 * decisions and conditions, status and the evidence of its results. Plain JSON; every figure is derived from it.
 */
export type ProgrammeView = {
  /** Workflow roles granted and revoked by the log (programme@3), as the machine's context keeps them. */
  readonly roles: NonNullable<ProgrammeContext['roles']>;
  /** The workflow version of the stream's last event (whose configuration, e.g. "several", applies). */
  readonly workflow: string;
  readonly identity: (Ref & ProgrammeEventData<'ProgrammeRegistered'>) | null;
  readonly participants: Readonly<Record<string, Participant>>;
  readonly budgetLines: readonly BudgetLine[];
  readonly transactions: readonly Transaction[];
  readonly documents: readonly DocumentEntry[];
  readonly decisions: readonly DecisionEntry[];
  readonly conditions: readonly ConditionEntry[];
  readonly phase: Phase;
  readonly suspended:
    null | (Ref & { readonly reason: string; readonly category: string; readonly reviewDate: string });
  readonly review: null | (Ref & { readonly gateId: string; readonly reviewDate: string });
  readonly nextGate: null | { readonly gateId: string; readonly targetDate: string; readonly setBy: Ref };
  /** When the IATI activity status first became 2 (implementation: the first go), and when it ended. */
  readonly actualStart: string | null;
  readonly actualEnd: string | null;
  readonly lastFact: null | (Ref & { readonly type: string; readonly recordedAt: string });
  /** Facts recorded long after they occurred: how many, the longest delay, and the first few (bounded). */
  readonly late: { readonly count: number; readonly longestDays: number; readonly first: readonly LateFact[] };
  readonly evidence: ResultEvidence;
};

/** Returns the view of a programme before its first event. */
export function emptyView(): ProgrammeView {
  return {
    roles: {},
    workflow: '',
    identity: null,
    participants: {},
    budgetLines: [],
    transactions: [],
    documents: [],
    decisions: [],
    conditions: [],
    phase: 'unregistered',
    suspended: null,
    review: null,
    nextGate: null,
    actualStart: null,
    actualEnd: null,
    lastFact: null,
    late: { count: 0, longestDays: 0, first: [] },
    evidence: { bodies: [], agreements: [], involvement: [], understanding: [], knowledgeTransfer: [] },
  };
}
