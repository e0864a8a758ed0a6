// npm run bench: every benchmark, one after another, each printing ratios against its peer and the raw limits, then
// one summary table of the performance goals (bench/goals.ts): the measured ratio, the goal, met or not.
// npm run bench:quick (or `--quick`): every benchmark at small sizes, for a first look in under two minutes; its
// ratios are noisier and the 1M-event replay goal is not run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summaryTable } from './goals.ts';

const quick = process.argv.includes('--quick');
const small: Record<string, string> = {
  BENCH_SIZES: '10000,100000',
  BENCH_EVIDENCE_SIZES: '1000',
  BENCH_PAGE_SIZES: '1000',
  BENCH_VERIFY_EVENTS: '30000',
  BENCH_RECORDS: '200',
  BENCH_SINGLE: '200',
  BENCH_BATCHES: '40',
  BENCH_WARM_SINGLE: '100',
  BENCH_WARM_BATCHES: '5',
  BENCH_READ: '20000',
  BENCH_SCALE: '20000',
  BENCH_WRITER_APPENDS: '40',
  BENCH_REPLAY_ROUNDS: '1',
  BENCH_CORES: '40x250',
};
const dir = fileURLToPath(new URL('.', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'phasegate-goals-'));
const goalsFile = join(work, 'goals.jsonl');
const env = { ...process.env, PHASEGATE_BENCH_GOALS: goalsFile, ...(quick ? small : {}) };
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const started = performance.now();
const loadBefore = load();
try {
  const failed: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()) {
    console.log(`\n=== ${file} ===`);
    try {
      execFileSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit', env });
    } catch {
      failed.push(file); // its goals show as not measured; the others still run
    }
  }
  if (failed.length > 0) console.log(`\nfailed: ${failed.join(', ')}`);
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  console.log(`\n=== summary${quick ? ' (quick: small sizes)' : ''} ===\n`);
  console.log(summaryTable(goalsFile));
  console.log(
    `\n${minutes} minutes; load average (1, 5, 15 min) ${loadBefore} at the start, ${load()} at the end, on ${process.env.HOSTNAME ?? 'this machine'}.`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
