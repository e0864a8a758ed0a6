import { GENESIS_HASH, type UnhashedEvent } from '../src/envelope/envelope.ts';
import { catalogue, type Money, type ProgrammeEventData, type ProgrammeEventType } from '../events/index.ts';
import type { ProgrammeContext } from './context.ts';

/** Where sample facts happen: the day, the organisations they name, and the key their ids are made unique by. */
export type SampleScene = {
  readonly context: ProgrammeContext;
  /** The first registered Dutch ministry (NL, type 10) and Chinese government body (CN, type 10 or 11). */
  readonly nlGov: string | null;
  readonly cnGov: string | null;
  readonly reporting: string;
  /** True from programme@3 on: actors must hold the roles they claim, so the samples grant them first. */
  readonly grants: boolean;
  /** Who records as gatekeeper (and decides suspensions and cancellations), and as finance officer. */
  readonly keeper: string | null;
  readonly cnKeeper: string | null;
  readonly financeOfficer: string;
  /** When the facts occur: the start of the current stage, so nothing is back-dated. */
  readonly occurredAt: string;
  readonly day: string;
  /** A short digest of the state key: event ids are unique along any path because states on it differ. */
  readonly digest: string;
};

/** The day of a registration when the stream has none yet. */
export const sampleStart = '2024-01-01';

/** Returns the day `days` after `day`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Returns a whole envelope for a sample fact; `slot` tells apart facts of one type offered in one state. */
export function fact<TType extends ProgrammeEventType>(
  scene: SampleScene,
  type: TType,
  slot: string,
  data: ProgrammeEventData<TType>,
  actor: { id: string; role: string } = { id: scene.reporting, role: 'programme_manager' },
): UnhashedEvent {
  return {
    id: `${type}-${slot}-${scene.digest}`.slice(0, 64),
    stream: 'sample',
    seq: 0,
    type,
    schema: catalogue[type].version,
    workflow: 'sample',
    occurredAt: scene.occurredAt,
    recordedAt: `${scene.day}T23:59:59.000Z`,
    actor,
    data: data,
    prev: GENESIS_HASH,
  };
}

