import { stat } from 'node:fs/promises';
import type { AuditSource } from '../audit/source.ts';
import { countEvents } from '../store/countEvents.ts';
import { defaultJobs, spreadsByDefault } from '../parallel/jobs.ts';
import { createClaims } from '../parallel/claims.ts';
import { isDoubt } from '../parallel/workerErrors.ts';
import { runWorkers, workerFile } from '../parallel/workerPool.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import type { ReplayJob, ReplayPart } from './replayJob.ts';
import { replayPart } from './replayPart.ts';
import type { ReplayedStream } from './replayOutput.ts';

/** How `replay` was asked: its options, and what a worker needs to load the same workflows. */
export type ReplayRequest = Pick<ReplayJob, 'cwd' | 'workflows' | 'roles' | 'json'> & {
  /** `--jobs`; undefined: one per core, for a log that {@link spreadsByDefault} spreads. */
  readonly jobs: number | undefined;
};

const replayWorker = workerFile(import.meta.url, 'replayWorker');

/**
 * Replays the streams of a store or JSONL log spread over worker threads (README, "Command line", `--jobs`), each
 * opening the log read-only itself, and returns what to print of each stream in stream order, as one thread would.
 * Returns null where one thread does the walk: one job, a memory store, a small log left to the default, or a JSONL
 * log with a line its bytes misplace (placing it takes every stream's state). An error is the one a one-thread walk
 * meets first.
 */
export async function replayOnCores(
  source: AuditSource,
  location: string,
  registry: WorkflowRegistry,
  request: ReplayRequest,
  onProgress?: (done: number, total: number, events: number) => void,
): Promise<ReplayedStream[] | null> {
  const { jobs: asked, ...common } = request;
  const jobs = asked ?? defaultJobs();
  if (jobs <= 1) return null;
  // This thread replays the first share with the workflows it has loaded; a worker loads them again.
  const here = replayPart(registry);
  const auto = asked === undefined;
  let results: ReplayPart[];
  try {
    if (source.kind === 'file') {
      const size = await stat(source.path).then(
        (s) => s.size,
        () => 0,
      );
      if (size === 0 || (auto && !spreadsByDefault('replay', 'file', size))) return null;
      const bytes = new Array<number>(jobs).fill(0);
      const lines = new Array<number>(jobs).fill(0);
      results = await runWorkers(
        replayWorker,
        Array.from({ length: jobs }, (_, part): ReplayJob => ({
          kind: 'file',
          path: source.path,
          part,
          parts: jobs,
          ...common,
        })),
        here,
        (index, done, events) => {
          bytes[index] = done;
          lines[index] = events;
          onProgress?.(
            Math.min(...bytes),
            size,
            lines.reduce((a, b) => a + b, 0),
          );
        },
      );
    } else {
      if (source.store.kind === 'memory') return null;
      const streams = await source.store.listStreams();
      // The events are counted (a head per stream) for the default's choice and the progress reports only.
      const total = auto || onProgress !== undefined ? await countEvents(source.store, streams) : 0;
      const threads = Math.min(jobs, streams.length);
      if (threads < 2 || (auto && !spreadsByDefault('replay', 'store', total))) return null;
      const read = new Array<number>(threads).fill(0);
      const job: ReplayJob = { kind: 'store', url: location, streams, claims: createClaims(), ...common };
      results = await runWorkers(
        replayWorker,
        new Array<ReplayJob>(threads).fill(job),
        here,
        (index, _done, events) => {
          read[index] = events;
          const sum = read.reduce((a, b) => a + b, 0);
          onProgress?.(sum, total, sum);
        },
      );
    }
  } catch (error) {
    if (isDoubt(error)) return null;
    throw error;
  }
  return results.flat().sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
}
