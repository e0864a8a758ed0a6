import { openStore } from '../../store/openStore.ts';
import { readJsonlChunks } from '../../store/jsonlLines.ts';
import { claimed } from '../../parallel/claims.ts';
import { lineStream, ownerOf } from '../../parallel/partition.ts';
import type { Part } from '../../parallel/workerPool.ts';
import { createChainVerifier, type StreamVerdict } from '../chainVerifier.ts';
import { createKeyRegistry } from '../keys.ts';
import { readLine } from '../lineFields.ts';
import { readStreamInto, type VerifyOptions } from '../verify.ts';
import type { VerifyJob, VerifyPart } from './verifyJob.ts';

/**
 * One share of a verification spread over the cores (README, "Command line", `--jobs`), in a worker or in the main
 * thread: it opens the store read-only itself and verifies the streams it claims (or reads the JSONL log).
 */
export const verifyPart: Part<VerifyJob, VerifyPart> = async (job, progress) => {
  const options: VerifyOptions = {
    ...(job.keys !== undefined ? { keys: createKeyRegistry(job.keys) } : {}),
    ...(job.requireSignatures ? { requireSignatures: true } : {}),
    ...(job.checkpoint !== undefined ? { checkpoint: job.checkpoint } : {}),
  };
  return job.kind === 'store' ? verifyStreams(job, options, progress) : verifyLines(job, options, progress);
};

/**
 * Verifies the streams this thread claims (claims.ts), each with a verifier of its own (a stream's verdict rests on
 * that stream alone), given its entry of the checkpoint.
 */
async function verifyStreams(
  job: Extract<VerifyJob, { kind: 'store' }>,
  options: VerifyOptions,
  progress: (done: number, events: number) => void,
): Promise<VerifyPart> {
  const store = await openStore(job.url, { readOnly: true });
  const { checkpoint, ...rest } = options;
  const heads = new Map((checkpoint?.streams ?? []).map((entry) => [entry.stream, entry]));
  const verdicts: StreamVerdict[] = [];
  let events = 0;
  const count = () => {
    if (++events % 4096 === 0) progress(events, events);
  };
  try {
    for (const index of claimed(job.claims, job.streams.length)) {
      const stream = job.streams[index]!;
      const entry = heads.get(stream);
      const verifier = createChainVerifier({
        ...rest,
        streams: [stream],
        ...(checkpoint !== undefined ? { checkpoint: { ...checkpoint, streams: entry ? [entry] : [] } } : {}),
      });
      await readStreamInto(store, stream, verifier, count, job.keys !== undefined);
      verdicts.push(...verifier.finish());
    }
  } finally {
    await store.close();
  }
  progress(events, events);
  return { verdicts, events, doubt: false };
}

/**
 * Reads the whole log, and verifies the lines of the streams this share owns. A line that is not an intact event,
 * or whose stream is not the one its bytes seemed to name, is a doubt: placing a damaged line takes every stream's
 * state, so the log is verified on one thread instead.
 */
async function verifyLines(
  job: Extract<VerifyJob, { kind: 'file' }>,
  options: VerifyOptions,
  progress: (done: number, events: number) => void,
): Promise<VerifyPart> {
  const mine = (stream: string | null) => ownerOf(stream, job.parts) === job.part;
  const checkpoint = options.checkpoint && {
    ...options.checkpoint,
    streams: options.checkpoint.streams.filter((e) => mine(e.stream)),
  };
  const verifier = createChainVerifier({ ...options, ...(checkpoint ? { checkpoint } : {}) });
  const withActor = job.keys !== undefined;
  let events = 0;
  const onChunk = (done: number) => progress(done, events);
  for await (const lines of readJsonlChunks(job.path, { onChunk })) {
    for (const line of lines) {
      const stream = lineStream(line.bytes);
      if (!mine(stream)) continue;
      const reading = readLine(line.bytes, withActor);
      if (reading.outcome !== 'read' || reading.fields.stream !== stream)
        return { verdicts: [], events: 0, doubt: true };
      verifier.read(line, reading);
    }
    events += lines.length;
  }
  return { verdicts: verifier.finish(), events, doubt: false };
}
