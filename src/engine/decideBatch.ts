import type { AnyMachineSnapshot } from 'xstate';
import { InvalidInputError, type Refusal } from '../errors.ts';
import type { Proposal, RecordedEvent, UnhashedEvent } from '../envelope/envelope.ts';
import type { InputLimits } from '../envelope/limits.ts';
import type { StreamId } from '../ids.ts';
import { isOnOrBefore } from '../workflow/dates.ts';
import { decide } from '../workflow/decide.ts';
import { eventDefinitionOf } from '../workflow/migration.ts';
import { stateLabel } from '../workflow/statePath.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import type { AnyWorkflow } from '../workflow/typing.ts';
import { placeOf } from './batchInput.ts';
import { draftEvent } from './draft.ts';
import { sealEvent, type EventSigner } from './sealing.ts';
import type { FoldPosition } from './streamFold.ts';

/** One accepted event with the actions its transition asked for and the snapshot after it. */
export type DecidedStep = {
  readonly event: RecordedEvent;
  readonly actions: readonly unknown[];
  readonly snapshot: AnyMachineSnapshot;
};

/** What deciding a batch gave: every event sealed and the position after them, or the first refusal. */
export type BatchDecision =
  | { readonly outcome: 'accepted'; readonly steps: readonly DecidedStep[]; readonly position: FoldPosition }
  | { readonly outcome: 'refused'; readonly index: number; readonly proposal: Proposal; readonly refusal: Refusal };

/** What {@link decideBatch} needs besides the proposals. */
export type BatchContext = {
  readonly stream: StreamId;
  /** Where the batch starts: the stream's head, under the version it is decided with. */
  readonly start: FoldPosition;
  readonly recordedAt: string;
  readonly registry: WorkflowRegistry;
  readonly limits: InputLimits;
  readonly signer?: EventSigner | undefined;
  /** Returns why a sealed (and signed) event does not show its actor, or null (README, "Who the actor is: authentication"). */
  readonly authenticate?: ((event: RecordedEvent) => string | null) | undefined;
  readonly onDecided?: ((decided: number, total: number) => void) | undefined;
  /** The batch validated under a version (after a migration in the batch, the rest is read under the new one). */
  readonly proposalsUnder: (workflow: AnyWorkflow) => readonly Proposal[];
};

/**
 * Decides a batch's proposals in order from `start`, each against the snapshot the previous one left, and seals the
 * accepted events (hash, signature); with `authenticate`, an event whose signature does not show its actor is refused
 * (`forbidden`). Pure but for the signer. Stops at the first refusal; a refusal of one proposal of
 * several is named by its place. Throws {@link InvalidInputError} for an event from the future or over the size limit.
 */
export function decideBatch(context: BatchContext): BatchDecision {
  const { stream, start, recordedAt, registry, limits } = context;
  const proposals = context.proposalsUnder(start.workflow);
  const total = proposals.length;
  const steps: DecidedStep[] = [];
  let position = start;
  for (const [index, first] of proposals.entries()) {
    // After a migration in this batch, the rest is read under the version the stream moved to.
    const proposal = position.workflow === start.workflow ? first : context.proposalsUnder(position.workflow)[index]!;
    const place = placeOf(index, total, proposal.type); // the candidate keeps the proposal's type
    const candidate = candidateOf(stream, position, proposal, recordedAt, place);
    const decision = decide(position.workflow, position.snapshot, candidate, registry);
    if (decision.outcome === 'refused') {
      const refusal =
        total === 1
          ? decision.refusal
          : { ...decision.refusal, message: `proposal ${index + 1} of ${total}: ${decision.refusal.message}` };
      return { outcome: 'refused', index, proposal, refusal };
    }
    const event = sealEvent(candidate, limits, place, context.signer);
    const unauthenticated = context.authenticate?.(event) ?? null;
    if (unauthenticated !== null) {
      const { actor, type } = candidate;
      const place = total === 1 ? '' : `proposal ${index + 1} of ${total}: `;
      const message = `${place}${actor.id} (${actor.role}) may not record ${type}: ${unauthenticated}`;
      const state = stateLabel(position.snapshot.value, position.workflow.hiddenStates);
      const reasons = [{ guard: 'signature', reason: unauthenticated }];
      return {
        outcome: 'refused',
        index,
        proposal,
        refusal: { kind: 'forbidden', stream, state, event: type, actor, reasons, message },
      };
    }
    steps.push({ event, actions: decision.actions, snapshot: decision.snapshot });
    context.onDecided?.(index + 1, total);
    position = {
      workflow: decision.workflow ?? position.workflow,
      snapshot: decision.snapshot,
      seq: event.seq,
      hash: event.hash,
      recordedAt,
    };
  }
  return { outcome: 'accepted', steps, position };
}

/** Returns the envelope a proposal would be stored as after `position`; a fact from after `recordedAt` is invalid. */
function candidateOf(
  stream: StreamId,
  position: FoldPosition,
  proposal: Proposal,
  recordedAt: string,
  where: string,
): UnhashedEvent {
  if (!isOnOrBefore(proposal.occurredAt, recordedAt)) {
    const message = `occurredAt ${proposal.occurredAt} is after the time of recording (${recordedAt}); a fact is recorded once it has happened`;
    throw new InvalidInputError(`${where}: occurredAt: ${message}`, [{ path: 'occurredAt', message }]);
  }
  return draftEvent(
    { stream, seq: position.seq, hash: position.hash },
    {
      ...proposal,
      schema: eventDefinitionOf(position.workflow, proposal.type)!.version,
      workflow: position.workflow.ref,
      recordedAt,
    },
  );
}
