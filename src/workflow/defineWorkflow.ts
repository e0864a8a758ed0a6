import type { AnyMachineSnapshot, AnyStateMachine, ContextFrom, EventFrom, SnapshotFrom } from 'xstate';
import type { ZodType } from 'zod';
import { WorkflowDefinitionError } from '../errors.ts';
import type { UnhashedEvent } from '../envelope/envelope.ts';
import type { WorkflowRef } from '../ids.ts';
import { contextProblems, type ContextCodec } from './contextCodec.ts';
import { checkDefinition, isWorkflowName, workflowNameRule } from './definitionChecks.ts';
import type { GuardSpec } from './guards.ts';
import type { RolePolicy } from './policy.ts';
import type { Presentation } from './presentation.ts';
import type { DossierProjection } from './report.ts';
import { planFold, type FoldMode, type FoldPlan } from './fold/foldPlan.ts';

/** Lifts a payload written under schema version `n` to version `n + 1`. Pure. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an upcaster reads a payload of an older schema, typed by its author
export type Upcaster = (data: any) => unknown;

/** One event type of a workflow: its payload schema, that schema's version, and upcasters from older versions. */
export type EventDefinition = {
  readonly schema: ZodType;
  readonly version: number;
  /** `upcasters[n]` lifts a version-`n` payload to version `n + 1`. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
  /** The payload schemas of older versions, by version, so an audit can check an old payload as it was written. */
  readonly schemas?: Readonly<Record<number, ZodType>>;
};

/** The event types a workflow accepts, by type name. */
export type EventCatalogue = Readonly<Record<string, EventDefinition>>;

/** Key facts of a snapshot, for people: label to value, in display order. */
export type Describe<TMachine extends AnyStateMachine> = (snapshot: SnapshotFrom<TMachine>) => Record<string, string>;

/** One criterion of a gate, as the log shows it now: met, not met (with what is missing), or not checkable. */
export type CriterionReport = {
  readonly id: string;
  readonly text: string;
  readonly kind: 'must' | 'should';
  /** True or false when the recorded facts tell; null when only the reviewers can judge it. */
  readonly met: boolean | null;
  /** What is still missing when `met` is false. */
  readonly missing?: string;
};

/** A gate still ahead of a stream: its criteria as the log shows them now. */
export type GateReport = {
  readonly gate: string;
  /** `open`: a review is scheduled and awaits its decision; `next`: the gate the current phase ends with; `later`. */
  readonly status: 'open' | 'next' | 'later';
  /** The date it is due: the open review's date, or the target date the last decision set for it. */
  readonly due?: string;
  readonly criteria: readonly CriterionReport[];
};

/** Reports the gates still ahead of a snapshot, nearest first. Pure. */
export type GateReporter = (snapshot: AnyMachineSnapshot) => readonly GateReport[];

/**
 * Returns events (whole envelopes, payloads included) worth trying in a snapshot: what a path search (`next --to`)
 * and model-based tests send. Pure; a function of the snapshot's {@link StateKey} so that searches stay sound.
 */
export type SampleEvents = (snapshot: AnyMachineSnapshot) => readonly UnhashedEvent[];

/**
 * Returns the key of a snapshot for path search: the state value (and history) plus, in a finite form, the context
 * the guards and {@link SampleEvents} read. Two snapshots with one key must accept the same sample events.
 */
export type StateKey = (snapshot: AnyMachineSnapshot) => string;

/** What {@link defineWorkflow} needs. */
export type WorkflowDefinition<
  TMachine extends AnyStateMachine = AnyStateMachine,
  TCatalogue extends EventCatalogue = EventCatalogue,
  THidden extends string = string,
> = {
  /** The workflow's name, e.g. `programme`; streams that start under it stay in its family. */
  readonly name: string;
  /** A positive integer; `name@version` is recorded in every event accepted under it. */
  readonly version: number;
  /** An XState v5 machine with no `invoke`, `spawn` or `after`: replay must be pure. */
  readonly machine: TMachine;
  /** Every event type the machine takes, with its payload schema: proposals are typed and validated from it. */
  readonly catalogue: TCatalogue;
  readonly policy: RolePolicy;
  /** The spec of the machine's guards, from `explainedGuards`, so refusals can quote their reasons. */
  readonly guards: GuardSpec;
  /**
   * State keys left out of dotted state paths (wrappers that exist only for history, say). Written as a literal
   * (`['running']` or an `as const` array) they are left out of the typed state paths too (`StatePathOf`).
   */
  readonly hiddenStates?: readonly THidden[];
  readonly describe?: Describe<TMachine>;
  /** The read model an audit dossier shows for a stream of this workflow (timeline, decisions, results, ...). */
  readonly dossier?: DossierProjection;
  /** Input for the machine's initial snapshot. */
  readonly input?: unknown;
  /**
   * How the context is written into persisted snapshots and read back, for a context that is not plain JSON (a Set,
   * a Map, a Date, a class). Without it the context must survive a JSON round trip, which is checked on the
   * initial context; a later context that does not is not snapshotted (the engine replays instead).
   */
  readonly codec?: ContextCodec<ContextFrom<TMachine>>;
  /**
   * The roles an organisation holds in a snapshot, where the workflow records them (grants in the log); `next --as`
   * asks it. Without it, the roles are those the log shows the organisation recording in.
   */
  readonly rolesHeld?: (snapshot: AnyMachineSnapshot, orgId: string) => readonly string[];
  /** How the programme page speaks of the stream to people: names, events and key facts in words. */
  readonly presentation?: Presentation;
  /** The gates ahead and their criteria, for `next` and the programme page. */
  readonly gates?: GateReporter;
  /**
   * Events to try for `next`: at least one of each type that could be accepted now (and, where the workflow can tell,
   * one of each type that cannot, so the refusal says why). Falls back to `sampleEvents`.
   */
  readonly probeEvents?: SampleEvents;
  /** Sample events for path search (`next --to`) and model-based tests. */
  readonly sampleEvents?: SampleEvents;
  /** The path-search key of a snapshot; without it, the value and the whole context (which may not terminate). */
  readonly stateKey?: StateKey;
  /**
   * How replay and decisions fold events: `auto` (default) compiles the machine into a transition table when it
   * uses only what the compiler handles and falls back to XState otherwise (the reason is in `workflow.fold`);
   * `compiled` makes an unsupported machine an error; `xstate` always folds with XState's `machine.transition`.
   */
  readonly foldWith?: FoldMode;
  /**
   * What the definition's warnings become (a catalogue entry no transition uses, an `or`/`not` guard whose refusals
   * cannot give reasons): `console` writes each with `console.warn`, `errors` makes them errors, `nothing` keeps
   * them only in the workflow's `warnings`. @defaultValue `console`
   */
  readonly warningsAs?: 'console' | 'errors' | 'nothing';
};

