import { setTimeout as sleep } from 'node:timers/promises';
import type { AnyMachineSnapshot } from 'xstate';
import {
  IdempotencyConflictError,
  InvalidInputError,
  RefusedError,
  StoreError,
  VersionConflictError,
  isVersionConflictError,
} from '../errors.ts';
import { factKey } from '../envelope/canonical.ts';
import type { Proposal, RecordedEvent, UnhashedEvent } from '../envelope/envelope.ts';
import { defaultLimits, type InputLimits } from '../envelope/limits.ts';
import { createEventId, type Seq, type StreamId } from '../ids.ts';
import type { EventStore } from '../store/eventStore.ts';
import type { Workflow } from '../workflow/defineWorkflow.ts';
import { decide } from '../workflow/decide.ts';
import { isOnOrBefore } from '../workflow/dates.ts';
import { eventDefinitionOf } from '../workflow/migration.ts';
import { isRefusalsStream, refusalsStreamOf, refusalsSuffix } from '../workflow/refusalsWorkflow.ts';
import { createWorkflowRegistry, isWorkflowRegistry, type WorkflowRegistry } from '../workflow/registry.ts';
import { validateProposal } from '../workflow/validate.ts';
import { recordRefusal, refusalsStreamProblem } from './refusals.ts';
import { sealEvent, type EventSigner } from './sealing.ts';
import { matchStored } from '../store/appendPlan.ts';
import { createStreamCache } from './streamCache.ts';
import { emptyPosition, streamIdProblem, type FoldPosition } from './streamFold.ts';
import { toStreamState, type StreamState } from './streamState.ts';
import { stateAt, type PointInTime } from './timeTravel.ts';

/** What {@link createEngine} needs. */
export type EngineOptions = {
  /** One workflow, several versions, or a registry; new streams start under the newest version of the first name. */
  readonly workflows: Workflow | readonly Workflow[] | WorkflowRegistry;
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
    state: StreamState,
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
};

/** The result of recording: the stored events and the stream's state after them. */
export type Recorded = { readonly events: readonly RecordedEvent[]; readonly state: StreamState };

