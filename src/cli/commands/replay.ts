import { createReplayAuditor, type StreamAudit } from '../../audit/replayAudit.ts';
import { assertStreamExists, closeAuditSource, openAuditSource, readJsonlEvents } from '../../audit/source.ts';
import { streamStateJson, toStreamState } from '../../engine/streamState.ts';
import type { WorkflowRegistry } from '../../workflow/registry.ts';
import { UsageError } from '../../errors.ts';
import { required, type Command } from '../command.ts';
import { counted } from '../../words.ts';
import { printJson, sanitize, type CliIo } from '../io.ts';
import { createProgressBar } from '../progress.ts';
import { stateText } from '../../workflow/statePath.ts';

/**
 * `phasegate replay`: an audit. Re-decides every stored event under the workflow version it names (chain, clock,
 * payload schema, role policy, machine) and reports each event a faithful engine would not have accepted; exit 4
 * when there is any. With `--roles newest` it also judges each event under the role policy of the newest version
 * (README, "Auditing a log") and lists every event whose actor, or a decider it names, would not hold its role
 * there; exit 3 when there is any (and nothing made it 4).
 */
export const replayCommand: Command = {
  name: 'replay',
  usage: 'replay <store|file.jsonl> [--stream S] [--roles own|newest] [--json]',
  summary:
    're-decide every event under the workflow version it names; report each one a faithful engine would have refused ' +
    '(--roles newest: also each event whose actor or deciders would not hold their roles under the newest version)',
  options: { stream: { type: 'string' }, roles: { type: 'string' } },
  async run({ registry, io }, positionals, values) {
    const location = required(this, positionals, 0, '<store|file.jsonl>');
    const only = typeof values.stream === 'string' ? values.stream : undefined;
    const roles = values.roles ?? 'own';
    if (roles !== 'own' && roles !== 'newest') {
      throw new UsageError(
        `--roles is own (each event under its own version's rules) or newest, not "${String(roles)}"\nusage: phasegate ${this.usage}`,
      );
    }
    const auditor = createReplayAuditor(registry, { roles });
    const source = await openAuditSource(location);
    let audits: StreamAudit[];
    // A progress bar on a terminal only (README, "Auditing a log"): bytes of a file, events of a store.
    const progress = createProgressBar(io, 'replay');
    let read = 0;
    try {
      if (source.kind === 'file') {
        let bytes = [0, 0];
        const onChunk = (done: number, total: number) => void (bytes = [done, total]);
        for await (const event of readJsonlEvents(source.path, undefined, { onChunk })) {
          if (only === undefined || event.stream === only) auditor.accept(event);
          if (++read % 1000 === 0) progress.update(bytes[0]!, bytes[1]!, read);
        }
      } else {
        const streams = only !== undefined ? [only] : await source.store.listStreams();
        let total = 0;
        for (const stream of streams) total += (await source.store.head(stream))?.seq ?? 0;
        for (const stream of streams) {
          for await (const event of source.store.readStream(stream)) {
            auditor.accept(event);
            if (++read % 1000 === 0) progress.update(read, total, read);
          }
        }
      }
      progress.done();
      audits = auditor.finish();
      // Asked after the pass, so a log is read again only when the stream is not in it.
      if (only !== undefined && !audits.some((a) => a.stream === only)) await assertStreamExists(source, only);
    } finally {
      progress.done();
      await closeAuditSource(source);
    }
    for (const audit of audits) print(io, registry, audit, values.json === true);
    const failing = audits.filter((a) => a.findings.length > 0);
    if (failing.length > 0) {
      const count = failing.reduce((sum, a) => sum + a.findings.length, 0);
      const where = `${failing.length} of ${counted(audits.length, 'stream')}`;
      io.stderr.write(
        `phasegate: ${counted(count, 'finding')} in ${where}: the log was not written by a faithful engine\n`,
      );
    }
    const unheld = audits.filter((a) => (a.underNewest?.findings.length ?? 0) > 0);
    if (unheld.length > 0) {
      const seqs = unheld.reduce((sum, a) => sum + new Set(a.underNewest!.findings.map((f) => f.seq)).size, 0);
      const under = [...new Set(unheld.map((a) => a.underNewest!.workflow))].join(', ');
      const where = `${unheld.length} of ${counted(audits.length, 'stream')}`;
      io.stderr.write(
        `phasegate: ${counted(seqs, 'event')} in ${where} would be refused under the role rules of ${under}\n`,
      );
    }
    return failing.length > 0 ? 4 : unheld.length > 0 ? 3 : 0;
  },
};

function print(io: CliIo, registry: WorkflowRegistry, audit: StreamAudit, json: boolean): void {
  const ok = audit.findings.length === 0;
  const state =
    audit.snapshot === null || audit.workflow === null
      ? null
      : toStreamState(audit.stream, registry.get(audit.workflow), audit.snapshot, {
          seq: audit.seq,
          hash: '',
          recordedAt: null,
        });
  if (json) {
    const {
      hash: _hash,
      recordedAt: _recordedAt,
      ...shown
    } = state === null ? ({ stream: audit.stream, seq: audit.seq } as Record<string, unknown>) : streamStateJson(state);
    const underNewest = audit.underNewest ? { underNewest: audit.underNewest } : {};
    printJson(io, { ok, ...shown, events: audit.events, findings: audit.findings, ...underNewest });
    return;
  }
  const label = state === null ? '(no workflow)' : stateText(state.state);
  const lines = [`${ok ? 'ok  ' : 'FAIL'}  ${audit.stream}  seq ${audit.seq}  ${audit.workflow ?? '-'}  ${label}`];
  for (const f of audit.findings) lines.push(`      seq ${f.seq} ${f.type} (${f.id}): ${f.kind}: ${f.reason}`);
  const newest = audit.underNewest;
  if (newest !== undefined && (newest.workflow !== audit.workflow || newest.findings.length > 0)) {
    const refused = new Set(newest.findings.map((f) => f.seq)).size;
    const verdict =
      refused === 0 ? 'every actor and decider holds its role' : `${counted(refused, 'event')} would be refused`;
    lines.push(`      under the role rules of ${newest.workflow}: ${verdict}`);
    for (const f of newest.findings) lines.push(`      seq ${f.seq} ${f.type} (${f.id}): ${f.reason}`);
  }
  io.stdout.write(lines.map((line) => `${sanitize(line)}\n`).join(''));
}
