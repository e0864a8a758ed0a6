import { InvalidInputError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { StreamId } from '../ids.ts';
import type { EventStore } from '../store/eventStore.ts';
import { endOf, isDateOrDateTime, startOf } from '../workflow/dates.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { emptyPosition, foldStream } from './streamFold.ts';
import { toStreamState, type StreamState } from './streamState.ts';

/**
 * A prefix of a stream (README, "Embedding": stateAt): after event `seq`; `asOf` a date: the longest prefix whose
 * events all occurred on or before it; `knownAt` a time: the events recorded on or before it.
 */
export type PointInTime = { readonly seq: number } | { readonly asOf: string } | { readonly knownAt: string };

/** Returns the state at a point in time by folding the stream's prefix. Throws `InvalidInputError` for a bad point. */
export async function stateAt(
  store: EventStore,
  registry: WorkflowRegistry,
  stream: StreamId,
  at: PointInTime,
): Promise<StreamState> {
  const keep = keepFor(at);
  const toSeq = 'seq' in at ? at.seq : undefined;
  if (toSeq !== undefined) {
    const head = await store.head(stream);
    if (toSeq > (head?.seq ?? 0)) {
      throw new InvalidInputError(`Stream "${stream}" has ${head?.seq ?? 0} events; there is no seq ${toSeq}`);
    }
  }
  const events = store.readStream(stream, toSeq === undefined ? {} : { toSeq });
  const { position } = await foldStream(registry, emptyPosition(registry.latest()), events, keep);
  return toStreamState(stream, position.workflow, position.snapshot, position);
}

/** The keys a {@link PointInTime} may have; exactly one of them. */
const pointKeys = ['seq', 'asOf', 'knownAt'] as const;

function keepFor(at: PointInTime): (event: RecordedEvent) => boolean {
  const keys = Object.keys(at ?? {});
  const unknown = keys.filter((key) => !(pointKeys as readonly string[]).includes(key));
  if (unknown.length > 0 || keys.length !== 1) {
    const alias = unknown.includes('atSeq') ? " (the CLI's --at-seq N is { seq: N })" : '';
    throw new InvalidInputError(
      `A point in time is one of { seq }, { asOf } or { knownAt }; got ${keys.length === 0 ? 'no key' : quoted(keys)}` +
        `${unknown.length > 0 ? `, and ${quoted(unknown)} is not one of them` : ''}${alias}`,
    );
  }
  if ('seq' in at) {
    if (!Number.isInteger(at.seq) || at.seq < 0)
      throw new InvalidInputError(`seq must be a whole number >= 0, got ${at.seq}`);
    return () => true;
  }
  const [field, bound] = 'asOf' in at ? (['occurredAt', at.asOf] as const) : (['recordedAt', at.knownAt] as const);
  const label = 'asOf' in at ? 'as-of date' : 'known-at time';
  if (!isDateOrDateTime(bound)) {
    throw new InvalidInputError(
      `The ${label} "${String(bound)}" is not an ISO 8601 date (YYYY-MM-DD) or date-time with a zone`,
    );
  }
  const limit = endOf(bound);
  return (event) => startOf(event[field]) <= limit;
}

function quoted(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}
