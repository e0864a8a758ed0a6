import { IntegrityError } from '../errors.ts';
import { hashEvent } from '../event/canonical.ts';
import { GENESIS_HASH, type RecordedEvent } from '../event/envelope.ts';
import type { Seq, StreamId } from '../ids.ts';

/**
 * Returns the last seq and hash of one stream's events after checking its hash chain: the events belong to `stream`,
 * seqs run 1, 2, 3 without gaps, each `prev` is the hash of the event before, and each `hash` is the SHA-256 of the
 * event's canonical JSON. Throws {@link IntegrityError} at the exact seq of the first event that fails. Reads the
 * events as they stream in, so memory stays flat. (Signatures and checkpoints are the auditor's verify, not this.)
 */
export async function assertChain(
  stream: StreamId,
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
): Promise<{ readonly seq: Seq; readonly hash: string }> {
  let seq = 0;
  let hash = GENESIS_HASH;
  for await (const event of events) {
    const at = `Stream "${stream}" seq ${seq + 1}`;
    if (event.stream !== stream) throw new IntegrityError(`${at} belongs to stream "${event.stream}"`, stream, seq + 1);
    if (event.seq !== seq + 1) throw new IntegrityError(`${at}: found seq ${event.seq}; an event is missing or out of order`, stream, seq + 1);
    if (event.prev !== hash) throw new IntegrityError(`${at} does not continue the hash chain (prev is not the hash of seq ${seq})`, stream, seq + 1);
    if (hashEvent(event) !== event.hash) throw new IntegrityError(`${at} was altered: its hash does not match its content`, stream, seq + 1);
    seq = event.seq;
    hash = event.hash;
  }
  return { seq, hash };
}
