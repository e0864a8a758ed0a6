import type { z } from 'zod';
import { AgreementEndedData, AgreementProposedData, AgreementSignedData } from './agreements.ts';
import { BudgetLinePlannedData, FinancialTransactionRecordedData } from './finance.ts';
import {
  GateConditionSatisfiedData,
  GateDecisionRecordedData,
  GateDecisionRecordedDataV1,
  GateReviewScheduledData,
  upcastGateDecisionRecordedV1,
} from './gates.ts';
import {
  DelegationVisitCompletedData,
  DelegationVisitPlannedData,
  ExpertMeetingHeldData,
  ExpertMissionConductedData,
  NetworkMeetingHeldData,
  StakeholderMeetingHeldData,
} from './meetings.ts';
import {
  ExpertJoinedGovernanceBodyData,
  GovernanceBodyEstablishedData,
  ParticipantRegisteredData,
  StakeholderInvolvementRecordedData,
} from './participants.ts';
import {
  DocumentLinkedData,
  DocumentLinkedDataV1,
  ProgrammeCancelledData,
  ProgrammeClosedData,
  ProgrammeRegisteredData,
  ProgrammeRegisteredDataV1,
  ProgrammeResumedData,
  ProgrammeSuspendedData,
  ProgrammeSuspendedDataV1,
  upcastDocumentLinkedV1,
  upcastProgrammeRegisteredV1,
  upcastProgrammeSuspendedV1,
} from './programme.ts';
import { RoleGrantedData, RoleRevokedData } from './roles.ts';
import {
  CommonUnderstandingRecordedData,
  ImplementationThemeSelectedData,
  KnowledgeTransferActivityHeldData,
} from './results.ts';

/** The reference workflow's event catalogue: each event type's `data` schema and that schema's version. */
export const catalogue = {
  // Version 2 added the registered "several" (ktActivitiesTarget); version-1 payloads are lifted unchanged.
  ProgrammeRegistered: {
    schema: ProgrammeRegisteredData,
    version: 2,
    upcasters: { 1: upcastProgrammeRegisteredV1 },
    schemas: { 1: ProgrammeRegisteredDataV1 },
  },
  // Version 2 added the suspension's category; version-1 payloads (programme@1 logs) are lifted on read.
  ProgrammeSuspended: {
    schema: ProgrammeSuspendedData,
    version: 2,
    upcasters: { 1: upcastProgrammeSuspendedV1 },
    schemas: { 1: ProgrammeSuspendedDataV1 },
  },
  ProgrammeResumed: { schema: ProgrammeResumedData, version: 1 },
  ProgrammeCancelled: { schema: ProgrammeCancelledData, version: 1 },
  ProgrammeClosed: { schema: ProgrammeClosedData, version: 1 },
  // Version 2 added the document's file format (IATI document-link/@format); version-1 links are lifted without one.
  DocumentLinked: {
    schema: DocumentLinkedData,
    version: 2,
    upcasters: { 1: upcastDocumentLinkedV1 },
    schemas: { 1: DocumentLinkedDataV1 },
  },
  ParticipantRegistered: { schema: ParticipantRegisteredData, version: 1 },
  StakeholderInvolvementRecorded: { schema: StakeholderInvolvementRecordedData, version: 1 },
  GovernanceBodyEstablished: { schema: GovernanceBodyEstablishedData, version: 1 },
  ExpertJoinedGovernanceBody: { schema: ExpertJoinedGovernanceBodyData, version: 1 },
  NetworkMeetingHeld: { schema: NetworkMeetingHeldData, version: 1 },
  DelegationVisitPlanned: { schema: DelegationVisitPlannedData, version: 1 },
  DelegationVisitCompleted: { schema: DelegationVisitCompletedData, version: 1 },
  ExpertMeetingHeld: { schema: ExpertMeetingHeldData, version: 1 },
  StakeholderMeetingHeld: { schema: StakeholderMeetingHeldData, version: 1 },
  ExpertMissionConducted: { schema: ExpertMissionConductedData, version: 1 },
  GateReviewScheduled: { schema: GateReviewScheduledData, version: 1 },
  // Version 2 lets a condition have several owners (ownerOrgIds); version-1 payloads are lifted on read.
  GateDecisionRecorded: {
    schema: GateDecisionRecordedData,
    version: 2,
    upcasters: { 1: upcastGateDecisionRecordedV1 },
    schemas: { 1: GateDecisionRecordedDataV1 },
  },
  GateConditionSatisfied: { schema: GateConditionSatisfiedData, version: 1 },
  AgreementProposed: { schema: AgreementProposedData, version: 1 },
  AgreementSigned: { schema: AgreementSignedData, version: 1 },
  AgreementEnded: { schema: AgreementEndedData, version: 1 },
  BudgetLinePlanned: { schema: BudgetLinePlannedData, version: 1 },
  FinancialTransactionRecorded: { schema: FinancialTransactionRecordedData, version: 1 },
  CommonUnderstandingRecorded: { schema: CommonUnderstandingRecordedData, version: 1 },
  ImplementationThemeSelected: { schema: ImplementationThemeSelectedData, version: 1 },
  KnowledgeTransferActivityHeld: { schema: KnowledgeTransferActivityHeldData, version: 1 },
  RoleGranted: { schema: RoleGrantedData, version: 1 },
  RoleRevoked: { schema: RoleRevokedData, version: 1 },
} as const satisfies Record<
  string,
  {
    schema: z.ZodType;
    version: number;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an upcaster takes the older payload, whatever its shape
    upcasters?: Record<number, (data: any) => unknown>;
    schemas?: Record<number, z.ZodType>;
  }
>;

/** The name of an event type in the catalogue, e.g. `'GateDecisionRecorded'`. */
export type ProgrammeEventType = keyof typeof catalogue;

/**
 * The parsed `data` payload of the catalogue's event type `TType` (the root entry's `EventData` is any envelope's
 * untyped `data`).
 */
export type ProgrammeEventData<TType extends ProgrammeEventType> = z.infer<(typeof catalogue)[TType]['schema']>;

// Every payload schema (with its type of the same name), as the modules above define them.
export * from './agreements.ts';
export * from './finance.ts';
export * from './gates.ts';
export * from './meetings.ts';
export * from './participants.ts';
export * from './programme.ts';
export * from './results.ts';
export * from './roles.ts';
export {
  CurrencyCode,
  DocumentCategoryCode,
  EventId,
  IatiIdentifier,
  IatiRole,
  IsoDate,
  LanguageCode,
  LocalId,
  Money,
  OrgRef,
  OrgTypeCode,
  Person,
  SectorCode,
  ShortText,
  Side,
  Text,
} from './common.ts';
