import type { ErrorCode, PhasegateError } from '../errors.ts';

/**
 * The CLI's exit code for each error code: 1 usage, store or internal error, 2 invalid input (or a workflow not
 * registered), 3 refused, 4 integrity, 5 conflict. The library throws errors with a `code`; only the CLI exits.
 */
export const exitCodes: Readonly<Record<ErrorCode, number>> = {
  INVALID_INPUT: 2,
  FORBIDDEN: 3,
  REFUSED: 3,
  VERSION_CONFLICT: 5,
  IDEMPOTENCY_CONFLICT: 5,
  INTEGRITY: 4,
  UNKNOWN_WORKFLOW: 2,
  STORE: 1,
  SNAPSHOT: 1,
  USAGE: 1,
};

/** Returns the exit code that stands for a phasegate error. */
export function exitCodeOf(error: PhasegateError): number {
  return exitCodes[error.code];
}
