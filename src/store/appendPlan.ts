import { describeEnvelopeProblem, envelopeProblem } from '../envelope/contract.ts';
import { IdempotencyConflictError, IntegrityError, VersionConflictError } from '../errors.ts';
import { factKey } from '../envelope/canonical.ts';
import { isQuickEnvelope } from '../envelope/quickEnvelope.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { Seq, StreamId } from '../ids.ts';
import { brokenLink, type ChainHead } from './assertChain.ts';
import type { StreamHead } from './eventStore.ts';

/** What a store should do with an append, decided by the rules every store shares. */
export type AppendPlan =
  { readonly kind: 'append' } | { readonly kind: 'already_appended'; readonly events: readonly RecordedEvent[] };

/**
 * Applies the append rules shared by all stores, in this order: idempotency (every id already stored with the same
 * facts: already appended; some: refused whole; same id with other facts: conflict), then the expected seq, then the
 * batch's own shape (each event an envelope by the contract, one stream, gapless seqs, a chain that continues the
 * head). Pure; throws the store errors.
 * `existing` maps each batch id that is already stored to its stored event.
 */
export function planAppend(
  stream: StreamId,
  events: readonly RecordedEvent[],
  expectedSeq: Seq,
  head: StreamHead | null,
  existing: ReadonlyMap<string, RecordedEvent>,
): AppendPlan {
  if (events.length === 0) throw new IntegrityError(`An append to "${stream}" needs at least one event`, stream);
  const stored = matchStored(events, existing);
  if (stored !== null) return { kind: 'already_appended', events: stored };
  const headSeq = head?.seq ?? 0;
  if (headSeq !== expectedSeq) throw new VersionConflictError(stream, expectedSeq, headSeq);
  let at: ChainHead | undefined = head ?? undefined;
  // Ids rising strictly through the batch (as createEventId makes them) cannot repeat: each is compared with the one
  // before; from the first that does not rise, the ids met so far go into a set, which judges the rest.
  let lastId = '';
  let ids: Set<string> | undefined;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    // The quick judgement first (it accepts only what the contract accepts); the contract names what is wrong.
    const breach = isQuickEnvelope(event) ? null : envelopeProblem(event);
    if (breach !== null) {
      const what = describeEnvelopeProblem(breach, event);
      throw new IntegrityError(
        `${where(stream, index, events.length)} is not an event envelope (${what})`,
        stream,
        event.seq,
      );
    }
    if (event.stream !== stream)
      throw new IntegrityError(`${where(stream, index, events.length)} belongs to stream "${event.stream}"`, stream);
    const broken = brokenLink(event, at);
    if (broken === 'seq') {
      throw new IntegrityError(
        `${where(stream, index, events.length)} has seq ${event.seq}, expected ${expectedSeq + index + 1}`,
        stream,
        event.seq,
      );
    }
    if (broken === 'prev') {
      throw new IntegrityError(
        `${where(stream, index, events.length)} (seq ${event.seq}) does not continue the hash chain`,
        stream,
        event.seq,
      );
    }
    if (ids === undefined && event.id > lastId) lastId = event.id;
    else {
      ids ??= new Set(events.slice(0, index).map((earlier) => earlier.id));
      if (ids.has(event.id)) throw new IdempotencyConflictError(event.id, 'appears twice in one batch');
      ids.add(event.id);
    }
    at = event;
  }
  // Stryker disable next-line ObjectLiteral,StringLiteral: equivalent; every store tests only for 'already_appended'.
  return { kind: 'append' };
}

/** Names an event of a batch in an error (written only for one: writing it for every event cost more than its checks). */
const where = (stream: StreamId, index: number, count: number): string =>
  `Append to "${stream}": event ${index + 1} of ${count}`;

/** A fact to match against what is stored: an event, or a proposal with the stream it is for. */
type Fact = Parameters<typeof factKey>[0] & { readonly id: string };

/**
 * The idempotency rule, shared by every store and the engine: returns the stored events when every fact's id is
 * already stored as the same fact, null when none is; throws {@link IdempotencyConflictError} when an id is stored with
 * other content or only part of the batch is stored (a partly stored batch is refused whole).
 * `existing` maps each batch id that is already stored to its stored event.
 */
export function matchStored(
  facts: readonly Fact[],
  existing: ReadonlyMap<string, RecordedEvent>,
): RecordedEvent[] | null {
  if (existing.size === 0) return null;
  for (const fact of facts) {
    const stored = existing.get(fact.id);
    if (stored !== undefined && factKey(stored) !== factKey(fact)) {
      throw new IdempotencyConflictError(
        fact.id,
        `is already stored as ${stored.stream}#${stored.seq} (${stored.type}) with other content`,
      );
    }
  }
  const found = facts.filter((f) => existing.has(f.id)).map((f) => f.id);
  if (found.length < facts.length) {
    throw new IdempotencyConflictError(
      found[0]!,
      `is already stored but ${facts.length - found.length} other event(s) of the batch are not ` +
        `(stored: ${found.join(', ')}); a batch that is partly stored is refused whole`,
    );
  }
  return facts.map((f) => existing.get(f.id)!);
}

/** Returns the head a stream has after `events` were appended. */
export function headAfter(events: readonly RecordedEvent[]): StreamHead {
  const last = events.at(-1)!;
  return { seq: last.seq, hash: last.hash, recordedAt: last.recordedAt, workflow: last.workflow };
}