/** The payloads sample facts carry: valid against the catalogue, naming the scene's organisations. */
export const payloads = {
  registered: (day: string): ProgrammeEventData<'ProgrammeRegistered'> => ({
    iatiIdentifier: 'XM-SAMPLE-PROGRAMME',
    title: 'Sample low-carbon zone programme',
    description: 'A programme made up by phasegate to explore the workflow.',
    reportingOrgId: 'sample-agency',
    recipientCountry: 'CN',
    locationName: 'Shenzhen',
    sectors: [{ code: '43030', pct: 100 }],
    budgetTotal: { amount: 100_000, currency: 'EUR' },
    plannedStart: day,
    plannedEnd: addDays(day, 365),
  }),
  participant: (orgId: string, side: 'NL' | 'CN', orgType: 10 | 80): ProgrammeEventData<'ParticipantRegistered'> => ({
    orgId,
    name: `Sample ${side} organisation ${orgId}`,
    side,
    orgType,
    iatiRoles: [4],
  }),
  money: (s: SampleScene, amount: number): Money => ({ amount, currency: s.context.programme?.currency ?? 'EUR' }),
  visitPlanned: (s: SampleScene, visitId: string): ProgrammeEventData<'DelegationVisitPlanned'> => ({
    visitId,
    direction: 'CN_TO_NL',
    head: { title: 'Vice-mayor', orgId: s.cnGov! },
    memberOrgIds: [s.cnGov!],
    hostOrgIds: [s.nlGov!],
    startDate: s.day,
    endDate: s.day,
    expectedDeliverables: ['agreement on the expert meeting'],
  }),
  visitCompleted: (s: SampleScene, visitId: string): ProgrammeEventData<'DelegationVisitCompleted'> => ({
    visitId,
    actualStart: s.day,
    actualEnd: s.day,
    deliverables: [{ kind: 'agreement', text: 'agreement on the expert meeting', agreedBy: [s.nlGov!, s.cnGov!] }],
  }),
  expertMeeting: (s: SampleScene, meetingId: string): ProgrammeEventData<'ExpertMeetingHeld'> => ({
    meetingId,
    location: 'Shenzhen',
    startDate: s.day,
    endDate: s.day,
    plenaries: 1,
    workgroups: ['energy'],
    siteVisits: [],
    participantIds: [s.nlGov!, s.cnGov!],
    themes: ['low carbon'],
  }),
  understanding: (
    s: SampleScene,
    topic: ProgrammeEventData<'CommonUnderstandingRecorded'>['topic'],
  ): ProgrammeEventData<'CommonUnderstandingRecorded'> => ({
    topic,
    statement: `Both sides agree on ${topic.replaceAll('_', ' ')}.`,
    endorsedBy: [s.nlGov!, s.cnGov!],
  }),
  proposed: (
    s: SampleScene,
    agreementId: string,
    instrument: ProgrammeEventData<'AgreementProposed'>['instrument'],
  ): ProgrammeEventData<'AgreementProposed'> => ({
    agreementId,
    instrument,
    legallyBinding: false,
    partyOrgIds: [s.nlGov!, s.cnGov!],
    subject: 'Cooperation on a low-carbon zone',
  }),
  signed: (s: SampleScene, agreementId: string): ProgrammeEventData<'AgreementSigned'> => ({
    agreementId,
    signedOn: s.day,
    place: 'Shenzhen',
    ceremonyLevel: 'working_level',
    signatories: (s.context.agreements[agreementId]?.partyOrgIds ?? [s.nlGov!, s.cnGov!]).map((orgId) => ({
      title: 'Signatory',
      orgId,
    })),
    effectiveFrom: s.day,
  }),
  body: (s: SampleScene, bodyId: string): ProgrammeEventData<'GovernanceBodyEstablished'> => ({
    bodyId,
    kind: 'joint_working_group',
    memberOrgIds: [s.nlGov!, s.cnGov!],
    chairOrgId: s.cnGov!,
  }),
  theme: (s: SampleScene, themeId: string): ProgrammeEventData<'ImplementationThemeSelected'> => ({
    themeId,
    theme: 'waste_management',
    leadOrgIds: [s.nlGov!, s.cnGov!],
  }),
  knowledgeTransfer: (s: SampleScene, activityId: string): ProgrammeEventData<'KnowledgeTransferActivityHeld'> => ({
    activityId,
    format: 'workshop',
    theme: 'eco_city_standards',
    providerOrgIds: [s.nlGov!],
    recipientOrgIds: [s.cnGov!],
    startDate: s.day,
    endDate: s.day,
  }),
  document: (s: SampleScene, docId: string, category: 'A01' | 'A08'): ProgrammeEventData<'DocumentLinked'> => ({
    docId,
    title: category === 'A08' ? 'Final results report' : 'Meeting notes',
    category,
    url: `https://example.org/${docId}`,
    date: s.day,
    language: 'en',
  }),
  transaction: (
    s: SampleScene,
    txId: string,
    iatiType: 11 | 4,
    amount: number,
  ): ProgrammeEventData<'FinancialTransactionRecorded'> => ({
    txId,
    iatiType,
    date: s.day,
    value: payloads.money(s, amount),
    providerOrgId: s.nlGov!,
    receiverOrgId: s.cnGov ?? s.nlGov!,
  }),
  role: (
    s: SampleScene,
    orgId: string,
    role: ProgrammeEventData<'RoleGranted'>['role'],
    decidedBy: readonly string[],
  ): ProgrammeEventData<'RoleGranted'> => ({
    orgId,
    role,
    decidedBy: [...decidedBy],
    effectiveFrom: s.day,
  }),
  budgetLine: (s: SampleScene, lineId: string, amount: number): ProgrammeEventData<'BudgetLinePlanned'> => ({
    lineId,
    periodStart: s.day,
    periodEnd: addDays(s.day, 300),
    amount: payloads.money(s, amount),
    type: 1,
    status: 1,
  }),
} as const;
