import type { AnyMachineSnapshot } from 'xstate';
import { hashEvent } from '../envelope/canonical.ts';
import { GENESIS_HASH, type RecordedEvent } from '../envelope/envelope.ts';
import { isEventId, isStreamId } from '../ids.ts';
import type { Workflow } from '../workflow/defineWorkflow.ts';
import { authorizeCandidate, decideTransition } from '../workflow/decide.ts';
import { isOnOrBefore } from '../workflow/dates.ts';
import { eventDefinitionOf, isEngineMigration } from '../workflow/migration.ts';
import { isRefusalsStream, refusalsWorkflow } from '../workflow/refusalsWorkflow.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- named by {@link UnknownWorkflowError} in the docs below
import type { UnknownWorkflowError } from '../errors.ts';
import { initialSnapshot, liftEvent } from '../workflow/replay.ts';

/**
 * Why a stored event would not have been accepted by a faithful engine: `chain` (seq, prev or hash), `envelope`
 * (a malformed field), `clock` (recordedAt went back, or a fact recorded before it occurred), `workflow` (a malformed
 * workflow ref, or a switch without a WorkflowMigrated), `schema` (an unknown type or a payload its schema refuses),
 * `unauthorized` (the role policy says no), `not_accepted` (the machine says no in the state it was recorded in).
 */
export type FindingKind = 'chain' | 'envelope' | 'clock' | 'workflow' | 'schema' | 'unauthorized' | 'not_accepted';

/** One event the audit would not have accepted, and why. */
export type ReplayFinding = {
  readonly stream: string;
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly kind: FindingKind;
  readonly reason: string;
};

/** The outcome of re-deciding one stream: where it ended and every event that would not have been accepted. */
export type StreamAudit = {
  readonly stream: string;
  readonly events: number;
  readonly seq: number;
  readonly workflow: string | null;
  readonly snapshot: AnyMachineSnapshot | null;
  readonly findings: readonly ReplayFinding[];
  /**
   * With `roles: 'newest'`, the events whose actor (or a decider it names) would not hold its role under the role
   * policy of the newest registered version of the stream's workflow, judged in the state and context each event
   * was recorded in; absent otherwise, and empty for a stream already under the newest version.
   */
  readonly underNewest?: { readonly workflow: string; readonly findings: readonly ReplayFinding[] };
};

/** Options of {@link createReplayAuditor}. */
export type ReplayAuditOptions = {
  /**
   * `own` (the default): each event is judged under the version it was recorded under, and nothing else. `newest`:
   * also under the role policy of the newest registered version of its workflow (README, "Auditing a log"): an
   * auditor of a log written under trusted role claims sees each self-declared decision, seq by seq.
   */
  readonly roles?: 'own' | 'newest';
};

type Position = {
  readonly stream: string;
  workflow: Workflow | null;
  snapshot: AnyMachineSnapshot | null;
  seq: number;
  hash: string;
  recordedAt: string | null;
  /** `Date.parse(recordedAt)`, kept so that each event's instant is parsed once (about 0.35 us a parse). */
  recordedAtMs: number;
  events: number;
  findings: ReplayFinding[];
  newest: ReplayFinding[];
  newestRef: string | null;
};

const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const dateOrDateTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Re-decides stored events one at a time (streams may interleave, as in a JSONL log). */
export type ReplayAuditor = {
  accept(event: RecordedEvent): void;
  /** Returns each stream's audit, in stream order. */
  finish(): StreamAudit[];
};

/**
 * Returns an auditor that re-decides every stored event under the workflow version it names: the chain, the
 * envelope, the clock, the payload against the schema of its recorded version (then lifted by the upcasters), the
 * role policy and the machine, in the state before the event. Every event that fails is reported; an event the
 * machine would not have accepted leaves the state as it was, and the audit goes on. `<stream>.refusals` streams
 * are checked as records of the engine (chain, clock, payload), never replayed through a programme's machine.
 * `accept` throws {@link UnknownWorkflowError} for a stream that starts under (or migrates to) a version the registry
 * lacks: such a stream cannot be judged, which is not a finding against it.
 */
