import type { ProgrammeEventData, ProgrammeEventType } from '../../events/index.ts';

/**
 * One valid payload per event type, taken from the seed timeline (examples/lcz-shenzhen.jsonl) (row numbers in comments);
 * plausible values where the seed is silent. Participant ids are illustrative.
 */
export const seed = {
  // #1
  ProgrammeRegistered: {
    iatiIdentifier: 'NL-KVK-27378529-LCZ-SZ',
    title: 'Cooperation on a Sino-Dutch Low-carbon zone Shenzhen',
    description: 'Set up a Sino-Dutch cooperation framework for a low-carbon zone in Longgang, Shenzhen.',
    reportingOrgId: 'nl-agency',
    recipientCountry: 'CN',
    locationName: 'Longgang District, Shenzhen',
    sectors: [
      { code: '43030', pct: 50 },
      { code: '41010', pct: 30 },
      { code: '23183', pct: 20 },
    ],
    budgetTotal: { amount: 150_000, currency: 'EUR' },
    plannedStart: '2011-07-01',
    plannedEnd: '2012-12-31',
  },
  // #2 (one of thirteen)
  ParticipantRegistered: {
    orgId: 'eli',
    name: 'Ministry of Economic Affairs, Agriculture and Innovation (EL&I)',
    side: 'NL',
    orgType: 10,
    iatiRoles: [1, 2],
  },
  // #3
  FinancialTransactionRecorded: {
    txId: 'tx-2011-01',
    iatiType: 11,
    date: '2011-07-05',
    value: { amount: 150_000, currency: 'EUR' },
    providerOrgId: 'eli',
    receiverOrgId: 'nl-agency',
  },
  // #4 (the 2012 line)
  BudgetLinePlanned: {
    lineId: 'budget-2012',
    periodStart: '2012-01-01',
    periodEnd: '2012-12-31',
    amount: { amount: 90_000, currency: 'EUR' },
    type: 1,
    status: 2,
  },
  // #5
  NetworkMeetingHeld: {
    meetingId: 'network-2011-07-21',
    date: '2011-07-21',
    participantIds: ['twa-guangzhou', 'sz-gov', 'eli', 'im', 'tu-delft', 'ngi'],
    topics: ['feasibility', 'delegation visit'],
  },
  // #6
  DelegationVisitPlanned: {
    visitId: 'visit-2011-09',
    direction: 'CN_TO_NL',
    head: { name: 'TANG Jie', title: 'Vice-mayor of Shenzhen', orgId: 'sz-gov' },
    memberOrgIds: ['sz-drc', 'sz-epb', 'sz-itic', 'sz-uplrc', 'longgang'],
    hostOrgIds: ['eli', 'im', 'tu-delft', 'ngi'],
    startDate: '2011-09-18',
    endDate: '2011-09-22',
    expectedDeliverables: ['agreement on the expert meeting'],
  },
  // #7
  DelegationVisitCompleted: {
    visitId: 'visit-2011-09',
    actualStart: '2011-09-18',
    actualEnd: '2011-09-22',
    deliverables: [{ kind: 'agreement', text: 'agreement on the expert meeting', agreedBy: ['sz-gov', 'eli'] }],
  },
  // #8
  StakeholderInvolvementRecorded: { orgId: 'tu-delft', category: 'knowledge_institute', level: 'contributing' },
  // #9
  GateReviewScheduled: {
    gateId: 'G1',
    reviewDate: '2011-11-16',
    gatekeepers: [
      { orgId: 'eli', side: 'NL' },
      { orgId: 'im', side: 'NL' },
      { orgId: 'sz-gov', side: 'CN' },
      { orgId: 'sz-drc', side: 'CN' },
    ],
    criteria: [
      {
        id: 'G1-C1',
        text: 'Delegation visit done with agreement on the expert meeting',
        kind: 'must',
        conditionable: false,
      },
      {
        id: 'G1-C2',
        text: 'Expert meeting held (plenaries, workgroups, site visits)',
        kind: 'must',
        conditionable: false,
      },
      { id: 'G1-C3', kind: 'must', conditionable: false, text: 'R4 endorsed by both sides' },
      {
        id: 'G1-C4',
        text: 'Gatekeepers include a Dutch ministry and the Shenzhen government',
        kind: 'must',
        conditionable: false,
      },
      {
        id: 'G1-C5',
        text: 'At least one NL institute contributing or higher (R3)',
        kind: 'should',
        conditionable: true,
      },
      { id: 'G1-C6', kind: 'should', conditionable: true, text: 'R5 and R6 drafted' },
    ],
  },
  // #10
  ExpertMeetingHeld: {
    meetingId: 'expert-meeting-2011-11',
    location: 'Shenzhen',
    startDate: '2011-11-14',
    endDate: '2011-11-16',
    plenaries: 2,
    workgroups: ['Urban Planning', 'Energy', 'Mobility/Transport', 'Governance'],
    siteVisits: ['Longgang District'],
    participantIds: ['eli', 'im', 'twa-guangzhou', 'tu-delft', 'ngi', 'sz-gov', 'sz-drc', 'longgang'],
    themes: ['Urban Planning', 'Energy', 'Infrastructure', 'Mobility/Transport', 'Knowledge Infrastructures'],
  },
  // #11
  CommonUnderstandingRecorded: {
    topic: 'areas_of_expertise',
    statement: 'Dutch expertise is sought in urban planning, energy, mobility and governance of a low-carbon zone.',
    endorsedBy: ['eli', 'im', 'sz-drc', 'longgang'],
  },
  // #12
  GateDecisionRecorded: {
    gateId: 'G1',
    decision: 'go_with_conditions',
    decidedOn: '2011-11-16',
    decisionMakers: [
      { orgId: 'eli', side: 'NL', position: 'go' },
      {
        orgId: 'sz-gov',
        side: 'CN',
        person: { name: 'TANG Jie', title: 'Vice-mayor', orgId: 'sz-gov' },
        position: 'go',
      },
    ],
    criteriaAssessment: [
      { criterionId: 'G1-C1', met: 'yes', evidenceEventIds: ['evt-0007'] },
      { criterionId: 'G1-C2', met: 'yes', evidenceEventIds: ['evt-0010'] },
      { criterionId: 'G1-C3', met: 'yes', evidenceEventIds: ['evt-0011'] },
      { criterionId: 'G1-C4', met: 'yes', evidenceEventIds: ['evt-0009'] },
      { criterionId: 'G1-C5', met: 'yes', evidenceEventIds: ['evt-0008a', 'evt-0008b'] },
      { criterionId: 'G1-C6', met: 'partial', evidenceEventIds: [] },
    ],
    conditions: [
      {
        conditionId: 'K1',
        text: 'Joint working group installed',
        iatiType: 2,
        ownerOrgIds: ['twa-guangzhou'],
        dueDate: '2012-01-31',
      },
    ],
    nextGate: { gateId: 'G2', targetDate: '2012-06-30', requiredDeliverables: ['MoU signed or in preparation'] },
    deliveryConfidence: 'A/G',
    rationale: 'Both governments consent; a joint working group is still to be installed.',
    minutesDocId: 'doc-g1-minutes',
  },
  // #14
  GovernanceBodyEstablished: {
    bodyId: 'jwg-lcz',
    kind: 'joint_working_group',
    memberOrgIds: ['twa-guangzhou', 'eli', 'sz-drc', 'longgang'],
    chairOrgId: 'sz-drc',
  },
  // #15
  GateConditionSatisfied: { gateId: 'G1', conditionId: 'K1', evidenceEventIds: ['evt-0014'] },
  // #16
  StakeholderMeetingHeld: {
    meetingId: 'stakeholders-2012-03',
    date: '2012-03-15',
    participantIds: ['twa-guangzhou', 'tu-delft', 'ngi', 'sz-itic', 'longgang'],
    matchmaking: { companies: 12, matches: 5 },
  },
  // #18
  ExpertMissionConducted: {
    missionId: 'mission-2012-04',
    direction: 'NL_TO_CN',
    expertOrgIds: ['tu-delft'],
    hostOrgId: 'sz-uplrc',
    needStatement: 'Review of the spatial plan for the low-carbon zone',
    startDate: '2012-04-16',
    endDate: '2012-04-20',
  },
  // #19
  AgreementProposed: {
    agreementId: 'mou-lcz',
    instrument: 'mou',
    legallyBinding: false,
    partyOrgIds: ['eli', 'im', 'ndrc-ccd'],
    subject: 'Low-carbon zone cooperation',
  },
  // #21
  ImplementationThemeSelected: { themeId: 'theme-waste', theme: 'waste_management', leadOrgIds: ['im', 'sz-epb'] },
  // #22
  AgreementSigned: {
    agreementId: 'mou-lcz',
    signedOn: '2012-06-14',
    place: 'Beijing',
    ceremonyLevel: 'high_level',
    signatories: [
      { title: 'Minister of Economic Affairs, Agriculture and Innovation', orgId: 'eli' },
      { title: 'Minister of Infrastructure and the Environment', orgId: 'im' },
      { title: 'Director-General, Department of Climate Change', orgId: 'ndrc-ccd' },
    ],
    effectiveFrom: '2012-06-14',
  },
  // #24
  KnowledgeTransferActivityHeld: {
    activityId: 'kt-2012-09',
    format: 'workshop',
    theme: 'waste_management',
    providerOrgIds: ['im', 'tu-delft'],
    recipientOrgIds: ['sz-epb', 'longgang'],
    startDate: '2012-09-18',
    endDate: '2012-09-18',
  },
  // #25
  ExpertJoinedGovernanceBody: {
    bodyId: 'jwg-lcz',
    expert: { title: 'Associate professor of urban planning', orgId: 'tu-delft' },
    capacity: 'advisor',
  },
  // Not in the seed: plausible values.
  ProgrammeSuspended: {
    reason: 'Content of the implementation phase still under discussion with Shenzhen.',
    category: 'partner_request',
    decidedBy: ['eli', 'sz-gov'],
    reviewDate: '2013-03-01',
  },
  ProgrammeResumed: { decidedBy: ['eli', 'sz-gov'] },
  ProgrammeCancelled: { reason: 'Funding withdrawn by the ministry.', decidedBy: ['eli'] },
  ProgrammeClosed: { finalReportDocId: 'doc-final-report' },
  DocumentLinked: {
    docId: 'doc-g1-decision',
    title: 'G1 gate decision record',
    category: 'A07',
    url: 'https://example.org/g1-decision.pdf',
    date: '2011-11-16',
    language: 'en',
  },
  AgreementEnded: { agreementId: 'mou-lcz', reason: 'superseded', on: '2014-06-14' },
  RoleGranted: {
    orgId: 'im',
    role: 'gatekeeper',
    decidedBy: ['eli', 'sz-gov'],
    effectiveFrom: '2011-07-01',
    reason: 'I&M decides with EL&I.',
  },
  RoleRevoked: { orgId: 'sz-drc', role: 'gatekeeper', decidedBy: ['sz-gov'], effectiveFrom: '2012-12-31' },
} as const satisfies { [TType in ProgrammeEventType]: ProgrammeEventData<TType> };

/** The seed payload of `type`, as a plain record to modify in a test. */
export function seedOf(type: ProgrammeEventType): Record<string, unknown> {
  return structuredClone(seed[type]);
}
