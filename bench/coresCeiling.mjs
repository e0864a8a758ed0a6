// Run by bench/cores.bench.ts, alternated with the CLI's runs: the machine's own two-thread ceiling for work shaped
// like a spread walk of a SQLite store, with no phasegate code. `node bench/coresCeiling.mjs STORE THREADS` starts
// THREADS worker threads, gives each an equal share of the store's streams in name order (halves for two), lets them
// open the store and then, all at once, read their streams' rows a page at a time in seq order, as verify reads them,
// and JSON.parse and SHA-256 each row's body; prints the wall milliseconds from that start to the last thread's end.
// Thread start-up and the store's opening stay off the clock: this is the walk's limit, not the command line's.
import { hash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const Database = createRequire(import.meta.url)('better-sqlite3');
const pageSize = 1000;

if (isMainThread) {
  const [location, threadsArg] = process.argv.slice(2);
  const threads = Number(threadsArg);
  const db = new Database(location, { readonly: true });
  const streams = db.prepare('SELECT DISTINCT stream FROM events ORDER BY stream').pluck().all();
  db.close();
  const per = Math.ceil(streams.length / threads);
  const workers = Array.from(
    { length: threads },
    (_, i) =>
      new Worker(new URL(import.meta.url), {
        workerData: { location, streams: streams.slice(i * per, (i + 1) * per) },
      }),
  );
  const ready = workers.map((w) => new Promise((resolve) => w.once('message', resolve)));
  await Promise.all(ready);
  const started = performance.now();
  const done = workers.map((w) => new Promise((resolve) => w.once('message', resolve)));
  for (const w of workers) w.postMessage('go');
  await Promise.all(done);
  process.stdout.write(`${(performance.now() - started).toFixed(1)}\n`);
  await Promise.all(workers.map((w) => w.terminate()));
} else {
  const { location, streams } = workerData;
  const db = new Database(location, { readonly: true });
  const page = db.prepare('SELECT seq, body FROM events WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?').raw();
  parentPort.postMessage('ready');
  parentPort.once('message', () => {
    let sum = 0;
    for (const stream of streams) {
      let after = 0;
      for (;;) {
        const rows = page.all(stream, after, pageSize);
        for (const [seq, body] of rows) {
          sum += JSON.parse(body).seq + hash('sha256', body, 'hex').length;
          after = seq;
        }
        if (rows.length < pageSize) break;
      }
    }
    db.close();
    parentPort.postMessage(sum);
  });
}
