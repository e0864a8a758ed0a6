import type { ReportCell } from '../../workflow/report.ts';
import type { Dossier } from './buildDossier.ts';

/** A table every dossier has, whatever the workflow: refusals, replay findings, the event index. */
export type DossierTable = {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly ReportCell[]>;
  readonly empty?: string;
};

/** Returns the dossier's own tables, after the workflow's sections: refusals, findings, and every event. */
export function dossierTables(dossier: Dossier): DossierTable[] {
  return [refusalsTable(dossier), findingsTable(dossier), eventIndexTable(dossier)];
}

/** Returns the table of refused proposals. */
export function refusalsTable(dossier: Dossier): DossierTable {
  return {
    title: `Refused proposals (${dossier.refusals.stream})`,
    columns: ['Seq', 'Recorded at', 'Actor', 'Role', 'Proposed', 'At seq', 'Refusal', 'State', 'Reasons'],
    rows: dossier.refusals.rows.map((r) => [
      r.seq,
      r.recordedAt,
      r.actor,
      r.role,
      r.proposed,
      r.atSeq,
      r.kind,
      r.state,
      r.reasons.join('; '),
    ]),
    empty: 'No refused proposal is on record (refusals are recorded when the engine runs with recordRefusals).',
  };
}

/** Returns the table of replay findings. */
export function findingsTable(dossier: Dossier): DossierTable {
  return {
    title: 'Replay findings: events a faithful engine would not have accepted',
    columns: ['Stream', 'Seq', 'Event', 'Id', 'Finding', 'Reason'],
    rows: dossier.integrity.findings.map((f) => [f.stream, f.seq, f.type, f.id, f.kind, f.reason]),
    empty: 'None: every event would have been accepted.',
  };
}

/** Returns the index of every stored event, with its hash: the dossier's appendix. */
export function eventIndexTable(dossier: Dossier): DossierTable {
  return {
    title: 'Appendix: event index',
    columns: ['Seq', 'Event', 'Occurred', 'Recorded', 'Actor', 'Role', 'Workflow', 'Signed with', 'Hash'],
    rows: dossier.events.map((e) => [
      e.seq,
      e.type,
      e.occurredAt,
      e.recordedAt,
      e.actor,
      e.role,
      e.workflow,
      e.keyId,
      e.hash,
    ]),
  };
}
