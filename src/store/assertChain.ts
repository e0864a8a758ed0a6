import { IntegrityError } from '../errors.ts';
import { hashEvent } from '../envelope/canonical.ts';
import { GENESIS_HASH, type RecordedEvent } from '../envelope/envelope.ts';
import type { Seq, StreamId } from '../ids.ts';

/** Where a checked stream stands: its last seq and hash. */
export type ChainHead = { readonly seq: Seq; readonly hash: string };

/**
 * Returns which link of the chain `event` breaks when it follows `head` (none: the stream is empty): `seq` when its
 * seq is not the next one, `prev` when its `prev` is not the head's hash; null when it continues the stream. The one
 * rule behind every chain check (stores indexing a file, verify, replay). Pure; the hash of the event's own content
 * is not checked here.
 */
export function brokenLink(event: RecordedEvent, head: ChainHead | undefined): 'seq' | 'prev' | null {
  if (event.seq !== (head?.seq ?? 0) + 1) return 'seq';
  if (event.prev !== (head?.hash ?? GENESIS_HASH)) return 'prev';
  return null;
}

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
      const head = heads.get(event.stream);
      const seq = head?.seq ?? 0;
      const at = `Stream "${event.stream}" seq ${seq + 1}`;
      const broken = brokenLink(event, head);
      if (broken === 'seq') {
        throw new IntegrityError(
          `${at}: found seq ${event.seq}; an event is missing or out of order`,
          event.stream,
          seq + 1,
        );
      }
      if (broken === 'prev') {
        throw new IntegrityError(
          `${at} does not continue the hash chain (prev is not the hash of seq ${seq})`,
          event.stream,
          seq + 1,
        );
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
