import type { StreamAudit } from '../audit/replayAudit.ts';
import { streamStateJson, toStreamState } from '../engine/streamState.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { stateText } from '../workflow/statePath.ts';
import { counted } from '../words.ts';
import { sanitize } from './io.ts';

/**
 * What `phasegate replay` prints of one stream and what its closing summary counts of it. A worker thread makes it
 * for the streams it replayed (an XState snapshot does not cross threads; this text does), the main thread prints it.
 */
export type ReplayedStream = {
  readonly stream: string;
  /** The stream's lines (or its JSON line), newline-terminated. */
  readonly text: string;
  readonly findings: number;
  /** With `--roles newest`: the events that would be refused under the newest version's role rules, and that version. */
  readonly unheld: number;
  readonly newest: string | null;
};

/** Returns what `replay` prints of one stream's audit (README, "Auditing a log"). */
export function replayedStream(registry: WorkflowRegistry, audit: StreamAudit, json: boolean): ReplayedStream {
  const newest = audit.underNewest;
  return {
    stream: audit.stream,
    text: auditText(registry, audit, json),
    findings: audit.findings.length,
    unheld: newest === undefined ? 0 : new Set(newest.findings.map((f) => f.seq)).size,
    newest: newest?.workflow ?? null,
  };
}

function auditText(registry: WorkflowRegistry, audit: StreamAudit, json: boolean): string {
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
    return `${JSON.stringify({ ok, ...shown, events: audit.events, findings: audit.findings, ...underNewest })}\n`;
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
  return lines.map((line) => `${sanitize(line)}\n`).join('');
}
