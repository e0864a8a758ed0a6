import { Worker } from 'node:worker_threads';

/**
 * Worker threads started before they are needed (README, "Command line", `--jobs`): the command line starts a walk's
 * workers as it starts itself, so that they load their modules (the store driver, the workflows) on the other cores
 * while this thread loads the command line and lists the streams. A worker waits for its share as its first message
 * (servePart), so a warm one and one started when needed are told alike. A warm worker no walk takes keeps nothing
 * alive: it is unreferenced, and ends with the process.
 */
const warm = new Map<string, { readonly worker: Worker; readonly drop: () => void }[]>();

/** Starts `count` workers on `file` for a walk to take later (nothing when a worker thread cannot be started). */
export function warmUp(file: URL, count: number): void {
  const pool = warm.get(file.href) ?? [];
  warm.set(file.href, pool);
  for (let i = 0; i < count; i++) {
    const worker = startWorker(file);
    // A worker that fails or ends before a walk takes it is left out; one started when needed meets the same error.
    const drop = () => {
      const at = pool.findIndex((w) => w.worker === worker);
      if (at >= 0) pool.splice(at, 1);
    };
    worker.on('error', drop).on('exit', drop).unref();
    pool.push({ worker, drop });
  }
}

/** Returns a worker on `file`: a warm one if one is waiting, else a new one. */
export function takeWorker(file: URL): Worker {
  const taken = warm.get(file.href)?.shift();
  if (taken === undefined) return startWorker(file);
  taken.worker.off('error', taken.drop).off('exit', taken.drop).ref();
  return taken.worker;
}

/**
 * Starts a worker on `file`. From the sources (.ts, under tsx or vitest) it first registers tsx's loader in the
 * worker, which Node 20 does not carry into a worker thread; the built package runs its .js files directly.
 */
function startWorker(file: URL): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(boot, { eval: true });
}
