import { IntegrityError } from '../errors.ts';
import { hashEvent } from '../event/canonical.ts';
import { GENESIS_HASH, type RecordedEvent } from '../event/envelope.ts';
import type { Seq, StreamId } from '../ids.ts';

/** Where a checked stream stands: its last seq and hash. */
export type ChainHead = { readonly seq: Seq; readonly hash: string };

/** Checks events of any number of streams, each stream's events in seq order (streams may interleave). */
export type ChainChecker = {
  /** Throws {@link IntegrityError} at the exact seq unless `event` continues its stream's chain. */
  check(event: RecordedEvent): void;
  /** The head of every stream checked so far. */
  readonly heads: ReadonlyMap<StreamId, ChainHead>;
};

/**
 * Returns a checker of hash chains: for each stream, seqs run 1, 2, 3 without gaps, each `prev` is the hash of the
 * event before, and each `hash` is the SHA-256 of the event's canonical JSON. Keeps only a head per stream.
 */
export function createChainChecker(): ChainChecker {
  const heads = new Map<StreamId, ChainHead>();
  return {
    heads,
    check(event) {
      const { seq, hash } = heads.get(event.stream) ?? { seq: 0, hash: GENESIS_HASH };
      const at = `Stream "${event.stream}" seq ${seq + 1}`;
      if (event.seq !== seq + 1) {
        throw new IntegrityError(`${at}: found seq ${event.seq}; an event is missing or out of order`, event.stream, seq + 1);
      }
      if (event.prev !== hash) {
        throw new IntegrityError(`${at} does not continue the hash chain (prev is not the hash of seq ${seq})`, event.stream, seq + 1);
      }
      if (hashEvent(event) !== event.hash) {
        throw new IntegrityError(`${at} was altered: its hash does not match its content`, event.stream, seq + 1);
      }
      heads.set(event.stream, { seq: event.seq, hash: event.hash });
    },
  };
}

/**
 * Returns the last seq and hash of one stream's events after checking its hash chain (see
 * {@link createChainChecker}) and that every event belongs to `stream`. Throws {@link IntegrityError} at the exact seq
 * of the first event that fails. Reads the events as they stream in, so memory stays flat. (Signatures and
 * checkpoints are the auditor's verify, not this.)
 */
export async function assertChain(
  stream: StreamId,
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
): Promise<ChainHead> {
  const checker = createChainChecker();
  for await (const event of events) {
    if (event.stream !== stream) {
      const seq = (checker.heads.get(stream)?.seq ?? 0) + 1;
      throw new IntegrityError(`Stream "${stream}" seq ${seq} belongs to stream "${event.stream}"`, stream, seq);
    }
    checker.check(event);
  }
  return checker.heads.get(stream) ?? { seq: 0, hash: GENESIS_HASH };
}
