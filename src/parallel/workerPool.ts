import { once } from 'node:events';
import type { MessagePort } from 'node:worker_threads';
import { takeWorker } from './warmWorkers.ts';
import { receiveError, sendError, type SentError } from './workerErrors.ts';

/**
 * What a worker posts: progress now and then, then one result, or the error it stopped at and where (the position a
 * one-thread walk would have reached it at: a stream's index, or a line number).
 */
export type WorkerMessage<R> =
  | { readonly kind: 'progress'; readonly done: number; readonly events: number }
  | { readonly kind: 'result'; readonly result: R }
  | { readonly kind: 'error'; readonly at: number; readonly error: SentError };

/**
 * One share of a walk, run in a worker or in this thread: it reports progress, and keeps `position.at` at the place a
 * one-thread walk would be at (a stream's index, or a line number), which places an error it throws.
 */
export type Part<I, R> = (
  input: I,
  progress: (done: number, events: number) => void,
  position: { at: number },
) => Promise<R>;

/**
 * Runs each input as a share of one walk and returns their results in input order: the first in this thread with
 * `here` (which would otherwise wait for the others), the others each in a worker on `file` (a warm one if one is
 * waiting: warmWorkers.ts) given its input as its first message. When shares stop at errors, throws the one at the lowest position: the error a one-thread walk would
 * have met first. A worker that dies without saying why (an uncaught exception, an exit) rejects with its error.
 * `onProgress` gets each share's latest `done` and `events`, by input index.
 */
export async function runWorkers<I, R>(
  file: URL,
  inputs: readonly I[],
  here: Part<I, R>,
  onProgress?: (index: number, done: number, events: number) => void,
): Promise<R[]> {
  const workers = inputs.slice(1).map((input, i) => runOne<R>(file, input, i + 1, onProgress));
  const position = { at: 0 };
  const local = here(inputs[0]!, (done, events) => onProgress?.(0, done, events), position).then(
    (result): WorkerOutcome<R> => ({ outcome: 'finished', result }),
    (error: unknown): WorkerOutcome<R> => ({
      outcome: 'failed',
      at: position.at,
      error: error instanceof Error ? error : new Error(String(error)),
    }),
  );
  const outcomes = await Promise.all([local, ...workers]);
  const failures = outcomes.filter((o) => o.outcome === 'failed').sort((a, b) => a.at - b.at);
  if (failures.length > 0) throw failures[0]!.error;
  return outcomes.map((o) => (o as Finished<R>).result);
}

/** What one share came to: its result, or the error it stopped at and where. */
type WorkerOutcome<R> = Finished<R> | { readonly outcome: 'failed'; readonly at: number; readonly error: Error };
type Finished<R> = { readonly outcome: 'finished'; readonly result: R };

function runOne<R>(
  file: URL,
  input: unknown,
  index: number,
  onProgress?: (index: number, done: number, events: number) => void,
): Promise<WorkerOutcome<R>> {
  return new Promise((resolve) => {
    let settled: WorkerOutcome<R> | null = null;
    const worker = takeWorker(file);
    worker.on('message', (message: WorkerMessage<R>) => {
      if (message.kind === 'progress') onProgress?.(index, message.done, message.events);
      else if (message.kind === 'result') settled = { outcome: 'finished', result: message.result };
      else settled = { outcome: 'failed', at: message.at, error: receiveError(message.error) };
    });
    worker.on('error', (error) => (settled ??= { outcome: 'failed', at: -1, error }));
    worker.on('exit', (code) =>
      resolve(
        settled ?? {
          outcome: 'failed',
          at: -1,
          error: new Error(`a worker thread stopped (exit code ${code}) without a result`),
        },
      ),
    );
    worker.postMessage(input);
  });
}

/** Returns the worker module `name` beside the module at `base`, with the extension that module has (.js or .ts). */
export function workerFile(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/** In a worker: waits for its share of the walk, the first message on `port`. */
export async function nextInput<I>(port: MessagePort): Promise<I> {
  const [input] = (await once(port, 'message')) as [I];
  return input;
}

/** In a worker: runs its share of the walk, `input`, and posts progress, then its result or its error. */
export async function servePart<I, R>(part: Part<I, R>, port: MessagePort, input: I): Promise<void> {
  const position = { at: 0 };
  const post = (message: WorkerMessage<R>) => port.postMessage(message);
  try {
    const result = await part(input, (done, events) => post({ kind: 'progress', done, events }), position);
    post({ kind: 'result', result });
  } catch (error) {
    post({ kind: 'error', at: position.at, error: sendError(error) });
  }
}
