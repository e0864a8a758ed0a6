import type { EventStore } from '../store/eventStore.ts';
import { countEvents } from '../store/countEvents.ts';
import { checkCheckpointSignature, type CheckpointSignature } from './checkpoint.ts';
import {
  createChainVerifier,
  type ChainVerifier,
  type ChainVerifierOptions,
  type IntegrityProblem,
  type StreamVerdict,
} from './chainVerifier.ts';
import { readJsonlChunks } from '../store/jsonlLines.ts';
import { readEvent } from './eventFields.ts';
import { readRowsInto } from './storedRows.ts';
import { storedRowsOf } from '../store/sqliteRows.ts';
import type { AuditSource } from './source.ts';

/** How far a verification has come: `done` of `total` (bytes of a file, or events of a store). */
export type VerifyProgress = {
  readonly done: number;
  readonly total: number;
  readonly unit: 'bytes' | 'events';
  readonly events: number;
};

/** Options of {@link verifyJsonlFile} and {@link verifyStore}. */
export type VerifyOptions = ChainVerifierOptions & {
  /** Called now and then while the log is read (for a progress bar). */
  readonly onProgress?: (progress: VerifyProgress) => void;
  /**
   * Stop reading a JSONL log once a stream has a problem (at the end of that chunk): a quick yes/no. The report then
   * leaves out whatever comes later, other streams' problems included. @defaultValue false
   */
  readonly stopAtFirstProblem?: boolean;
};

/** The outcome of verifying a log: a verdict per stream, the problems (first bad seq of each stream), and more. */
export type VerifyReport = {
  /** True when no stream has a problem and a given checkpoint's signature is not invalid. */
  readonly ok: boolean;
  readonly source: string;
  /** Events (or lines) read. */
  readonly events: number;
  readonly streams: readonly StreamVerdict[];
  readonly problems: readonly IntegrityProblem[];
  /** Whether signatures were checked (a key registry was given), and the totals over all streams. */
  readonly signatures: { readonly checked: boolean; readonly signed: number; readonly valid: number };
  /** The checkpoint checked against, if any, and how its own signature stands. */
  readonly checkpoint: null | {
    readonly issuedAt: string;
    readonly streams: number;
    readonly signature: CheckpointSignature;
  };
};

/**
 * Returns whether a verify report found anything of `stream`: an event it verified, or a line or record of it that it
 * could not read. A command that reads one stream asks this after its pass, and gives the missing-stream error only
 * when it is false (so a stream whose every line is damaged is reported as damaged, not as missing).
 */
export function reportHolds(report: VerifyReport, stream: string): boolean {
  return report.streams.some((s) => s.stream === stream && (s.verified > 0 || s.problem !== null));
}

/** Returns the verdict on an audit source: {@link verifyJsonlFile} for a file, {@link verifyStore} for a store. */
export function verifySource(source: AuditSource, options: VerifyOptions = {}): Promise<VerifyReport> {
  return source.kind === 'file' ? verifyJsonlFile(source.path, options) : verifyStore(source.store, options);
}

/**
 * Returns the verdict on every stream of a JSONL log (one canonical event per line, streams interleaved): each
 * event's hash against its content, the chain of `prev` links, gapless seqs, signatures against `keys`, and the heads
 * against a `checkpoint`. Streams the file line by line; memory stays flat however long the log is. Never throws for
 * a damaged log (that is what the report is for); throws a `StoreError` when the file cannot be read.
 */
export async function verifyJsonlFile(path: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const verifier = createChainVerifier(options);
  let events = 0;
  const progress = options.onProgress
    ? { onChunk: (done: number, total: number) => options.onProgress!({ done, total, unit: 'bytes', events }) }
    : {};
  for await (const lines of readJsonlChunks(path, progress)) {
    for (const line of lines) verifier.line(line);
    events += lines.length;
    if (options.stopAtFirstProblem && verifier.hasSettledProblem()) break;
  }
  return reportOf(path, events, verifier.finish(), options);
}

/**
 * Returns the verdict on every stream of a store (or `options.streams`), as {@link verifyJsonlFile} does for a file,
 * reading each stream in pages. A record the store cannot decode ends that stream's verification at its seq.
 */
export async function verifyStore(store: EventStore, options: VerifyOptions = {}): Promise<VerifyReport> {
  const verifier = createChainVerifier(options);
  const streams = options.streams ?? (await store.listStreams());
  const named = new Set<string>(streams);
  for (const entry of options.checkpoint?.streams ?? []) if (options.streams === undefined) named.add(entry.stream);
  // The total is for the progress reports only: no head is read without them.
  const total = options.onProgress !== undefined ? await countEvents(store, named) : 0;
  let events = 0;
  const tick = () => options.onProgress?.({ done: events, total, unit: 'events', events });
  const count = () => {
    if (++events % 4096 === 0) tick();
  };
  const withActor = options.keys !== undefined;
  for (const stream of [...named].sort()) await readStreamInto(store, stream, verifier, count, withActor);
  tick();
  return reportOf(store.location, events, verifier.finish(), options);
}

/**
 * Feeds the events of `stream` of `store` to `verifier`, calling `count` for each event read, until the stream ends or
 * has a problem. A record the store cannot decode ends the stream's verification at its seq. A SQLite store's rows are
 * read whole, their bodies checked as JSONL lines are and held to their columns (storedRows.ts); `withActor`: the
 * events' actors are needed (signatures are checked).
 */
export async function readStreamInto(
  store: EventStore,
  stream: string,
  verifier: ChainVerifier,
  count: () => void,
  withActor = true,
): Promise<void> {
  const rows = storedRowsOf(store);
  try {
    if (rows !== undefined) return readRowsInto(rows, stream, verifier, count, withActor);
    for await (const event of store.readStream(stream)) {
      count();
      let read: ReturnType<typeof readEvent>;
      try {
        read = readEvent(event);
      } catch (error) {
        verifier.unreadable(stream, `the stored record is not an event envelope (${(error as Error).message})`);
        return;
      }
      verifier.event(stream, read.fields, read.hashOk);
      if (verifier.isSettled(stream)) return;
    }
  } catch (error) {
    verifier.unreadable(stream, `the store could not decode the next record (${(error as Error).message})`);
  }
}

/** Returns the report on `streams`' verdicts (in name order), read from `source`: problems, signatures, checkpoint. */
export function reportOf(
  source: string,
  events: number,
  streams: StreamVerdict[],
  options: VerifyOptions,
): VerifyReport {
  const problems = streams.flatMap((s) => (s.problem === null ? [] : [s.problem]));
  const checkpoint = options.checkpoint
    ? {
        issuedAt: options.checkpoint.issuedAt,
        streams: options.checkpoint.streams.length,
        signature: checkCheckpointSignature(options.checkpoint, options.keys),
      }
    : null;
  return {
    ok: problems.length === 0 && checkpoint?.signature.status !== 'invalid',
    source,
    events,
    streams,
    problems,
    signatures: {
      checked: options.keys !== undefined,
      signed: streams.reduce((sum, s) => sum + s.signatures.signed, 0),
      valid: streams.reduce((sum, s) => sum + s.signatures.valid, 0),
    },
    checkpoint,
  };
}
