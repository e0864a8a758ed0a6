import type { RecordedEvent } from '../../envelope/envelope.ts';
import { toStreamState } from '../../engine/streamState.ts';
import type { Workflow } from '../../workflow/defineWorkflow.ts';
import { proposalRefusedType, refusalsStreamOf, type ProposalRefusedData } from '../../workflow/refusalsWorkflow.ts';
import type { WorkflowRegistry } from '../../workflow/registry.ts';
import { upcast } from '../../workflow/replay.ts';
import type { ReportFact, ReportSection } from '../../workflow/report.ts';
import type { Checkpoint } from '../checkpoint.ts';
import type { KeyRegistry } from '../keys.ts';
import { createReplayAuditor, type ReplayFinding } from '../replayAudit.ts';
import { readJsonlEvents, sourceLocation, type AuditSource } from '../source.ts';
import { verifySource, type VerifyReport } from '../verify.ts';
import { integritySummary, type CheckpointOutcome, type RefusalsVerdict } from './integrity.ts';
import { stateText } from '../../workflow/statePath.ts';

/** One refused proposal, as the dossier lists it. */
export type DossierRefusal = {
  readonly seq: number;
  readonly recordedAt: string;
  readonly actor: string;
  readonly role: string;
  readonly proposed: string;
  readonly atSeq: number;
  readonly kind: string;
  readonly state: string;
  readonly reasons: readonly string[];
};

/** One line of the event index: every stored event, with who recorded it and the key that signed it. */
export type DossierEvent = {
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly role: string;
  readonly workflow: string;
  readonly keyId: string | null;
  readonly hash: string;
};

/** The audit dossier of one stream: what the workflow's projection shows, the refusals, and the integrity verdict. */
export type Dossier = {
  readonly format: 'phasegate-dossier/1';
  readonly generatedAt: string;
  readonly source: string;
  readonly stream: string;
  readonly title: string;
  readonly identity: readonly ReportFact[];
  readonly state: null | {
    readonly seq: number;
    readonly workflow: string;
    readonly state: string | readonly string[];
    readonly status: string;
  };
  /** The workflow versions the stream was decided under, by seq range. */
  readonly versions: ReadonlyArray<{ readonly workflow: string; readonly fromSeq: number; readonly toSeq: number }>;
  readonly sections: readonly ReportSection[];
  readonly refusals: { readonly stream: string; readonly rows: readonly DossierRefusal[] };
  readonly events: readonly DossierEvent[];
  readonly integrity: {
    /** The verdict on the stream's history: it rests on the stream alone. */
    readonly verdict: 'intact' | 'not intact';
    /** The verdict on its refusals stream, a line of its own in the summary. */
    readonly refusals: RefusalsVerdict;
    /** The verdict in sentences, the first one saying whether the history can be trusted, the second the refusals'. */
    readonly summary: readonly string[];
    readonly verify: VerifyReport;
    readonly findings: readonly ReplayFinding[];
    /** How the stream stands against the checkpoint given, or null when none was. */
    readonly checkpoint: CheckpointOutcome | null;
  };
};

/** Options of {@link buildDossier}. */
export type DossierOptions = {
  readonly keys?: KeyRegistry;
  readonly requireSignatures?: boolean;
  readonly checkpoint?: Checkpoint;
  /** When the dossier is made. @defaultValue now */
  readonly generatedAt?: string;
};

/**
 * Returns the dossier of `stream`: verifies its chain, signatures and checkpoint (and those of `<stream>.refusals`),
 * re-decides every event under its recorded workflow version, and folds the events, lifted to the payload schemas of
 * the version the stream is under at its end, through that version's dossier projection. Reads the source twice
 * (verify, then one pass that audits and folds as it reads, holding no event), and the stream once more when it ended
 * under a version with another projection than the one it started under; never changes the source.
 */
