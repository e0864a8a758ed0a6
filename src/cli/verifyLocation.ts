import { assertStreamExists, closeAuditSource, openAuditSource } from '../audit/source.ts';
import { reportHolds, type VerifyReport } from '../audit/verify.ts';
import { verifySourceOnCores, type VerifyLogOptions } from '../audit/parallel/verifyOnCores.ts';
import type { CliIo } from './io.ts';
import { createProgressBar } from './progress.ts';

/**
 * Returns the verify report of a store or JSONL file, with a progress bar on a terminal. With `stream`, only that
 * stream is verified, and a stream the log does not hold is the missing-stream error (exit 2), asked after verifying
 * so that a log is read twice only when the stream is not in it. `jobs`: worker threads (README, `--jobs`).
 */
export async function verifyLocation(
  io: CliIo,
  location: string,
  stream: string | undefined,
  options: Omit<VerifyLogOptions, 'streams' | 'onProgress'> = {},
): Promise<VerifyReport> {
  const progress = createProgressBar(io, 'verify');
  const source = await openAuditSource(location);
  try {
    const report = await verifySourceOnCores(source, location, {
      ...options,
      ...(stream !== undefined ? { streams: [stream] } : {}),
      ...(progress.live ? { onProgress: (p) => progress.update(p.done, p.total, p.events) } : {}),
    });
    if (stream !== undefined && !reportHolds(report, stream)) {
      progress.done();
      await assertStreamExists(source, stream);
    }
    return report;
  } finally {
    progress.done();
    await closeAuditSource(source);
  }
}
