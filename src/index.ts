/**
 * phasegate: an event-sourced workflow engine for phase-gated programmes, on XState v5.
 * The public API: explicit named exports only.
 */
export { createEngine } from './engine/createEngine.ts';
export type { Engine, EngineOptions, RecordOptions, Recorded } from './engine/createEngine.ts';
export type { EventSigner } from './engine/sealing.ts';
export type { StreamState } from './engine/streamState.ts';
export { streamStateJson } from './engine/streamState.ts';
export type { PointInTime } from './engine/timeTravel.ts';

export { defineWorkflow } from './workflow/defineWorkflow.ts';
export type {
  CriterionReport,
  Describe,
  EventCatalogue,
  GateReport,
  GateReporter,
  SampleEvents,
  StateKey,
  EventDefinition,
  Upcaster,
  Workflow,
  WorkflowDefinition,
} from './workflow/defineWorkflow.ts';
export type { FoldMode, FoldPlan } from './workflow/fold/foldPlan.ts';
export type {
  AnyWorkflow,
  CatalogueOf,
  EventTypeOf,
  HiddenStatesOf,
  MachineOf,
  MigrationProposal,
  ProposalOf,
  RecordedEventOf,
  StatePathOf,
  StatePathsOfValue,
  WorkflowContext,
  WorkflowProposal,
  WorkflowSnapshot,
  WorkflowState,
  WorkflowStateValue,
} from './workflow/typing.ts';
export { createWorkflowRegistry } from './workflow/registry.ts';
export type { WorkflowRegistry } from './workflow/registry.ts';
export { explainedGuards, holds, reasonsOf } from './workflow/guards.ts';
export type { GuardArgs, GuardRule, GuardSelector, GuardSpec } from './workflow/guards.ts';
export { authorize } from './workflow/policy.ts';
export type { PolicyRule, RolePolicy } from './workflow/policy.ts';
export { decide, explain, statesAccepting } from './workflow/decide.ts';
export type { Candidate, Decision } from './workflow/decide.ts';
export { applyRecorded, initialSnapshot, replay, upcast } from './workflow/replay.ts';
export { persistSnapshot, restoreSnapshot } from './workflow/snapshot.ts';
export type { ContextCodec } from './workflow/contextCodec.ts';
export { activeStateNodes, leafPaths, stateLabel, stateText } from './workflow/statePath.ts';
export type {
  DossierProjection,
  ReportCell,
  ReportFact,
  ReportSection,
  ReportState,
  StreamReport,
} from './workflow/report.ts';
export type { Presentation, PresentedEvent, PresentedFact } from './workflow/presentation.ts';
export { WorkflowMigratedData, engineEventTypes, workflowMigratedType } from './workflow/migration.ts';
export {
  ProposalRefusedData,
  isRefusalsStream,
  proposalRefusedType,
  refusalsStreamOf,
  refusalsWorkflow,
} from './workflow/refusalsWorkflow.ts';

export { defineProjection, ownEntry, projectEvents } from './projections/projection.ts';
export type { Projection, ProjectionHandler } from './projections/projection.ts';
export { validateProposal } from './workflow/validate.ts';
export { isIn, requiredFields, resolveState, shortestPathTo, whatNext } from './workflow/next.ts';
export type {
  NextActor,
  NextEvent,
  NextReport,
  NotNowEvent,
  PathOptions,
  PathReport,
  PathStep,
} from './workflow/next.ts';
export { dayOf, endOf, isDateOnly, isOnOrBefore, startOf } from './workflow/dates.ts';

export { guardNames, guardParts, guardText } from './workflow/guardParts.ts';
export type { NamedGuard } from './workflow/guardParts.ts';

export { canonicalJson, encodeEvent, factKey, hashEvent, sha256Hex } from './envelope/canonical.ts';
export { GENESIS_HASH } from './envelope/envelope.ts';
export type {
  Actor,
  EventData,
  PositionedEvent,
  Proposal,
  RecordedEvent,
  Signature,
  UnhashedEvent,
} from './envelope/envelope.ts';
export { defaultLimits } from './envelope/limits.ts';
export type { InputLimits } from './envelope/limits.ts';
export { assertSafeJson, parseProposalsText, parseUntrustedJson } from './envelope/parse.ts';
export { createEventId, isEventId, isStreamId } from './ids.ts';
export type { EventId, Flavour, GlobalPosition, Seq, StreamId, WorkflowRef } from './ids.ts';

export type {
  AppendOutcome,
  EventHandler,
  EventStore,
  StoredSnapshot,
  StreamHead,
  StreamRange,
  SubscribeOptions,
  Subscription,
} from './store/eventStore.ts';
export { createMemoryEventStore } from './store/memoryEventStore.ts';
export { openStore } from './store/openStore.ts';
export type { OpenStoreOptions } from './store/openStore.ts';
export { assertChain, createChainChecker } from './store/assertChain.ts';
export type { ChainChecker, ChainHead } from './store/assertChain.ts';

export {
  IdempotencyConflictError,
  IntegrityError,
  InvalidInputError,
  PhasegateError,
  RefusedError,
  SnapshotError,
  StoreError,
  StoreNotFoundError,
  UnknownWorkflowError,
  UsageError,
  WorkflowDefinitionError,
  VersionConflictError,
  isVersionConflictError,
} from './errors.ts';
export type { ErrorCode, InputIssue, Refusal, RefusalReason } from './errors.ts';
