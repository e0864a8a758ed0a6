import {
  IntegrityError,
  InvalidInputError,
  SnapshotError,
  StoreError,
  StoreNotFoundError,
  UnknownWorkflowError,
  UsageError,
} from '../errors.ts';

/** An error as a worker thread sends it: its class by name, its message, and the data on it. */
export type SentError = { readonly name: string; readonly message: string; readonly data: Record<string, unknown> };

/** The errors a worker can meet while reading a store, by class name (the ones a one-thread run throws too). */
const classes: Record<string, { prototype: object }> = {
  IntegrityError,
  InvalidInputError,
  SnapshotError,
  StoreError,
  StoreNotFoundError,
  UnknownWorkflowError,
  UsageError,
};

/** Returns an error in a form a worker can post (structured clone keeps no class). */
export function sendError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), data: {} };
  const {
    name: _name,
    message: _message,
    stack: _stack,
    cause: _cause,
    ...data
  } = error as unknown as Record<string, unknown>;
  return { name: error.name, message: error.message, data: structuredCloneable(data) };
}

/**
 * Returns the error a worker sent as an instance of its class again, so the main thread reports it (message, code,
 * exit code) exactly as it would have thrown it itself.
 */
export function receiveError(sent: SentError): Error {
  const prototype = classes[sent.name]?.prototype ?? Error.prototype;
  const error = Object.create(prototype) as Error;
  Object.defineProperty(error, 'message', { value: sent.message, writable: true, configurable: true });
  Object.defineProperty(error, 'name', { value: sent.name, writable: true, configurable: true });
  Object.assign(error, sent.data);
  Error.captureStackTrace(error, receiveError);
  return error;
}

function structuredCloneable(data: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(data);
  } catch {
    return {};
  }
}

/** The name of a worker's doubt: its share of a log cannot be judged apart from the rest (a misplaced line). */
const doubtName = 'WorkerDoubt';

/** Returns a doubt: the main thread does the whole walk on one thread instead, and gets the one-thread answer. */
export function doubt(why: string): Error {
  const error = new Error(why);
  error.name = doubtName;
  return error;
}

/** True for a {@link doubt}, whichever thread raised it. */
export function isDoubt(error: unknown): boolean {
  return error instanceof Error && error.name === doubtName;
}
