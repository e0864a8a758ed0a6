import { InvalidInputError, type Refusal } from '../errors.ts';
import type { Proposal, RecordedEvent, UnhashedEvent } from '../envelope/envelope.ts';
import { GENESIS_HASH } from '../envelope/envelope.ts';
import type { InputLimits } from '../envelope/limits.ts';
import type { Seq, StreamId } from '../ids.ts';
import type { EventStore } from '../store/eventStore.ts';
import {
  proposalRefusedType,
  refusalsStreamOf,
  refusalsWorkflow,
  type ProposalRefusedData,
} from '../workflow/refusalsWorkflow.ts';
import { draftEvent, recordedAtAfter } from './draft.ts';
import { retryLostRaces } from './retry.ts';
import { sealEvent, type EventSigner } from './sealing.ts';
import { streamIdProblem } from './streamFold.ts';

/** What one refusal record needs. */
export type RefusalRecord = {
  readonly stream: StreamId;
  /** The seq the programme's stream was at when the proposal was refused. */
  readonly atSeq: Seq;
  readonly proposal: Proposal;
  readonly refusal: Refusal;
  /** Where in a batch the refused proposal stood (absent for a single record). */
  readonly batch?: { readonly index: number; readonly size: number };
};

/** Returns an error when `stream` cannot have a refusals stream (its id would be over 128 characters). */
export function refusalsStreamProblem(stream: StreamId): string | null {
  const problem = streamIdProblem(refusalsStreamOf(stream));
  return problem === null
    ? null
    : `refusals cannot be recorded for "${stream}": ${problem}; use a stream id of at most 119 characters`;
}

/**
 * Appends a `ProposalRefused` event to `<stream>.refusals` (never to the stream itself) and returns it. The actor
 * is the one who proposed; `occurredAt` and `recordedAt` are the time of the refusal. Retries (`retryLostRaces`) when
 * another writer appended to the refusals stream first.
 */
export async function recordRefusal(
  store: EventStore,
  record: RefusalRecord,
  options: {
    readonly now: () => string;
    readonly limits: InputLimits;
    readonly signer?: EventSigner;
    readonly maxRetries: number;
  },
): Promise<RecordedEvent> {
  const stream = refusalsStreamOf(record.stream);
  const problem = refusalsStreamProblem(record.stream);
  if (problem) throw new InvalidInputError(problem);
  const data = refusalData(record);
  const { proposal } = record;
  return retryLostRaces(options.maxRetries, async () => {
    const head = await store.head(stream);
    const recordedAt = recordedAtAfter(head?.recordedAt ?? null, options.now());
    const at = { stream, seq: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH };
    const unhashed = (payload: ProposalRefusedData): UnhashedEvent =>
      draftEvent(at, {
        type: proposalRefusedType,
        schema: 1,
        workflow: refusalsWorkflow.ref,
        occurredAt: recordedAt,
        recordedAt,
        actor: proposal.actor,
        data: payload,
      });
    const sign: EventSigner = (event) => {
      try {
        return options.signer?.(event);
      } catch {
        return undefined; // a refusal is kept even when the proposer has no key to sign it with
      }
    };
    let event: RecordedEvent;
    try {
      event = sealEvent(unhashed(data), options.limits, proposalRefusedType, sign);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      const { data: _omitted, ...rest } = data.proposal;
      event = sealEvent(
        unhashed({ ...data, proposal: { ...rest, dataOmitted: true } }),
        options.limits,
        proposalRefusedType,
        sign,
      );
    }
    await store.append(stream, [event], { expectedSeq: at.seq });
    return event;
  });
}

/** Returns the payload of the `ProposalRefused` event that keeps a refusal: the proposal as made and why it was refused. */
function refusalData(record: RefusalRecord): ProposalRefusedData {
  const { proposal, refusal } = record;
  return {
    stream: record.stream,
    atSeq: record.atSeq,
    proposal: {
      type: proposal.type,
      occurredAt: proposal.occurredAt,
      ...(proposal.id === undefined ? {} : { id: proposal.id }),
      ...(proposal.causationId === undefined ? {} : { causationId: proposal.causationId }),
      ...(proposal.correlationId === undefined ? {} : { correlationId: proposal.correlationId }),
      data: proposal.data,
    },
    refusal: {
      kind: refusal.kind,
      state: refusal.state as string | string[],
      reasons: refusal.reasons.map((r) => ({ ...r })),
      message: refusal.message,
    },
    ...(record.batch === undefined ? {} : { batch: record.batch }),
  };
}