/**
 * A workflow ready for the engine: a definition plus its `ref` (`name@version`). Its type carries the machine and the
 * catalogue (and its literal hidden states), so an engine over it takes typed proposals and returns typed state
 * (see `ProposalOf`, `StatePathOf`).
 */
export type Workflow<
  TMachine extends AnyStateMachine = AnyStateMachine,
  TCatalogue extends EventCatalogue = EventCatalogue,
  THidden extends string = string,
> = Omit<WorkflowDefinition<TMachine, TCatalogue, THidden>, 'warningsAs' | 'hiddenStates'> & {
  readonly ref: WorkflowRef;
  readonly hiddenStates: readonly THidden[];
  /** How this workflow folds events: compiled, or XState and why (see {@link WorkflowDefinition.foldWith}). */
  readonly fold: FoldPlan;
  /** What the definition checks warned about (empty for a clean definition). */
  readonly warnings: readonly string[];
};

/**
 * The event types a machine takes that its catalogue lacks, as required catalogue entries: a machine event type with
 * no entry is then a compile error naming it ("Property 'X' is missing"), before defineWorkflow's run-time check.
 */
type CoveredEvents<TMachine extends AnyStateMachine> = {
  readonly catalogue: { readonly [TType in EventFrom<TMachine>['type']]: EventDefinition };
};

/**
 * Returns a workflow: an XState machine with its event catalogue, role policy and explained guards, named
 * `name@version`, typed by its machine and catalogue. Checks the parts against each other and throws a
 * {@link WorkflowDefinitionError} naming every problem: a name that breaks the naming rule, a machine that could not
 * replay purely (`invoke`, `after`), a guard the machine uses that the explained spec lacks, an inline guard, an event
 * type of the machine with no catalogue entry, a policy rule for an unknown event type, role or state, an initial
 * context that is not plain JSON without a `codec` (or a codec that does not round-trip it). A catalogue entry no
 * transition uses is a warning.
 */
export function defineWorkflow<
  TMachine extends AnyStateMachine,
  const TCatalogue extends EventCatalogue,
  const THidden extends string = never,
>(
  definition: WorkflowDefinition<TMachine, TCatalogue, THidden> & CoveredEvents<TMachine>,
): Workflow<TMachine, TCatalogue, THidden> {
  const label = `${String(definition.name)}@${String(definition.version)}`;
  const errors: string[] = [];
  if (!isWorkflowName(definition.name))
    errors.push(`the name "${String(definition.name)}" is not valid: ${workflowNameRule}`);
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    errors.push(`the version must be a positive integer (1, 2, ...), got ${String(definition.version)}`);
  }
  const ref: WorkflowRef = `${definition.name}@${definition.version}`;
  errors.push(...impurities(definition.machine));
  if (errors.length === 0) errors.push(...contextProblems(definition.machine, definition.input, definition.codec));
  const findings = checkDefinition(definition);
  errors.push(...findings.errors);
  const mode = definition.warningsAs ?? 'console';
  if (mode === 'errors') errors.push(...findings.warnings);
  if (errors.length > 0) throw new WorkflowDefinitionError(label, errors);
  if (mode === 'console')
    for (const warning of findings.warnings) console.warn(`phasegate: workflow ${label}: ${warning}`);
  const { warningsAs: _mode, ...rest } = definition;
  return {
    ...rest,
    hiddenStates: definition.hiddenStates ?? [],
    ref,
    fold: planFold(definition.machine, definition.foldWith, ref),
    warnings: findings.warnings,
  };
}

function impurities(machine: AnyStateMachine): string[] {
  const found: string[] = [];
  const visit = (node: AnyStateMachine['root']): void => {
    if (node.invoke.length > 0) found.push(impure(node.id, 'invoke'));
    if (node.after.length > 0) found.push(impure(node.id, 'after'));
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return found;
}

function impure(nodeId: string, what: string): string {
  return (
    `state "${nodeId}" uses ${what}: replay must be pure. ` +
    `Model timers and integrations as recorded events and effects outside the machine`
  );
}
