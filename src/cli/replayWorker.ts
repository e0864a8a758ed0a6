/**
 * A worker thread of `phasegate replay --jobs N` (README, "Command line"): it loads the CLI's workflows, opens the
 * store read-only itself (or reads the JSONL log), re-decides the streams it was given, and posts what to print.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { programmeVersions } from '../../machines/index.ts';
import { createReplayAuditor } from '../audit/replayAudit.ts';
import { notAnEvent, parseEventLine } from '../audit/source.ts';
import { lineStream, ownerOf } from '../parallel/partition.ts';
import { doubt } from '../parallel/workerErrors.ts';
import { postError, postProgress, postResult } from '../parallel/workerPool.ts';
import { openStore } from '../store/openStore.ts';
import { readJsonlChunks } from '../store/jsonlLines.ts';
import { replayedStream } from './replayOutput.ts';
import type { ReplayJob, ReplayPart } from './replayJob.ts';
import { loadCliRegistry } from './workflowModules.ts';

const port = parentPort!;
const job = workerData as ReplayJob;
/** Where the walk is: a stream's place among the store's, or a line of the log (what an error is placed by). */
let at = 0;

try {
  const { registry } = await loadCliRegistry(job.cwd, job.workflows, programmeVersions);
  const auditor = createReplayAuditor(registry, { roles: job.roles });
  let read = 0;
  if (job.kind === 'store') {
    const store = await openStore(job.url, { readOnly: true });
    try {
      for (const [i, stream] of job.streams.entries()) {
        at = job.positions[i]!;
        for await (const event of store.readStream(stream)) {
          auditor.accept(event);
          if (++read % 1000 === 0) postProgress(port, read, read);
        }
      }
    } finally {
      await store.close();
    }
  } else {
    const onChunk = (done: number) => postProgress(port, done, read);
    for await (const lines of readJsonlChunks(job.path, { onChunk })) {
      for (const { bytes, lineNo } of lines) {
        const stream = lineStream(bytes);
        if (ownerOf(stream, job.parts) !== job.part) continue;
        at = lineNo;
        const line = parseEventLine(bytes);
        if (line.outcome === 'invalid') throw notAnEvent(job.path, lineNo, line.problem);
        // A line whose bytes named another stream than it holds: placing it takes every stream (replay.ts).
        if (line.event.stream !== stream) throw doubt(`line ${lineNo} is not where its bytes placed it`);
        auditor.accept(line.event);
        read++;
      }
    }
  }
  const part: ReplayPart = auditor.finish().map((audit) => replayedStream(registry, audit, job.json));
  postResult(port, part);
} catch (error) {
  postError(port, at, error);
}
