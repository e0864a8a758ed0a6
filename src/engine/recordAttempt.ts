import { VersionConflictError } from '../errors.ts';
import type { Proposal, RecordedEvent } from '../envelope/envelope.ts';
import type { InputLimits } from '../envelope/limits.ts';
import type { Seq, StreamId } from '../ids.ts';
import type { EventStore } from '../store/eventStore.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import type { AnyWorkflow } from '../workflow/typing.ts';
import { appendDecided } from './appendDecided.ts';
import type { Authenticator } from './authentication.ts';
import { decideBatch, type DecidedStep } from './decideBatch.ts';
import { recordedAtAfter } from './draft.ts';
import { alreadyStored, storedOrThrow } from './idempotency.ts';
import { answerRefusal, type RefusalKeeping } from './keepRefusal.ts';
import type { StreamCache } from './streamCache.ts';
import { emptyPosition, type FoldPosition } from './streamFold.ts';
import type { StreamState } from './streamState.ts';

/** The parts of an engine one attempt at recording a batch works with. */
export type RecordParts = RefusalKeeping & {
  readonly store: EventStore;
  readonly cache: StreamCache;
  readonly registry: WorkflowRegistry;
  readonly limits: InputLimits;
  readonly authenticate: Authenticator | undefined;
  /** Runs the effects and `onRecorded` once the batch is stored (`runEffects`). */
  readonly afterAppend: (steps: readonly DecidedStep[], state: StreamState) => Promise<void>;
};

/** One batch as the caller gave it: its size, its validator, and the `record` options that bear on an attempt. */
export type BatchRequest = {
  readonly stream: StreamId;
  readonly size: number;
  readonly proposalsUnder: (workflow: AnyWorkflow) => readonly Proposal[];
  readonly expectedSeq?: Seq | undefined;
  readonly workflow?: string | undefined;
  readonly onDecided?: ((decided: number, total: number) => void) | undefined;
};

/** What recording a batch came to: the stored events and the stream's state after them. */
export type BatchRecorded = { readonly events: readonly RecordedEvent[]; readonly state: StreamState };

/**
 * Returns the workflow a batch is decided under at `position`: the stream's own version, or for a new stream the
 * version the caller named (`name@version`, or a bare name for its newest) and else the registry's newest.
 */
export function workflowAt(registry: WorkflowRegistry, position: FoldPosition, named?: string): AnyWorkflow {
  if (position.seq !== 0) return position.workflow;
  return named ? registry.resolve(named) : registry.latest();
}

/**
 * One attempt at recording a batch against the stream's head: a stale `expectedSeq` is a conflict, the batch is
 * decided, a refusal is answered (`answerRefusal`), the accepted events are appended, and after the append the cache
 * advances and the effects run. A batch whose ids are all stored already is answered from the store wherever the
 * attempt cannot go ahead. A lost race is thrown for the caller's `retryLostRaces`.
 */
export async function recordAttempt(parts: RecordParts, batch: BatchRequest): Promise<BatchRecorded> {
  const { store, cache } = parts;
  const { stream } = batch;
  const current = await cache.load(stream);
  const workflow = workflowAt(parts.registry, current, batch.workflow);
  const proposals = batch.proposalsUnder(workflow);
  // Whether the batch is stored already is asked only where a retried request can end up (a stale seq, a refusal, a
  // conflict): on the accepted path the store's own rule answers it.
  const replayed = () => alreadyStored(store, stream, proposals);
  if (batch.expectedSeq !== undefined && batch.expectedSeq !== current.seq) {
    const conflict = new VersionConflictError(stream, batch.expectedSeq, current.seq);
    return { events: await storedOrThrow(replayed, conflict), state: current.state };
  }
  const decision = decideBatch({
    stream,
    // A new stream starts from the initial snapshot of the version it starts under, not of the newest one: an XState
    // snapshot carries its machine, and transitions are taken by that machine.
    start: current.seq === 0 ? emptyPosition(workflow) : { ...current, workflow },
    recordedAt: recordedAtAfter(current.recordedAt, parts.clock().toISOString()),
    registry: parts.registry,
    limits: parts.limits,
    signer: parts.signer,
    authenticate: parts.authenticate,
    onDecided: batch.onDecided,
    proposalsUnder: batch.proposalsUnder,
  });
  if (decision.outcome === 'refused') {
    const { index, proposal, refusal } = decision;
    const place = batch.size > 1 ? { batch: { index, size: batch.size } } : {};
    const record = { stream, atSeq: current.seq, proposal, refusal, ...place };
    return { events: await answerRefusal(store, record, parts, replayed), state: current.state };
  }
  const events = decision.steps.map((step) => step.event);
  const appended = await appendDecided(events, { store, cache, stream, atSeq: current.seq, replayed });
  if (appended.outcome === 'answered') return { events: appended.events, state: (await cache.load(stream)).state };
  const state = cache.advance(stream, decision.position);
  await parts.afterAppend(decision.steps, state);
  return { events, state };
}
