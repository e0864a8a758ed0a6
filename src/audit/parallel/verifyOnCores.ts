import { stat } from 'node:fs/promises';
import type { EventStore } from '../../store/eventStore.ts';
import { countEvents } from '../../store/countEvents.ts';
import { defaultJobs, spreadsByDefault } from '../../parallel/jobs.ts';
import { createClaims } from '../../parallel/claims.ts';
import { runWorkers, workerFile } from '../../parallel/workerPool.ts';
import type { StreamVerdict } from '../chainVerifier.ts';
import { closeAuditSource, openAuditSource, type AuditSource } from '../source.ts';
import { reportOf, verifySource, type VerifyOptions, type VerifyReport } from '../verify.ts';
import type { VerifyJob } from './verifyJob.ts';
import { verifyPart } from './verifyPart.ts';

/** Options of {@link verifyLog}: those of verifyStore, and how many worker threads to spread the streams over. */
export type VerifyLogOptions = VerifyOptions & {
  /**
   * Worker threads (README, "Command line", `--jobs`). 1: this thread only. Default: one per core, for a store of
   * 20,000 events or more (a SQLite store: 100,000); smaller stores and any JSONL log stay in this thread.
   * @defaultValue one per core
   */
  readonly jobs?: number;
};

/**
 * Returns the verdict on the log `location` names (a `.jsonl` file, a SQLite file, a PostgreSQL URL), as
 * verifyJsonlFile and verifyStore give it, with its streams spread over worker threads that open the log read-only
 * themselves. The report is the one a single thread gives, verdict for verdict in the same order. A memory store, a
 * single stream and `stopAtFirstProblem` stay in this thread; so does a JSONL log with a damaged line, which is
 * verified again on one thread (placing a damaged line takes every stream's state).
 */
export async function verifyLog(location: string, options: VerifyLogOptions = {}): Promise<VerifyReport> {
  const source = await openAuditSource(location);
  try {
    return await verifySourceOnCores(source, location, options);
  } finally {
    await closeAuditSource(source);
  }
}

/** {@link verifyLog} of a source already open; `location` is what workers open (a PostgreSQL URL with its password). */
export async function verifySourceOnCores(
  source: AuditSource,
  location: string,
  options: VerifyLogOptions = {},
): Promise<VerifyReport> {
  const { jobs: _jobs, ...rest } = options;
  return (await verifyOnWorkers(source, location, options)) ?? verifySource(source, rest);
}

/**
 * Returns the report of a verification spread over worker threads, or null where one thread is to do it: one job, a
 * memory store, fewer than two streams, `stopAtFirstProblem`, a log left to the default number of jobs that
 * {@link spreadsByDefault} keeps in this thread, or a JSONL log with a damaged line.
 */
export async function verifyOnWorkers(
  source: AuditSource,
  location: string,
  options: VerifyLogOptions = {},
): Promise<VerifyReport | null> {
  const { jobs: asked, ...rest } = options;
  const jobs = asked ?? defaultJobs();
  const few = rest.streams !== undefined && rest.streams.length < 2;
  if (jobs <= 1 || few || rest.stopAtFirstProblem || (source.kind === 'store' && source.store.kind === 'memory'))
    return null;
  return source.kind === 'file'
    ? verifyFile(source.path, jobs, asked === undefined, rest)
    : verifyStreams(source.store, location, jobs, asked === undefined, rest);
}

const verifyWorker = workerFile(import.meta.url, 'verifyWorker');

function jobOf(options: VerifyOptions): Pick<VerifyJob, 'keys' | 'requireSignatures' | 'checkpoint'> {
  return {
    ...(options.keys !== undefined ? { keys: options.keys.keys } : {}),
    ...(options.requireSignatures ? { requireSignatures: true } : {}),
    ...(options.checkpoint !== undefined ? { checkpoint: options.checkpoint } : {}),
  };
}

const byStream = (a: StreamVerdict, b: StreamVerdict) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0);

async function verifyStreams(
  store: EventStore,
  location: string,
  jobs: number,
  auto: boolean,
  options: VerifyOptions,
): Promise<VerifyReport | null> {
  // The streams verifyStore walks, in its order: the ones asked for (or all), and a checkpoint's.
  const named = new Set(options.streams ?? (await store.listStreams()));
  for (const entry of options.checkpoint?.streams ?? []) if (options.streams === undefined) named.add(entry.stream);
  const streams = [...named].sort();
  // The events are counted (a head per stream) for the default's choice and the progress reports only.
  const total = auto || options.onProgress !== undefined ? await countEvents(store, streams) : 0;
  const threads = Math.min(jobs, streams.length);
  const log = store.kind === 'sqlite' ? 'sqlite' : 'store';
  if (threads < 2 || (auto && !spreadsByDefault('verify', log, total))) return null;
  const read = new Array<number>(threads).fill(0);
  const job: VerifyJob = { kind: 'store', url: location, streams, claims: createClaims(), ...jobOf(options) };
  const results = await runWorkers(
    verifyWorker,
    new Array<VerifyJob>(threads).fill(job),
    verifyPart,
    (index, _done, events) => {
      read[index] = events;
      const sum = read.reduce((a, b) => a + b, 0);
      options.onProgress?.({ done: sum, total, unit: 'events', events: sum });
    },
  );
  const verdicts = results.flatMap((r) => r.verdicts).sort(byStream);
  return reportOf(
    store.location,
    results.reduce((sum, r) => sum + r.events, 0),
    verdicts,
    options,
  );
}

async function verifyFile(
  path: string,
  jobs: number,
  auto: boolean,
  options: VerifyOptions,
): Promise<VerifyReport | null> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0, // verifyJsonlFile says what is wrong with the path
  );
  if (size === 0 || (auto && !spreadsByDefault('verify', 'file', size))) return null;
  const bytes = new Array<number>(jobs).fill(0);
  const lines = new Array<number>(jobs).fill(0);
  const common = jobOf(options);
  const results = await runWorkers(
    verifyWorker,
    Array.from({ length: jobs }, (_, part): VerifyJob => ({ kind: 'file', path, part, parts: jobs, ...common })),
    verifyPart,
    (index, done, events) => {
      bytes[index] = done;
      lines[index] = events;
      options.onProgress?.({ done: Math.min(...bytes), total: size, unit: 'bytes', events: Math.min(...lines) });
    },
  );
  if (results.some((r) => r.doubt)) return null;
  const verdicts = results.flatMap((r) => r.verdicts).sort(byStream);
  return reportOf(path, results[0]!.events, verdicts, options);
}