/** The engine: the one place that reads the clock, authorizes, appends and runs effects. */
export type Engine = {
  /**
   * Decides and appends one proposal. Returns the stored event and the new state. Throws `InvalidInputError` (bad
   * input), `RefusedError` (role or workflow said no), `VersionConflictError` (stale `expectedSeq`),
   * `IdempotencyConflictError` (id reused for another fact). A refusal stores nothing.
   */
  record(stream: StreamId, proposal: unknown, options?: RecordOptions): Promise<Recorded & { readonly event: RecordedEvent }>;
  /** Decides proposals in order and appends them as one atomic batch: all are stored, or none. */
  recordBatch(stream: StreamId, proposals: readonly unknown[], options?: RecordOptions): Promise<Recorded>;
  /** Returns the state at the head: a cached snapshot plus the events recorded since. */
  state(stream: StreamId): Promise<StreamState>;
  /** Returns the state after a prefix of the stream: `{ seq }`, `{ asOf }` (occurred by) or `{ knownAt }` (recorded by). */
  stateAt(stream: StreamId, at: PointInTime): Promise<StreamState>;
  readonly registry: WorkflowRegistry;
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
export function createEngine(options: EngineOptions): Engine {
  const { store } = options;
  const registry = isWorkflowRegistry(options.workflows)
    ? options.workflows
    : createWorkflowRegistry(Array.isArray(options.workflows) ? options.workflows : [options.workflows as Workflow]);
  const clock = options.clock ?? (() => new Date());
  const limits = options.limits ?? defaultLimits;
  const maxRetries = options.maxRetries ?? 100;
  const cache = createStreamCache(store, registry, options.snapshotEvery ?? 64);

  async function recordBatch(stream: StreamId, inputs: readonly unknown[], opts: RecordOptions = {}): Promise<Recorded> {
    const problem =
      streamIdProblem(stream) ??
      (isRefusalsStream(stream) ? `"${stream}" is a refusals stream: only the engine appends to "<stream>${refusalsSuffix}"` : null) ??
      (options.recordRefusals ? refusalsStreamProblem(stream) : null);
    if (problem) throw new InvalidInputError(problem, [{ path: 'stream', message: problem }]);
    if (inputs.length === 0) throw new InvalidInputError('Nothing to record: the batch is empty');
    if (inputs.length > limits.maxBatchEvents) {
      throw new InvalidInputError(`${inputs.length} proposals is over the batch limit of ${limits.maxBatchEvents}`);
    }
    const workflowFor = (position: FoldPosition) =>
      position.seq === 0 ? (opts.workflow ? registry.resolve(opts.workflow) : registry.latest()) : position.workflow;
    const validated = new Map<Workflow, Proposal[]>();
    const validateUnder = (workflow: Workflow): Proposal[] => {
      let proposals = validated.get(workflow);
      if (proposals === undefined) {
        proposals = inputs.map((input, index) => withIndex(index, inputs.length, () => validateProposal(workflow, input, limits)));
        validated.set(workflow, proposals);
      }
      return proposals;
    };
    for (let attempt = 0; ; attempt++) {
      const current = await cache.load(stream);
      const workflow = workflowFor(current);
      const proposals = validateUnder(workflow);
      // A retried proposal whose id is stored already is answered from the store; that is checked only where a
      // retry can end up (a stale seq, a refusal, a conflict): on the accepted path the store's own rule answers it.
      if (opts.expectedSeq !== undefined && opts.expectedSeq !== current.seq) {
        const replayed = await alreadyStored(stream, proposals);
        if (replayed) return { events: replayed, state: current.state };
        throw new VersionConflictError(stream, opts.expectedSeq, current.seq);
      }
      const now = clock().toISOString();
      const recordedAt = current.recordedAt !== null && current.recordedAt > now ? current.recordedAt : now;
      // A new stream starts from the initial snapshot of the version it starts under, not of the newest one: an
      // XState snapshot carries its machine, and transitions are taken by that machine.
      let position: FoldPosition = current.seq === 0 ? emptyPosition(workflow) : { ...current, workflow };
      const events: RecordedEvent[] = [];
      const actions: Array<{ event: RecordedEvent; actions: readonly unknown[]; snapshot: AnyMachineSnapshot }> = [];
      for (const [index, validated] of proposals.entries()) {
        // After a migration in this batch, the rest is read under the version the stream moved to.
        const proposal = position.workflow === workflow ? validated : validateUnder(position.workflow)[index]!;
        const unhashed = toCandidate(stream, position, proposal, recordedAt, index, inputs.length);
        const decision = decide(position.workflow, position.snapshot, unhashed, registry);
        if (decision.outcome === 'refused') {
          const replayed = await alreadyStored(stream, proposals);
          if (replayed) return { events: replayed, state: current.state };
          const refusal = inputs.length === 1 ? decision.refusal : { ...decision.refusal, message: `proposal ${index + 1} of ${inputs.length}: ${decision.refusal.message}` };
          if (options.recordRefusals) {
            await keepRefusal({ stream, atSeq: current.seq, proposal, refusal, ...(inputs.length > 1 ? { batch: { index, size: inputs.length } } : {}) });
          }
          throw new RefusedError(refusal);
        }
        const where = inputs.length === 1 ? unhashed.type : `proposal ${index + 1} of ${inputs.length} (${unhashed.type})`;
        const event = sealEvent(unhashed, limits, where, options.signer);
        events.push(event);
        actions.push({ event, actions: decision.actions, snapshot: decision.snapshot });
        position = { workflow: decision.workflow ?? position.workflow, snapshot: decision.snapshot, seq: event.seq, hash: event.hash, recordedAt };
      }
      try {
        const outcome = await store.append(stream, events, { expectedSeq: current.seq });
        if (outcome.outcome === 'already_appended') return { events: outcome.events, state: (await cache.load(stream)).state };
      } catch (error) {
        // After a conflict the cached head is only behind: the next load reads the tail. Anything else: reload.
        if (!isVersionConflictError(error)) cache.forget(stream);
        if (error instanceof IdempotencyConflictError || isVersionConflictError(error)) {
          const replay = await alreadyStored(stream, proposals);
          if (replay) return { events: replay, state: (await cache.load(stream)).state };
        }
        if (!isVersionConflictError(error) || opts.expectedSeq !== undefined || attempt >= maxRetries) throw error;
        await sleep(Math.random() * Math.min(50, 2 ** attempt));
        continue;
      }
      const state = cache.advance(stream, position);
      await runEffects(actions, state, events);
      return { events, state };
    }
  }

  /** Appends a refusal to `<stream>.refusals`; a store failure there is reported with the refusal it was keeping. */
  async function keepRefusal(record: Parameters<typeof recordRefusal>[1]): Promise<void> {
    try {
      await recordRefusal(store, record, { now: () => clock().toISOString(), limits, maxRetries, ...(options.signer ? { signer: options.signer } : {}) });
    } catch (error) {
      throw new StoreError(
        `${record.refusal.message}. The refusal could not be recorded in "${refusalsStreamOf(record.stream)}": ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** Returns the stored events when every proposal carries an id that is already stored as the same fact. */
  async function alreadyStored(stream: StreamId, proposals: readonly Proposal[]): Promise<RecordedEvent[] | null> {
    if (proposals.some((p) => p.id === undefined)) return null;
    const existing = new Map<string, RecordedEvent>();
    for (const { id } of proposals) {
      const stored = await store.findById(id!);
      if (stored !== null) existing.set(id!, stored);
    }
    return matchStored(proposals.map((p) => ({ ...p, id: p.id!, stream })), existing);
  }

  async function runEffects(
    batches: ReadonlyArray<{ event: RecordedEvent; actions: readonly unknown[]; snapshot: AnyMachineSnapshot }>,
    state: StreamState,
    events: readonly RecordedEvent[],
  ): Promise<void> {
    const report = options.onEffectError ?? ((error: unknown) => process.emitWarning(`phasegate effect failed: ${String(error)}`));
    for (const { event, actions } of batches) {
      for (const action of actions as ReadonlyArray<{ type: string; params?: unknown }>) {
        const effect = options.effects?.[action.type];
        if (effect === undefined) continue;
        try {
          await effect(action.params, event);
        } catch (error) {
          report(error, event);
        }
      }
    }
    try {
      await options.onRecorded?.(events, state, batches.map((b) => b.snapshot));
    } catch (error) {
      report(error, events.at(-1)!);
    }
  }

  return {
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
}

function toCandidate(
  stream: StreamId,
  position: FoldPosition,
  proposal: Proposal,
  recordedAt: string,
  index: number,
  total: number,
): UnhashedEvent {
  if (!isOnOrBefore(proposal.occurredAt, recordedAt)) {
    const where = total === 1 ? proposal.type : `proposal ${index + 1} of ${total} (${proposal.type})`;
    const message = `occurredAt ${proposal.occurredAt} is after the time of recording (${recordedAt}); a fact is recorded once it has happened`;
    throw new InvalidInputError(`${where}: occurredAt: ${message}`, [{ path: 'occurredAt', message }]);
  }
  const entry = eventDefinitionOf(position.workflow, proposal.type)!;
  return {
    id: proposal.id ?? createEventId(),
    stream,
    seq: position.seq + 1,
    type: proposal.type,
    schema: entry.version,
    workflow: position.workflow.ref,
    occurredAt: proposal.occurredAt,
    recordedAt,
    actor: { id: proposal.actor.id, role: proposal.actor.role },
    data: proposal.data,
    ...(proposal.causationId === undefined ? {} : { causationId: proposal.causationId }),
    ...(proposal.correlationId === undefined ? {} : { correlationId: proposal.correlationId }),
    prev: position.hash,
  };
}

function withIndex<TResult>(index: number, total: number, run: () => TResult): TResult {
  try {
    return run();
  } catch (error) {
    if (total > 1 && error instanceof InvalidInputError) {
      throw new InvalidInputError(`proposal ${index + 1} of ${total}: ${error.message}`, error.issues, { cause: error });
    }
    throw error;
  }
}

