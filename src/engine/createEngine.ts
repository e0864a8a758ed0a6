import type { AnyMachineSnapshot } from 'xstate';
import { InvalidInputError, isVersionConflictError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { KeyRegistry } from '../audit/keys.ts';
import { authenticator } from './authentication.ts';
import { defaultLimits, type InputLimits } from '../envelope/limits.ts';
import type { Seq, StreamId } from '../ids.ts';
import type { EventStore } from '../store/eventStore.ts';
import { createWorkflowRegistry, isWorkflowRegistry, type WorkflowRegistry } from '../workflow/registry.ts';
import type { AnyWorkflow, WorkflowProposal, WorkflowState } from '../workflow/typing.ts';
import { assertRecordable, batchValidator } from './batchInput.ts';
import { runEffects } from './effects.ts';
import { recordAttempt, type BatchRequest, type RecordParts } from './recordAttempt.ts';
import { retryLostRaces } from './retry.ts';
import type { EventSigner } from './sealing.ts';
import { createStreamCache } from './streamCache.ts';
import { streamIdProblem } from './streamFold.ts';
import { stateAt, type PointInTime } from './timeTravel.ts';

/** What {@link createEngine} needs; typed by the workflows it decides with. */
export type EngineOptions<TWorkflow extends AnyWorkflow = AnyWorkflow> = {
  /** One workflow, several versions, or a registry; new streams start under the newest version of the first name. */
  readonly workflows: TWorkflow | readonly TWorkflow[] | WorkflowRegistry<TWorkflow>;
  readonly store: EventStore;
  /** The engine's only clock: `recordedAt` comes from here. @defaultValue `() => new Date()` */
  readonly clock?: () => Date;
  readonly limits?: InputLimits;
  /** Persist a snapshot after this many events were folded from the tail. @defaultValue 64 */
  readonly snapshotEvery?: number;
  /** How often a record without `expectedSeq` re-reads and re-decides after losing a race. @defaultValue 100 */
  readonly maxRetries?: number;
  /** Effects by action name: run once, after the event that asked for them is stored; never during replay. */
  readonly effects?: Readonly<Record<string, (params: unknown, event: RecordedEvent) => void | Promise<void>>>;
  /**
   * Called after every successful append with the stored events, the new state, and the snapshot after each event
   * (same order as `events`; what an inspector shows step by step).
   */
  readonly onRecorded?: (
    events: readonly RecordedEvent[],
    state: WorkflowState<TWorkflow>,
    snapshots: readonly AnyMachineSnapshot[],
  ) => void | Promise<void>;
  /** Where an effect's failure goes (the event is stored regardless). @defaultValue a process warning */
  readonly onEffectError?: (error: unknown, event: RecordedEvent) => void;
  /**
   * Signs every appended event (e.g. `createSigner(keys)` from the audit API: Ed25519 over its hash). Optional:
   * without it events are stored unsigned.
   */
  readonly signer?: EventSigner;
  /**
   * The public keys of the organisations that record (a `phasegate-keys/1` registry, `parseKeyRegistry`). With it, an
   * event is accepted only when its signature verifies with a key of its actor valid at `recordedAt`; an unsigned
   * event only when its actor holds no key then (unless `requireSignatures`). A refusal is `forbidden` (README,
   * "Who the actor is: authentication").
   */
  readonly keys?: KeyRegistry;
  /** With `keys`: every event must be signed with a valid key of its actor (without `keys`: a UsageError). @defaultValue false */
  readonly requireSignatures?: boolean;
  /**
   * Append every refused proposal (role or workflow said no) as a `ProposalRefused` event to `<stream>.refusals`,
   * never to the stream itself. Invalid input is not a refusal and is not recorded. @defaultValue false
   */
  readonly recordRefusals?: boolean;
};

/** Options of one `record` call. */
export type RecordOptions = {
  /** The seq the caller last saw (0: a new stream). A stale value is a conflict and nothing is written. */
  readonly expectedSeq?: Seq;
  /**
   * The workflow a new stream starts under: `name@version`, or a bare `name` for its newest version. Ignored for a
   * stream that has events (it stays under its own version). @defaultValue the newest version of the first name
   */
  readonly workflow?: string;
  /** Told after each proposal of the batch is decided (for a progress bar, as `phasegate record` draws on a terminal). */
  readonly onDecided?: (decided: number, total: number) => void;
};

/** The result of recording: the stored events and the stream's state after them. */
export type Recorded<TWorkflow extends AnyWorkflow = AnyWorkflow> = {
  readonly events: readonly RecordedEvent[];
  readonly state: WorkflowState<TWorkflow>;
};

/**
 * The engine: the one place that reads the clock, authorizes, appends and runs effects. Typed by its workflows: a
 * proposal of a type the catalogue lacks, or with a payload its schema rejects, does not compile, and `state()` has the
 * machine's context and state value. (A `<stream>.refusals` stream's state is the built-in refusals workflow's.)
 */
export type Engine<TWorkflow extends AnyWorkflow = AnyWorkflow> = {
  /**
   * Decides and appends one proposal. Returns the stored event and the new state. Throws `InvalidInputError` (bad
   * input), `RefusedError` (role or workflow said no), `VersionConflictError` (stale `expectedSeq`),
   * `IdempotencyConflictError` (id reused for another fact). A refusal stores nothing.
   */
  record(
    stream: StreamId,
    proposal: WorkflowProposal<TWorkflow>,
    options?: RecordOptions,
  ): Promise<Recorded<TWorkflow> & { readonly event: RecordedEvent }>;
  /** Decides proposals in order and appends them as one atomic batch: all are stored, or none. */
  recordBatch(
    stream: StreamId,
    proposals: readonly WorkflowProposal<TWorkflow>[],
    options?: RecordOptions,
  ): Promise<Recorded<TWorkflow>>;
  /** Returns the state at the head: a cached snapshot plus the events recorded since. */
  state(stream: StreamId): Promise<WorkflowState<TWorkflow>>;
  /** Returns the state after a prefix of the stream: `{ seq }`, `{ asOf }` (occurred by) or `{ knownAt }` (recorded by). */
  stateAt(stream: StreamId, at: PointInTime): Promise<WorkflowState<TWorkflow>>;
  readonly registry: WorkflowRegistry<TWorkflow>;
  readonly store: EventStore;
  /** Closes the store. */
  close(): Promise<void>;
};

/**
 * Returns an engine over a store and the workflows it may decide with.
 * @example
 * const engine = createEngine({ workflows: programme, store: await openStore('lcz.db') });
 * const { event, state } = await engine.record('lcz-shenzhen', proposal);
 */
export function createEngine<TWorkflow extends AnyWorkflow>(options: EngineOptions<TWorkflow>): Engine<TWorkflow> {
  const { store } = options;
  const registry = registryOf(options.workflows);
  const clock = options.clock ?? (() => new Date());
  const limits = options.limits ?? defaultLimits;
  const maxRetries = options.maxRetries ?? 100;
  const parts: RecordParts = {
    store,
    cache: createStreamCache(store, registry, options.snapshotEvery ?? 64),
    registry,
    limits,
    clock,
    maxRetries,
    signer: options.signer,
    authenticate: authenticator(options),
    recordRefusals: options.recordRefusals === true,
    // The registry hands out TWorkflow's versions only, so every state it folds is of one of their machines;
    // TypeScript cannot follow a machine type through the registry's lookup by ref, so the typed view is asserted
    // where a state leaves the engine: here (for onRecorded) and on the engine itself, below.
    afterAppend: (steps, state) => runEffects(options, steps, state as WorkflowState<TWorkflow>),
  };
  const { cache } = parts;

  /** Validates, then records in attempts: a lost race is retried (without expectedSeq) against the new head. */
  async function recordBatch(
    stream: StreamId,
    inputs: readonly unknown[],
    opts: RecordOptions = {},
  ): Promise<Recorded> {
    assertRecordable(stream, inputs.length, limits, parts.recordRefusals);
    const batch: BatchRequest = {
      stream,
      size: inputs.length,
      proposalsUnder: batchValidator(inputs, limits),
      expectedSeq: opts.expectedSeq,
      workflow: opts.workflow,
      onDecided: opts.onDecided,
    };
    // With the caller's own expected seq a lost race is the caller's to settle: it is thrown, never retried.
    const retryable = (error: unknown) => opts.expectedSeq === undefined && isVersionConflictError(error);
    return retryLostRaces(maxRetries, () => recordAttempt(parts, batch), retryable);
  }

  const engine: Engine = {
    registry,
    store,
    async record(stream, proposal, opts) {
      const recorded = await recordBatch(stream, [proposal], opts);
      return { ...recorded, event: recorded.events[0]! };
    },
    recordBatch,
    async state(stream) {
      const problem = streamIdProblem(stream);
      if (problem) throw new InvalidInputError(problem);
      return (await cache.load(stream)).state;
    },
    async stateAt(stream, at) {
      const problem = streamIdProblem(stream);
      if (problem) throw new InvalidInputError(problem);
      return stateAt(store, registry, stream, at);
    },
    close: () => store.close(),
  };
  // The typed view of the untyped engine (see `afterAppend` above).
  return engine as Engine<TWorkflow>;
}

function registryOf<TWorkflow extends AnyWorkflow>(
  workflows: TWorkflow | readonly TWorkflow[] | WorkflowRegistry<TWorkflow>,
): WorkflowRegistry<TWorkflow> {
  if (isWorkflowRegistry(workflows)) return workflows;
  return createWorkflowRegistry(isWorkflowList(workflows) ? workflows : [workflows]);
}

function isWorkflowList<TWorkflow extends AnyWorkflow>(
  workflows: TWorkflow | readonly TWorkflow[],
): workflows is readonly TWorkflow[] {
  return Array.isArray(workflows);
}
