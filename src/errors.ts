/**
 * Every error phasegate throws on purpose: one base class, one `code` each, the data a caller needs on the instance,
 * and a message that says what happened and what to do about it.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'FORBIDDEN'
  | 'REFUSED'
  | 'VERSION_CONFLICT'
  | 'IDEMPOTENCY_CONFLICT'
  | 'INTEGRITY'
  | 'UNKNOWN_WORKFLOW'
  | 'STORE'
  | 'SNAPSHOT'
  | 'USAGE';

/** The base of every phasegate error; `code` tells them apart, `instanceof` works as well. */
export abstract class PhasegateError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One thing wrong with an input: where (a dotted path) and what was expected. */
export type InputIssue = { readonly path: string; readonly message: string };

/** Input that is not acceptable before any workflow rule is asked: malformed JSON, over a limit, or not the schema. */
export class InvalidInputError extends PhasegateError {
  readonly code = 'INVALID_INPUT';
  readonly issues: readonly InputIssue[];
  constructor(message: string, issues: readonly InputIssue[] = [], options?: ErrorOptions) {
    super(message, options);
    this.issues = issues;
  }
}

/** A reason the workflow gave for not accepting a proposal: the guard (or rule) that failed, in plain words. */
export type RefusalReason = { readonly guard: string; readonly reason: string };

/**
 * Why a proposal was not accepted. `kind` says which step refused it:
 * `not_allowed` (the event type has no transition in this state), `guards` (transitions exist but every one was
 * blocked), `final` (the workflow has ended), `forbidden` (the actor's role may not record it).
 */
export type Refusal = {
  readonly kind: 'not_allowed' | 'guards' | 'final' | 'forbidden';
  readonly stream: string;
  readonly state: string | readonly string[];
  readonly event: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly reasons: readonly RefusalReason[];
  readonly message: string;
};

/** The workflow did not accept the proposal; `refusal` explains why, and nothing was stored. */
export class RefusedError extends PhasegateError {
  readonly code: 'REFUSED' | 'FORBIDDEN';
  readonly refusal: Refusal;
  constructor(refusal: Refusal) {
    super(refusal.message);
    this.refusal = refusal;
    this.code = refusal.kind === 'forbidden' ? 'FORBIDDEN' : 'REFUSED';
  }
}

/** Another writer appended first: the stream is not at the seq the caller expected. Nothing was written. */
export class VersionConflictError extends PhasegateError {
  readonly code = 'VERSION_CONFLICT';
  constructor(
    readonly stream: string,
    readonly expectedSeq: number,
    readonly actualSeq: number,
  ) {
    super(
      expectedSeq > actualSeq
        ? `Stream "${stream}" is at seq ${actualSeq}: the expected seq ${expectedSeq} is beyond its head (no event ` +
            `${actualSeq + 1 === expectedSeq ? actualSeq + 1 : `${actualSeq + 1}-${expectedSeq}`} was ever stored). ` +
            `Pass the seq the stream is at (engine.state(stream) gives it).`
        : `Stream "${stream}" is at seq ${actualSeq}, not ${expectedSeq}: another writer appended first. ` +
            `Read the state again and decide whether to resend.`,
    );
  }
}

/** An event id is already stored with different content; ids are idempotency keys, so this is refused whole. */
export class IdempotencyConflictError extends PhasegateError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(
    readonly id: string,
    detail: string,
  ) {
    super(`Event id "${id}" ${detail}. Use a new id for a new fact, or resend the original unchanged.`);
  }
}

/** The stored history is not what it claims to be (broken chain, altered content, unreadable record). */
export class IntegrityError extends PhasegateError {
  readonly code = 'INTEGRITY';
  constructor(
    message: string,
    readonly stream?: string,
    readonly seq?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A stream or proposal names a workflow version this process does not have registered. */
export class UnknownWorkflowError extends PhasegateError {
  readonly code = 'UNKNOWN_WORKFLOW';
  constructor(
    /** The workflow named: `name@version`, or a bare name. */
    readonly workflow: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The store could not do what was asked (cannot open, locked, driver failure). Stored data is unchanged. */
export class StoreError extends PhasegateError {
  readonly code = 'STORE';
}

/**
 * There is no store where one was to be opened without `{ create: true }` (a missing file, a database or schema
 * without phasegate's tables). `missing` tells it apart from other store errors whichever copy of the module threw it.
 */
export class StoreNotFoundError extends StoreError {
  readonly missing = true;
}

/**
 * A persisted snapshot could not be restored (its context codec threw, or it is not a snapshot of this workflow).
 * A snapshot is only a cache: the engine replays the stream instead.
 */
export class SnapshotError extends PhasegateError {
  readonly code = 'SNAPSHOT';
}

/** The command line or an API call was used wrongly. */
export class UsageError extends PhasegateError {
  readonly code = 'USAGE';
}

/** A workflow definition that cannot be used: `problems` names each thing wrong with it. */
export class WorkflowDefinitionError extends UsageError {
  readonly problems: readonly string[];
  constructor(workflow: string, problems: readonly string[]) {
    super(
      `Workflow ${workflow} is not defined, ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.problems = problems;
  }
}

/**
 * True for a {@link VersionConflictError}, whichever copy of the module threw it: the check is on `code`, not on the
 * class (two copies of phasegate in one process have two classes).
 */
export function isVersionConflictError(error: unknown): error is VersionConflictError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'VERSION_CONFLICT';
}