export function createReplayAuditor(registry: WorkflowRegistry, options: ReplayAuditOptions = {}): ReplayAuditor {
  const positions = new Map<string, Position>();

  const accept = (event: RecordedEvent): void => {
    let at = positions.get(event.stream);
    if (at === undefined) {
      at = {
        stream: event.stream,
        workflow: null,
        snapshot: null,
        seq: 0,
        hash: GENESIS_HASH,
        recordedAt: null,
        recordedAtMs: Number.NaN,
        events: 0,
        findings: [],
        newest: [],
        newestRef: null,
      };
      positions.set(event.stream, at);
    }
    at.events++;
    const finding = (kind: FindingKind, reason: string) =>
      at.findings.push({
        stream: event.stream,
        seq: event.seq,
        id: String(event.id),
        type: String(event.type),
        kind,
        reason,
      });
    checkChain(at, event, finding);
    checkEnvelope(event, finding);
    checkClock(at, event, finding);
    const workflow = workflowOf(registry, at, event, finding);
    if (workflow === null) return;
    const definition = eventDefinitionOf(workflow, event.type);
    if (definition === undefined) return void finding('schema', `${workflow.ref} has no event type ${event.type}`);
    const current = readPayload(workflow, definition, event, finding);
    if (current === null) return;
    // From here on, the engine's own decision code: the role policy (not for the engine's refusal records), then
    // the machine or the migration check. Both are reported when both say no.
    const snapshot = at.snapshot!;
    const policy = workflow === refusalsWorkflow ? null : authorizeCandidate(workflow, snapshot, current);
    if (policy?.outcome === 'refused') {
      for (const reason of policy.refusal.reasons)
        finding('unauthorized', `${event.actor?.id} (${event.actor?.role}): ${reason.reason}`);
    }
    if (options.roles === 'newest' && workflow !== refusalsWorkflow) {
      judgeUnderNewest(registry, at, workflow, snapshot, current);
    }
    if (isEngineMigration(workflow, current.type)) assertTargetRegistered(registry, current);
    const decision = decideTransition(workflow, snapshot, current, registry);
    if (decision.outcome === 'refused') return void finding('not_accepted', decision.refusal.message);
    at.snapshot = decision.snapshot;
    if (decision.workflow !== undefined) at.workflow = decision.workflow;
  };

  return {
    accept,
    finish() {
      return [...positions.values()]
        .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0))
        .map((at) => ({
          stream: at.stream,
          events: at.events,
          seq: at.seq,
          workflow: at.workflow?.ref ?? null,
          snapshot: at.snapshot,
          findings: at.findings,
          ...(options.roles === 'newest' && at.newestRef !== null
            ? { underNewest: { workflow: at.newestRef, findings: at.newest } }
            : {}),
        }));
    },
  };
}

type Report = (kind: FindingKind, reason: string) => void;

/**
 * Judges an event under the role policy of the newest registered version of its workflow, in the state and context
 * it was recorded in, and keeps each reason that policy gives as an `unauthorized` finding of the stream's
 * `underNewest` list. A stream already under the newest version has nothing more to be judged by.
 */
function judgeUnderNewest(
  registry: WorkflowRegistry,
  at: Position,
  workflow: Workflow,
  snapshot: AnyMachineSnapshot,
  event: RecordedEvent,
): void {
  const newest = registry.latest(workflow.name);
  at.newestRef = newest.ref;
  if (newest === workflow) return;
  const refused = authorizeCandidate(newest, snapshot, event);
  if (refused?.outcome !== 'refused') return;
  for (const reason of refused.refusal.reasons) {
    at.newest.push({
      stream: event.stream,
      seq: event.seq,
      id: String(event.id),
      type: String(event.type),
      kind: 'unauthorized',
      reason: `${event.actor?.id} (${event.actor?.role}): ${reason.reason}`,
    });
  }
}

const workflowRefPattern = /^[a-z][a-z0-9-]{0,63}@[1-9]\d{0,8}$/;

/**
 * Throws {@link UnknownWorkflowError} when a stored migration moves to a well-formed version the registry lacks: the
 * audit cannot judge the rest of the stream, which is not the same as finding it unfaithful.
 */
function assertTargetRegistered(registry: WorkflowRegistry, event: RecordedEvent): void {
  const to = (event.data as { to?: unknown } | null)?.to;
  if (typeof to === 'string' && workflowRefPattern.test(to)) registry.get(to);
}

function checkChain(at: Position, event: RecordedEvent, finding: Report): void {
  if (event.seq !== at.seq + 1)
    finding('chain', `seq ${event.seq} follows seq ${at.seq}; seq ${at.seq + 1} was expected`);
  if (event.prev !== at.hash) finding('chain', `prev is not the hash of the event before it`);
  let hash: string | null = null;
  try {
    hash = hashEvent(event);
  } catch (error) {
    finding('chain', `the event cannot be hashed (${(error as Error).message})`);
  }
  if (hash !== null && hash !== event.hash) finding('chain', 'its content does not match its hash');
  at.seq = Number.isInteger(event.seq) ? event.seq : at.seq + 1;
  at.hash = typeof event.hash === 'string' ? event.hash : at.hash;
}

function checkEnvelope(event: RecordedEvent, finding: Report): void {
  if (!isEventId(event.id)) finding('envelope', `id ${JSON.stringify(event.id)} is not an event id`);
  if (!isStreamId(event.stream)) finding('envelope', `stream ${JSON.stringify(event.stream)} is not a stream id`);
  if (!Number.isInteger(event.schema) || event.schema < 1)
    finding('envelope', `schema ${JSON.stringify(event.schema)} is not a version`);
  const actor = event.actor as { id?: unknown; role?: unknown } | undefined;
  if (typeof actor?.id !== 'string' || typeof actor.role !== 'string') finding('envelope', 'actor is not {id, role}');
  if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data))
    finding('envelope', 'data is not a JSON object');
}

