import type { z } from 'zod';
import type { EventDefinition } from '../src/workflow/defineWorkflow.ts';
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

/** One event type of the catalogue: its payload schema (typed by the payload's own type), version and upcasters. */
export type CatalogueEntry<TSchema extends z.ZodType> = EventDefinition & { readonly schema: TSchema };

/** An event type at version 2 whose version-1 payloads (`TOld`) are lifted by an upcaster. */
export type UpcastEntry<TSchema extends z.ZodType, TOld extends z.ZodType> = CatalogueEntry<TSchema> & {
  readonly upcasters: { readonly 1: (data: z.output<TOld>) => z.output<TSchema> };
  readonly schemas: { readonly 1: TOld };
};

/** The type of {@link catalogue}, written out so the entry's declarations need no inference (tsconfig.isolated.json). */
export type ProgrammeCatalogue = {
  readonly ProgrammeRegistered: UpcastEntry<typeof ProgrammeRegisteredData, typeof ProgrammeRegisteredDataV1>;
  readonly ProgrammeSuspended: UpcastEntry<typeof ProgrammeSuspendedData, typeof ProgrammeSuspendedDataV1>;
  readonly ProgrammeResumed: CatalogueEntry<typeof ProgrammeResumedData>;
  readonly ProgrammeCancelled: CatalogueEntry<typeof ProgrammeCancelledData>;
  readonly ProgrammeClosed: CatalogueEntry<typeof ProgrammeClosedData>;
  readonly DocumentLinked: UpcastEntry<typeof DocumentLinkedData, typeof DocumentLinkedDataV1>;
  readonly ParticipantRegistered: CatalogueEntry<typeof ParticipantRegisteredData>;
  readonly StakeholderInvolvementRecorded: CatalogueEntry<typeof StakeholderInvolvementRecordedData>;
  readonly GovernanceBodyEstablished: CatalogueEntry<typeof GovernanceBodyEstablishedData>;
  readonly ExpertJoinedGovernanceBody: CatalogueEntry<typeof ExpertJoinedGovernanceBodyData>;
  readonly NetworkMeetingHeld: CatalogueEntry<typeof NetworkMeetingHeldData>;
  readonly DelegationVisitPlanned: CatalogueEntry<typeof DelegationVisitPlannedData>;
  readonly DelegationVisitCompleted: CatalogueEntry<typeof DelegationVisitCompletedData>;
  readonly ExpertMeetingHeld: CatalogueEntry<typeof ExpertMeetingHeldData>;
  readonly StakeholderMeetingHeld: CatalogueEntry<typeof StakeholderMeetingHeldData>;
  readonly ExpertMissionConducted: CatalogueEntry<typeof ExpertMissionConductedData>;
  readonly GateReviewScheduled: CatalogueEntry<typeof GateReviewScheduledData>;
  readonly GateDecisionRecorded: UpcastEntry<typeof GateDecisionRecordedData, typeof GateDecisionRecordedDataV1>;
  readonly GateConditionSatisfied: CatalogueEntry<typeof GateConditionSatisfiedData>;
  readonly AgreementProposed: CatalogueEntry<typeof AgreementProposedData>;
  readonly AgreementSigned: CatalogueEntry<typeof AgreementSignedData>;
  readonly AgreementEnded: CatalogueEntry<typeof AgreementEndedData>;
  readonly BudgetLinePlanned: CatalogueEntry<typeof BudgetLinePlannedData>;
  readonly FinancialTransactionRecorded: CatalogueEntry<typeof FinancialTransactionRecordedData>;
  readonly CommonUnderstandingRecorded: CatalogueEntry<typeof CommonUnderstandingRecordedData>;
  readonly ImplementationThemeSelected: CatalogueEntry<typeof ImplementationThemeSelectedData>;
  readonly KnowledgeTransferActivityHeld: CatalogueEntry<typeof KnowledgeTransferActivityHeldData>;
  readonly RoleGranted: CatalogueEntry<typeof RoleGrantedData>;
  readonly RoleRevoked: CatalogueEntry<typeof RoleRevokedData>;
};

/** The reference workflow's event catalogue: each event type's `data` schema and that schema's version. */
export const catalogue: ProgrammeCatalogue = {
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
};

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
