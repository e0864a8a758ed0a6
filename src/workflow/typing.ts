/**
 * Types that carry a workflow's machine and event catalogue to the caller: the proposals `record` takes, the context
 * and state value `state()` returns. A workflow typed as plain {@link AnyWorkflow} (a registry read from a
 * configuration, say) falls back to `unknown` proposals that are checked at run time only.
 */
import type { AnyStateMachine, ContextFrom, SnapshotFrom, StateValueFrom } from 'xstate';
import type { z } from 'zod';
import type { Proposal, RecordedEvent } from '../envelope/envelope.ts';
import type { EventCatalogue, Workflow } from './defineWorkflow.ts';
import type { WorkflowMigratedData, workflowMigratedType } from './migration.ts';
import type { StreamState } from '../engine/streamState.ts';

/** Any workflow, whatever its machine and catalogue: what the engine's internals and the CLI work with. */
export type AnyWorkflow = Workflow<AnyStateMachine, EventCatalogue, string>;

/** The XState machine of a workflow (a union of machines for a union of workflow versions). */
export type MachineOf<TWorkflow> =
  TWorkflow extends Workflow<infer TMachine, EventCatalogue, string> ? TMachine : never;

/** The event catalogue of a workflow. */
export type CatalogueOf<TWorkflow> =
  TWorkflow extends Workflow<AnyStateMachine, infer TCatalogue, string> ? TCatalogue : never;

/** The state keys a workflow hides from its state paths (`'running'` for the programme); `string` when not literal. */
export type HiddenStatesOf<TWorkflow> =
  TWorkflow extends Workflow<AnyStateMachine, EventCatalogue, infer THidden> ? THidden : never;

/** The event type names of a catalogue, e.g. `'ProgrammeRegistered' | 'GateDecisionRecorded' | ...`. */
export type EventTypeOf<TCatalogue extends EventCatalogue> = keyof TCatalogue & string;

/**
 * The proposals a catalogue accepts: one member per event type, its `data` as the type's zod schema takes it in.
 * @example
 * type GrantProposal = ProposalOf<typeof grantCatalogue>;
 * const p: GrantProposal = { type: 'GrantDrafted', occurredAt: '2026-03-01', actor, data: { title: 'Wind' } };
 */
export type ProposalOf<TCatalogue extends EventCatalogue> = {
  [TType in EventTypeOf<TCatalogue>]: Proposal<TType, z.input<TCatalogue[TType]['schema']>>;
}[EventTypeOf<TCatalogue>];

/** A stored event of a catalogue: one member per event type, its `data` as the type's zod schema gives it out. */
export type RecordedEventOf<TCatalogue extends EventCatalogue> = {
  [TType in EventTypeOf<TCatalogue>]: RecordedEvent<TType, z.output<TCatalogue[TType]['schema']>>;
}[EventTypeOf<TCatalogue>];

/** A proposal of the engine's own event type, known to every workflow: `WorkflowMigrated`. */
export type MigrationProposal = Proposal<typeof workflowMigratedType, z.input<typeof WorkflowMigratedData>>;

/**
 * What `record` takes for a workflow (or a union of its versions): {@link ProposalOf} its catalogue or a
 * {@link MigrationProposal}; `unknown` when the catalogue is only known as `Record<string, ...>` (then the engine's
 * run-time validation is the only check, as it is for every proposal anyway).
 */
export type WorkflowProposal<TWorkflow extends AnyWorkflow> = TWorkflow extends unknown
  ? string extends EventTypeOf<CatalogueOf<TWorkflow>>
    ? unknown
    : ProposalOf<CatalogueOf<TWorkflow>> | MigrationProposal
  : never;

/** The context of a workflow's machine. */
export type WorkflowContext<TWorkflow extends AnyWorkflow> = ContextFrom<MachineOf<TWorkflow>>;

/** The state value of a workflow's machine, e.g. `'unregistered' | { running: { development: 'active' | 'gate' } }`. */
export type WorkflowStateValue<TWorkflow extends AnyWorkflow> = StateValueFrom<MachineOf<TWorkflow>>;

/** The XState snapshot of a workflow's machine. */
export type WorkflowSnapshot<TWorkflow extends AnyWorkflow> = SnapshotFrom<MachineOf<TWorkflow>>;

/**
 * The dotted state paths of a state value type, without the `THidden` wrapper keys: `'open' | 'done'`, or
 * `'feasibility' | 'feasibility.active' | ...` for `{ running?: { feasibility?: 'active' | 'gate' } }` with `running`
 * hidden. A compound state's own path is included (XState's state value type does not tell leaves apart). `string`
 * where the value or the hidden keys are not known literally (an untyped machine), so untyped use stays open.
 */
export type StatePathsOfValue<TValue, THidden extends string> = string extends THidden
  ? string
  : string extends TValue
    ? string
    : TValue extends string
      ? TValue extends THidden
        ? never
        : TValue
      : TValue extends object
        ? {
            [TKey in keyof TValue & string]-?: TKey extends THidden
              ? StatePathsOfValue<NonNullable<TValue[TKey]>, THidden>
              : `${TKey}.${StatePathsOfValue<NonNullable<TValue[TKey]>, THidden>}`;
          }[keyof TValue & string]
        : never;

/**
 * The state paths of a workflow as `state()` names them (`StreamState.state`) and `thenState` takes them, e.g.
 * `'unregistered' | 'feasibility.active' | 'development.gate' | ...` for the programme (whose `running` is hidden).
 */
export type StatePathOf<TWorkflow extends AnyWorkflow> = TWorkflow extends unknown
  ? StatePathsOfValue<StateValueFrom<MachineOf<TWorkflow>>, HiddenStatesOf<TWorkflow>>
  : never;

/** The stream state of a workflow: its machine's context, state value and snapshot, and its state paths. */
export type WorkflowState<TWorkflow extends AnyWorkflow> = StreamState<MachineOf<TWorkflow>, StatePathOf<TWorkflow>>;