function checkClock(at: Position, event: RecordedEvent, finding: Report): void {
  const recordedAt = String(event.recordedAt);
  const ms = Date.parse(recordedAt);
  if (!isoUtc.test(recordedAt) || Number.isNaN(ms)) {
    finding('clock', `recordedAt ${JSON.stringify(event.recordedAt)} is not an ISO 8601 UTC date-time`);
    return;
  }
  if (at.recordedAt !== null && ms < at.recordedAtMs) {
    finding(
      'clock',
      `recordedAt ${recordedAt} is before the previous event's ${at.recordedAt}; the store clock never goes back`,
    );
  }
  if (at.recordedAt === null || !(at.recordedAt > recordedAt)) {
    at.recordedAt = recordedAt;
    at.recordedAtMs = ms;
  }
  const occurredAt = String(event.occurredAt);
  if (
    !dateOrDateTime.test(occurredAt) ||
    Number.isNaN(Date.parse(occurredAt.length === 10 ? `${occurredAt}T00:00:00Z` : occurredAt))
  ) {
    finding('clock', `occurredAt ${JSON.stringify(event.occurredAt)} is not an ISO 8601 date or date-time`);
  } else if (!isOnOrBefore(occurredAt, recordedAt)) {
    finding(
      'clock',
      `occurredAt ${occurredAt} is after recordedAt ${recordedAt}: a fact is recorded once it has happened`,
    );
  }
}

/** Returns the workflow the event is decided under (the stream's, or the one its first event names), or null. */
function workflowOf(registry: WorkflowRegistry, at: Position, event: RecordedEvent, finding: Report): Workflow | null {
  if (at.workflow === null) {
    if (at.events > 1) return null; // the stream's first event named no known workflow: nothing can be decided
    if (typeof event.workflow !== 'string' || !workflowRefPattern.test(event.workflow)) {
      finding(
        'workflow',
        `${JSON.stringify(event.workflow)} is not a workflow ref (name@version); nothing in this stream can be re-decided`,
      );
      return null;
    }
    // A well-formed ref this registry lacks is not a finding against the log: the audit cannot be made without it.
    at.workflow = registry.get(event.workflow);
    if (isRefusalsStream(event.stream) !== (at.workflow === refusalsWorkflow)) {
      finding(
        'workflow',
        `${event.workflow} cannot start "${event.stream}": ${refusalsWorkflow.ref} is for <stream>.refusals streams only`,
      );
    }
    at.snapshot = initialSnapshot(at.workflow);
    return at.workflow;
  }
  if (event.workflow !== at.workflow.ref) {
    finding(
      'workflow',
      `it names ${event.workflow}, but the stream is under ${at.workflow.ref}: only a WorkflowMigrated event changes the version`,
    );
  }
  return at.workflow;
}

/**
 * Returns the event with its payload lifted to the current schema by the engine's own lifting (`liftEvent`, which
 * `upcast` uses), after checking it against the schema of its recorded version; the lifted payload is then checked
 * as the engine checks a proposal's. A payload that cannot be lifted is a finding naming the cause, and the audit
 * goes on.
 */
function readPayload(
  workflow: Workflow,
  definition: NonNullable<ReturnType<typeof eventDefinitionOf>>,
  event: RecordedEvent,
  finding: Report,
): RecordedEvent | null {
  const schema = event.schema;
  if (!Number.isInteger(schema) || schema < 1 || schema > definition.version) {
    finding('schema', `${event.type} schema version ${schema} is not readable here (known: 1..${definition.version})`);
    return null;
  }
  const old = schema < definition.version ? definition.schemas?.[schema] : undefined;
  if (old !== undefined) {
    const parsed = old.safeParse(event.data);
    if (!parsed.success)
      finding('schema', `the payload is not valid ${event.type} schema ${schema}: ${issues(parsed.error)}`);
  }
  let lifted: ReturnType<typeof liftEvent>;
  try {
    lifted = liftEvent(workflow, event);
  } catch (error) {
    lifted = { outcome: 'unreadable', problem: `the ${event.type} upcaster threw: ${(error as Error).message}` };
  }
  if (lifted.outcome === 'unreadable') {
    finding('schema', `the payload cannot be lifted to schema ${definition.version}: ${lifted.problem}`);
    return null;
  }
  const current = definition.schema.safeParse(lifted.event.data);
  if (!current.success)
    finding('schema', `the payload is not valid ${event.type} schema ${definition.version}: ${issues(current.error)}`);
  return lifted.event;
}

function issues(error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}
