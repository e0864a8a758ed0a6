import { createReplayAuditor } from '../audit/replayAudit.ts';
import { notAnEvent, parseEventLine } from '../audit/source.ts';
import { claimed } from '../parallel/claims.ts';
import { lineStream, ownerOf } from '../parallel/partition.ts';
import { doubt } from '../parallel/workerErrors.ts';
import type { Part } from '../parallel/workerPool.ts';
import { openStore } from '../store/openStore.ts';
import { readJsonlChunks } from '../store/jsonlLines.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import type { ReplayJob, ReplayPart } from './replayJob.ts';
import { replayedStream } from './replayOutput.ts';

/**
 * One share of `phasegate replay --jobs N` (README, "Command line"), in a worker or in the main thread: it opens the
 * store read-only itself (or reads the JSONL log), re-decides the streams it claims, and returns what to print.
 */
export function replayPart(registry: WorkflowRegistry): Part<ReplayJob, ReplayPart> {
  return async (job, progress, position) => {
    const auditor = createReplayAuditor(registry, { roles: job.roles });
    let read = 0;
    if (job.kind === 'store') {
      const store = await openStore(job.url, { readOnly: true });
      try {
        for (const index of claimed(job.claims, job.streams.length)) {
          const stream = job.streams[index]!;
          position.at = index;
          for await (const event of store.readStream(stream)) {
            auditor.accept(event);
            if (++read % 1000 === 0) progress(read, read);
          }
        }
      } finally {
        await store.close();
      }
    } else {
      const onChunk = (done: number) => progress(done, read);
      for await (const lines of readJsonlChunks(job.path, { onChunk })) {
        for (const { bytes, lineNo } of lines) {
          const stream = lineStream(bytes);
          if (ownerOf(stream, job.parts) !== job.part) continue;
          position.at = lineNo;
          const line = parseEventLine(bytes);
          if (line.outcome === 'invalid') throw notAnEvent(job.path, lineNo, line.problem);
          // A line whose bytes named another stream than it holds: placing it takes every stream (replayOnCores.ts).
          if (line.event.stream !== stream) throw doubt(`line ${lineNo} is not where its bytes placed it`);
          auditor.accept(line.event);
          read++;
        }
      }
    }
    return auditor.finish().map((audit) => replayedStream(registry, audit, job.json));
  };
}
