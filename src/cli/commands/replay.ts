import { createReplayAuditor } from '../../audit/replayAudit.ts';
import { assertStreamExists, closeAuditSource, openAuditSource, readJsonlEvents } from '../../audit/source.ts';
import { UsageError } from '../../errors.ts';
import { countEvents } from '../../store/countEvents.ts';
import { parseJobs } from '../../parallel/jobs.ts';
import { required, type Command } from '../command.ts';
import { counted } from '../../words.ts';
import type { CliIo } from '../io.ts';
import { createProgressBar } from '../progress.ts';
import { replayOnCores } from '../replayOnCores.ts';
import { replayedStream, type ReplayedStream } from '../replayOutput.ts';

/**
 * `phasegate replay`: an audit. Re-decides every stored event under the workflow version it names (chain, clock,
 * payload schema, role policy, machine) and reports each event a faithful engine would not have accepted; exit 4
 * when there is any. With `--roles newest` it also judges each event under the role policy of the newest version
 * (README, "Auditing a log") and lists every event whose actor, or a decider it names, would not hold its role
 * there; exit 3 when there is any (and nothing made it 4). With `--jobs N` the streams are spread over N worker
 * threads (README, "Command line"); the output is the same.
 */
export const replayCommand: Command = {
  name: 'replay',
  usage: 'replay <store|file.jsonl> [--stream S] [--roles own|newest] [--jobs N] [--json]',
  summary:
    're-decide every event under the workflow version it names; report each one a faithful engine would have refused ' +
    '(--roles newest: also each event whose actor or deciders would not hold their roles under the newest version)',
  options: { stream: { type: 'string' }, roles: { type: 'string' }, jobs: { type: 'string' } },
  usesReadModels: false,
  async run({ registry, io }, positionals, values) {
    const location = required(this, positionals, 0, '<store|file.jsonl>');
    const only = typeof values.stream === 'string' ? values.stream : undefined;
    const roles = values.roles ?? 'own';
    if (roles !== 'own' && roles !== 'newest') {
      throw new UsageError(
        `--roles is own (each event under its own version's rules) or newest, not "${String(roles)}"\nusage: phasegate ${this.usage}`,
      );
    }
    const jobs = parseJobs(values.jobs);
    const json = values.json === true;
    const source = await openAuditSource(location);
    let streams: ReplayedStream[] | null = null;
    // A progress bar on a terminal only (README, "Auditing a log"): bytes of a file, events of a store.
    const progress = createProgressBar(io, 'replay');
    let read = 0;
    try {
      // One stream is one thread's work; more are spread over worker threads unless --jobs 1.
      if (only === undefined) {
        const workflows = typeof values.workflows === 'string' ? values.workflows : undefined;
        const request = { cwd: io.cwd ?? process.cwd(), workflows, roles, json, jobs } as const;
        const onProgress = (done: number, total: number, events: number) => progress.update(done, total, events);
        streams = await replayOnCores(source, location, registry, request, progress.live ? onProgress : undefined);
      }
      if (streams === null) {
        const auditor = createReplayAuditor(registry, { roles });
        if (source.kind === 'file') {
          let bytes = [0, 0];
          const onChunk = (done: number, total: number) => void (bytes = [done, total]);
          for await (const event of readJsonlEvents(source.path, undefined, { onChunk })) {
            if (only === undefined || event.stream === only) auditor.accept(event);
            if (++read % 1000 === 0) progress.update(bytes[0]!, bytes[1]!, read);
          }
        } else {
          const names = only !== undefined ? [only] : await source.store.listStreams();
          // The bar's total only: no head is read when no bar is drawn.
          const total = progress.live ? await countEvents(source.store, names) : 0;
          for (const stream of names) {
            for await (const event of source.store.readStream(stream)) {
              auditor.accept(event);
              if (++read % 1000 === 0) progress.update(read, total, read);
            }
          }
        }
        streams = auditor.finish().map((audit) => replayedStream(registry, audit, json));
      }
      progress.done();
      // Asked after the pass, so a log is read again only when the stream is not in it.
      if (only !== undefined && !streams.some((a) => a.stream === only)) await assertStreamExists(source, only);
    } finally {
      progress.done();
      await closeAuditSource(source);
    }
    io.stdout.write(streams.map((s) => s.text).join(''));
    return summarize(io, streams);
  },
};

/** Writes the closing lines on stderr and returns the exit code: 4 for a finding, 3 for a role unheld, else 0. */
function summarize(io: CliIo, streams: readonly ReplayedStream[]): number {
  const failing = streams.filter((a) => a.findings > 0);
  if (failing.length > 0) {
    const count = failing.reduce((sum, a) => sum + a.findings, 0);
    const where = `${failing.length} of ${counted(streams.length, 'stream')}`;
    io.stderr.write(
      `phasegate: ${counted(count, 'finding')} in ${where}: the log was not written by a faithful engine\n`,
    );
  }
  const unheld = streams.filter((a) => a.unheld > 0);
  if (unheld.length > 0) {
    const seqs = unheld.reduce((sum, a) => sum + a.unheld, 0);
    const under = [...new Set(unheld.map((a) => a.newest!))].join(', ');
    const where = `${unheld.length} of ${counted(streams.length, 'stream')}`;
    io.stderr.write(
      `phasegate: ${counted(seqs, 'event')} in ${where} would be refused under the role rules of ${under}\n`,
    );
  }
  return failing.length > 0 ? 4 : unheld.length > 0 ? 3 : 0;
}
