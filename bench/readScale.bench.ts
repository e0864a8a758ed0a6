// Reading at scale: fills SQLite, JSONL and PostgreSQL stores with one 1M-event stream (BENCH_SCALE to change) and
// reads each back (readStream, then readAll) in a child process limited to a 96 MB heap (the text of 1M events is ~500 MB), printing its peak heap and
// RSS: flat memory means the peak does not grow with the stream. Slow (minutes): not part of npm test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fillStream, readInSmallHeap } from '../tests/store/readScaleHarness.ts';

const events = Number(process.env.BENCH_SCALE ?? 1_000_000);
const heapMb = 96;
const pgUrl = process.env.PHASEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'phasegate-scale-'));
const schema = `scale_${process.pid}`;
const stores: Array<[string, string]> = [
  ['sqlite', join(dir, 'scale.db')],
  ['jsonl', join(dir, 'scale.jsonl')],
  ['postgres', `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}schema=${schema}`],
];
try {
  console.log(
    `| store | events | heap after open (MB) | peak heap while reading (MB) | peak RSS (MB) | fill s | read s |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const [kind, url] of stores) {
    let started = performance.now();
    await fillStream(url, 'long', events);
    const fill = (performance.now() - started) / 1000;
    started = performance.now();
    const report = readInSmallHeap(kind, url, 'long', heapMb);
    const read = (performance.now() - started) / 1000;
    console.log(
      `| ${kind} | ${report.events} | ${report.heapAfterOpenMb} | ${report.peakHeapMb} | ${report.peakRssMb} | ${fill.toFixed(1)} | ${read.toFixed(1)} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
