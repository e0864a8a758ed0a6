import { InvalidInputError, IntegrityError } from '../errors.ts';
import { describeEnvelopeProblem, envelopeProblem } from '../envelope/contract.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { openStore } from '../store/openStore.ts';
import type { EventStore } from '../store/eventStore.ts';
import { readJsonlChunks, type JsonlReadOptions } from '../store/jsonlLines.ts';

/**
 * Where an audit reads a log from: a JSONL file read directly, line by line and as bytes (so a line the JSONL store
 * would refuse is still reported, not skipped), or a store.
 */
export type AuditSource =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'store'; readonly store: EventStore };

/** Returns the audit source a CLI argument names: a path ending `.jsonl` is a file, anything else a store URL. */
export async function openAuditSource(location: string): Promise<AuditSource> {
  if (/\.jsonl$/i.test(location)) return { kind: 'file', path: location };
  return { kind: 'store', store: await openStore(location, { readOnly: true }) };
}

/** Closes what {@link openAuditSource} opened. */
export async function closeAuditSource(source: AuditSource): Promise<void> {
  if (source.kind === 'store') await source.store.close();
}

/** Returns where a source reads from, for reports. */
export function sourceLocation(source: AuditSource): string {
  return source.kind === 'file' ? source.path : source.store.location;
}

/**
 * Yields every event of a JSONL log in file order (all streams interleaved), parsed. A line that is not an event
 * envelope throws an {@link IntegrityError} naming the line, unless `onUnreadable` is given: then it is told about the
 * line, which is skipped. Hashes are not checked here (that is `verify`'s job).
 */
export async function* readJsonlEvents(
  path: string,
  onUnreadable?: (lineNo: number, reason: string) => void,
  options: JsonlReadOptions = {},
): AsyncGenerator<RecordedEvent> {
  for await (const lines of readJsonlChunks(path, options)) {
    for (const { bytes, lineNo } of lines) {
      const read = parseEventLine(bytes);
      if (read.outcome === 'parsed') {
        yield read.event;
        continue;
      }
      if (onUnreadable === undefined) throw notAnEvent(path, lineNo, read.problem);
      onUnreadable(lineNo, read.problem);
    }
  }
}

/** Returns the event a JSONL line holds, parsed and held to the envelope contract, or what keeps it from being one. */
export function parseEventLine(
  bytes: Buffer,
):
  | { readonly outcome: 'parsed'; readonly event: RecordedEvent }
  | { readonly outcome: 'invalid'; readonly problem: string } {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    const breach = envelopeProblem(value);
    return breach === null
      ? { outcome: 'parsed', event: value as RecordedEvent }
      : { outcome: 'invalid', problem: describeEnvelopeProblem(breach, value) };
  } catch (error) {
    return { outcome: 'invalid', problem: (error as Error).message };
  }
}

/** The error {@link readJsonlEvents} throws for line `lineNo` of `path`, which is not an event for the reason `why`. */
export function notAnEvent(path: string, lineNo: number, why: string): IntegrityError {
  return new IntegrityError(
    `${path} line ${lineNo} is not an event (${why}); verifyJsonlFile or verifyStore reports the details`,
  );
}

/** How many of the streams a source holds a missing-stream error lists. */
const listedStreams = 10;

/**
 * Throws an {@link InvalidInputError} (exit code 2) unless `stream` has events in the source: the one error every
 * command gives for a stream the store or log does not hold, naming the stream and listing (up to ten of) the
 * streams it does hold. A store answers from the stream's head; a JSONL file is read until the stream's first event
 * (unreadable lines are skipped: verify names them).
 */
export async function assertStreamExists(source: AuditSource, stream: string): Promise<void> {
  if (source.kind === 'store') {
    if ((await source.store.head(stream)) !== null) return;
    throw missingStream(source, stream, await source.store.listStreams());
  }
  const seen = new Set<string>();
  for await (const event of readJsonlEvents(source.path, () => {})) {
    if (event.stream === stream) return;
    seen.add(event.stream);
  }
  throw missingStream(source, stream, [...seen]);
}

function missingStream(source: AuditSource, stream: string, held: readonly string[]): InvalidInputError {
  const names = [...held].sort();
  const listed = names
    .slice(0, listedStreams)
    .map((name) => `"${name}"`)
    .join(', ');
  const more = names.length > listedStreams ? ` and ${names.length - listedStreams} more` : '';
  const holds = names.length === 0 ? 'it holds no streams' : `it holds ${listed}${more}`;
  return new InvalidInputError(
    `stream "${stream.slice(0, 140)}" is not in ${sourceLocation(source)}: ${holds}. Check the stream id.`,
  );
}
