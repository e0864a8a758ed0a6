import { Worker } from 'node:worker_threads';
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
 * Runs one worker per input on `file`, each given its input as `workerData`, and returns their results in input
 * order. When workers stop at errors, throws the one at the lowest position: the error a one-thread walk would have
 * met first. A worker that dies without saying why (an uncaught exception, an exit) rejects with its error.
 * `onProgress` gets each worker's latest `done` and `events`, by input index.
 */
export async function runWorkers<R>(
  file: URL,
  inputs: readonly unknown[],
  onProgress?: (index: number, done: number, events: number) => void,
): Promise<R[]> {
  const outcomes = await Promise.all(inputs.map((input, index) => runOne<R>(file, input, index, onProgress)));
  const failures = outcomes.filter((o) => o.outcome === 'failed').sort((a, b) => a.at - b.at);
  if (failures.length > 0) throw failures[0]!.error;
  return outcomes.map((o) => (o as Finished<R>).result);
}

/** What one worker came to: its result, or the error it stopped at and where. */
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
    const worker = startWorker(file, input);
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
  });
}

/**
 * Starts a worker on `file`. From the sources (.ts, under tsx or vitest) it first registers tsx's loader in the
 * worker, which Node 20 does not carry into a worker thread; the built package runs its .js files directly.
 */
function startWorker(file: URL, workerData: unknown): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file, { workerData });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/** Returns the worker module `name` beside the module at `base`, with the extension that module has (.js or .ts). */
export function workerFile(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/** In a worker: posts how far it has come. */
export function postProgress(
  port: { postMessage(message: WorkerMessage<never>): void },
  done: number,
  events: number,
): void {
  port.postMessage({ kind: 'progress', done, events });
}

/** In a worker: posts its result. */
export function postResult<R>(port: { postMessage(message: WorkerMessage<R>): void }, result: R): void {
  port.postMessage({ kind: 'result', result });
}

/** In a worker: posts the error it stopped at, and the position a one-thread walk would have met it at. */
export function postError(
  port: { postMessage(message: WorkerMessage<never>): void },
  at: number,
  error: unknown,
): void {
  port.postMessage({ kind: 'error', at, error: sendError(error) });
}