export async function buildDossier(
  source: AuditSource,
  registry: WorkflowRegistry,
  stream: string,
  options: DossierOptions = {},
): Promise<Dossier> {
  const refusalsStream = refusalsStreamOf(stream);
  const verifyOptions = {
    streams: [stream, refusalsStream],
    ...(options.keys ? { keys: options.keys } : {}),
    ...(options.requireSignatures ? { requireSignatures: true } : {}),
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
  };
  const verify = await verifySource(source, verifyOptions);
  const auditor = createReplayAuditor(registry);
  const events: DossierEvent[] = [];
  const versions: Array<{ workflow: string; fromSeq: number; toSeq: number }> = [];
  const refusals: DossierRefusal[] = [];
  // The projection is folded as the events are read, under the version the stream starts in; read again only when
  // the stream ends under a version with another projection (after a migration), so no event is held in memory.
  const fold = folder(registry);
  const take = (event: RecordedEvent): void => {
    auditor.accept(event);
    if (event.stream === refusalsStream) {
      if (event.type === proposalRefusedType) refusals.push(refusalRow(event));
      return;
    }
    events.push(indexRow(event));
    const range = versions.at(-1);
    if (range?.workflow === event.workflow) range.toSeq = event.seq;
    else versions.push({ workflow: event.workflow, fromSeq: event.seq, toSeq: event.seq });
    fold.take(event);
  };
  for await (const event of eventsOf(source, [stream, refusalsStream])) take(event);
  const audits = auditor.finish();
  const audit = audits.find((a) => a.stream === stream);
  const state =
    audit?.snapshot && audit.workflow
      ? toStreamState(stream, registry.get(audit.workflow), audit.snapshot, {
          seq: audit.seq,
          hash: '',
          recordedAt: null,
        })
      : null;
  const shown =
    state === null ? null : { seq: state.seq, workflow: state.workflow, state: state.state, status: state.status };
  const projected = state === null ? null : projectionOf(registry, state.workflow);
  let folded = projected === null ? null : fold.modelUnder(projected);
  if (projected !== null && folded === null) {
    const again = folder(registry, projected);
    for await (const event of eventsOf(source, [stream])) again.take(event);
    folded = again.modelUnder(projected);
  }
  const generatedAt = options.generatedAt ?? new Date().toISOString();
  const report =
    projected !== null && state !== null && folded !== null
      ? projected.dossier!.report(folded.model, {
          stream,
          seq: state.seq,
          workflow: state.workflow,
          state: state.state,
          context: state.context,
          today: generatedAt.slice(0, 10),
        })
      : { title: stream, identity: [], sections: [] };
  const findings = audits.flatMap((a) => a.findings);
  const summary = integritySummary(stream, verify, findings, refusals.length, options);
  return {
    format: 'phasegate-dossier/1',
    generatedAt,
    source: sourceLocation(source),
    stream,
    title: report.title,
    identity: report.identity,
    state: shown,
    versions,
    sections: report.sections,
    refusals: { stream: refusalsStream, rows: refusals },
    integrity: {
      verdict: summary.intact ? 'intact' : 'not intact',
      refusals: summary.refusals,
      summary: summary.lines,
      verify,
      findings,
      checkpoint: summary.checkpoint,
    },
    events,
  };
}

/**
 * Returns a fold of a stream's events through a dossier projection: `under`'s when given, else the projection of the
 * version the first event names. `modelUnder(w)` is the model when the fold ran under `w`'s projection, else null.
 */
function folder(
  registry: WorkflowRegistry,
  under?: Workflow,
): { take(event: RecordedEvent): void; modelUnder(workflow: Workflow): { readonly model: unknown } | null } {
  let projection: Workflow | null | undefined;
  let model: unknown;
  const start = (workflow: Workflow | null): void => {
    projection = workflow;
    if (workflow !== null) model = workflow.dossier!.initial();
  };
  if (under !== undefined) start(under);
  return {
    take(event) {
      if (projection === undefined) start(projectionOf(registry, event.workflow));
      if (projection) model = projection.dossier!.apply(model, lift(projection, event));
    },
    modelUnder: (workflow) => (projection === workflow ? { model } : null),
  };
}

/** Yields the events of the named streams: in file order from a JSONL log (unreadable lines skipped), stream by stream from a store. */
async function* eventsOf(source: AuditSource, streams: readonly string[]): AsyncGenerator<RecordedEvent> {
  if (source.kind === 'file') {
    // Unreadable lines are skipped here: verify has already named them, and the dossier says the history is not intact.
    for await (const event of readJsonlEvents(source.path, () => {})) if (streams.includes(event.stream)) yield event;
  } else {
    for (const name of streams) yield* source.store.readStream(name);
  }
}

/**
 * The workflow whose dossier hook shows the stream: the version the stream is under at its end (its last recorded or
 * migrated version, so a programme@1 stream is judged by programme@1's criteria), or else the newest version of its
 * family that has one. Events are lifted to that version's payload schemas.
 */
function projectionOf(registry: WorkflowRegistry, ref: string): Workflow | null {
  let current: Workflow;
  try {
    current = registry.get(ref);
  } catch {
    return null;
  }
  if (current.dossier !== undefined) return current;
  const family = registry.all
    .filter((w) => w.name === current.name && w.dossier !== undefined)
    .sort((a, b) => b.version - a.version);
  return family[0] ?? null;
}

/** Returns the event with its payload lifted to the newest schema, or as stored when it cannot be (engine events). */
function lift(workflow: Workflow, event: RecordedEvent): RecordedEvent {
  if (!Object.hasOwn(workflow.catalogue, event.type)) return event;
  try {
    return upcast(workflow, event);
  } catch {
    return event;
  }
}

function indexRow(event: RecordedEvent): DossierEvent {
  return {
    seq: event.seq,
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.actor?.id,
    role: event.actor?.role,
    workflow: event.workflow,
    keyId: event.sig?.keyId ?? null,
    hash: event.hash,
  };
}

function refusalRow(event: RecordedEvent): DossierRefusal {
  const data = event.data as Partial<ProposalRefusedData>;
  const state = data.refusal?.state;
  return {
    seq: event.seq,
    recordedAt: event.recordedAt,
    actor: event.actor?.id,
    role: event.actor?.role,
    proposed: String(data.proposal?.type ?? '?'),
    atSeq: Number(data.atSeq ?? 0),
    kind: String(data.refusal?.kind ?? '?'),
    state: state === undefined ? '' : stateText(state),
    reasons: (data.refusal?.reasons ?? []).map((r) => String(r.reason)),
  };
}
