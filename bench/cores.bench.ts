/**
 * Using the cores (README, "Command line", `--jobs`): `phasegate verify` and `phasegate replay` of a store of many
 * streams, with the streams spread over 2 worker threads against 1 thread, as a user runs them (the built CLI, worker
 * start-up included); a SQLite store for the goals, a JSONL log beside it. Wall time, best of rounds taken in turns:
 * two threads can only show 2x on two idle cores (Linux shares the CPU among sessions, not threads, so under other
 * sessions' load a second thread gains little), so the load average is printed beside every figure, and the CPU time
 * of both runs beside it.
 *
 *   npx tsx bench/cores.bench.ts      BENCH_CORES=200x500,1000x500 (streams x events, one table each; bench:quick
 *                                     uses 40x250)
 *
 * The goals are read off the last size: 1,000 streams of 500 events (an agency's store, 500k events), where the
 * start-up each thread pays (Node, the modules, V8 compiling the hot code again: 0.2-0.4 s of CPU,
 * docs/performance.md "Using the cores") is a small part of the walk, as it is for the stores `--jobs` is for; the
 * 200 x 500 store the goals were first measured on (about 1 s of work) stays in the output for comparison.
 *
 * Beside the goals' ratios it prints the machine's own two-thread ceiling, measured in the same rounds, in turns with
 * the CLI's runs: coresCeiling.mjs does the walk's kind of work (each thread reads its half of the streams' rows,
 * JSON.parse and SHA-256 of each body) with no phasegate code and no start-up, and 1 thread's wall over 2 threads'
 * (medians) is what two threads can gain on this machine this run; each goal's ratio is printed as a share of it.
 *
 * BENCH_CORES_THREADS=1 (Linux) also prints each thread's own CPU time (threadCpuProbe.mjs) and the ratio it allows
 * on two idle cores, `--jobs 1`'s main thread over half of `--jobs 2`'s process CPU, which the load barely changes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeEvent, type RecordedEvent } from '../src/index.ts';
import { openSqliteEventStore } from '../src/entries/sqlite.ts';
import { generateEvents } from './generateLog.ts';
import { reportGoal } from './goals.ts';

const sizes = (process.env.BENCH_CORES ?? '200x500,1000x500')
  .split(',')
  .map((size) => size.split('x').map(Number) as [number, number]);
const rounds = Number(process.env.BENCH_CORES_ROUNDS ?? 3);
const bin = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first (the workers are files of dist/)`);
const dir = mkdtempSync(join(tmpdir(), 'phasegate-cores-'));
const load = () => loadavg()[0]!.toFixed(2);

/** Writes the log (streams interleaved, as concurrent writers leave them) and the same events into a SQLite store. */
async function build(streams: number, perStream: number): Promise<{ readonly jsonl: string; readonly sqlite: string }> {
  const per: RecordedEvent[][] = [];
  for (let s = 0; s < streams; s++) {
    const name = `prog-${String(s).padStart(4, '0')}`;
    per.push([...generateEvents(perStream, name, `${name}-e`)]);
  }
  const jsonl = join(dir, `${streams}x${perStream}.jsonl`);
  const lines: string[] = [];
  for (let i = 0; i < perStream; i++) for (const events of per) lines.push(encodeEvent(events[i]!));
  writeFileSync(jsonl, `${lines.join('\n')}\n`);
  const sqlite = join(dir, `${streams}x${perStream}.db`);
  const store = await openSqliteEventStore(sqlite);
  for (const events of per) await store.append(events[0]!.stream, events, { expectedSeq: 0 });
  await store.close();
  return { jsonl, sqlite };
}

/** CPU seconds of this process's reaped children (utime + stime of /proc/self/stat, in clock ticks of 10 ms). */
function childCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const threads = process.env.BENCH_CORES_THREADS === '1';
const probe = fileURLToPath(new URL('./threadCpuProbe.mjs', import.meta.url));
const threadFile = join(dir, 'threads.jsonl');

/**
 * Runs the CLI (exit 0 expected); returns its wall time and CPU time (every thread) in seconds, and with
 * BENCH_CORES_THREADS=1 its main thread's and its workers' own CPU time.
 */
function time(args: readonly string[]): { wall: number; cpu: number; main: number; workers: number } {
  const cpu = existsSync('/proc/self/stat') ? childCpu() : NaN;
  const started = performance.now();
  rmSync(threadFile, { force: true });
  const node = threads ? ['--import', probe, bin] : [bin];
  const env = threads ? { ...process.env, PHASEGATE_THREAD_CPU: threadFile } : process.env;
  execFileSync(process.execPath, [...node, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const wall = (performance.now() - started) / 1000;
  const spent = childCpu() - cpu;
  if (!threads) return { wall, cpu: spent, main: NaN, workers: NaN };
  const ended = readFileSync(threadFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ThreadCpu);
  const main = ended.find((t) => t.main)!;
  const workers = ended.filter((t) => !t.main).reduce((sum, t) => sum + t.cpu, 0);
  return { wall, cpu: main.process ?? spent, main: main.cpu, workers };
}

type ThreadCpu = { readonly main: boolean; readonly cpu: number; readonly process: number | null };
type Best = { wall: number; cpu: number; main: number; workers: number };

/**
 * Best wall time (and least CPU time) of each `--jobs` value over the rounds, taken in turns so drifting load hits
 * both alike. The CPU time does not depend on the load: --jobs 2 over --jobs 1 is what spreading costs in work.
 */
function compare(
  command: string,
  location: string,
  withCeiling: boolean,
): { one: Best; two: Best; load: string; ceiling: number; medians: number } {
  const one = { wall: Infinity, cpu: Infinity, main: Infinity, workers: Infinity };
  const two = { wall: Infinity, cpu: Infinity, main: Infinity, workers: Infinity };
  const ceilingWalls = { 1: [] as number[], 2: [] as number[] };
  const walls = { '1': [] as number[], '2': [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const [best, jobs] of [
      [one, '1'],
      [two, '2'],
    ] as const) {
      const run = time([command, location, '--jobs', jobs]);
      walls[jobs].push(run.wall);
      best.wall = Math.min(best.wall, run.wall);
      best.cpu = Math.min(best.cpu, run.cpu);
      best.main = Math.min(best.main, run.main);
      best.workers = Math.min(best.workers, run.workers);
    }
    if (withCeiling) for (const threads of [1, 2] as const) ceilingWalls[threads].push(ceilingWall(location, threads));
  }
  const ceiling = withCeiling ? median(ceilingWalls[1]) / median(ceilingWalls[2]) : NaN;
  return { one, two, load: load(), ceiling, medians: median(walls['1']) / median(walls['2']) };
}

const ceilingProbe = fileURLToPath(new URL('./coresCeiling.mjs', import.meta.url));

/**
 * The walk's work with no phasegate code (coresCeiling.mjs: each thread reads its half of the store's streams row by
 * row, JSON.parse and SHA-256 of each body), in `threads` threads: wall milliseconds from their common start to the
 * last one's end, thread start-up off the clock. Its 1-thread / 2-thread ratio is what this machine gives two
 * threads this run, the most the `--jobs` goals' ratios could reach (README "Figures", `--jobs`).
 */
function ceilingWall(location: string, threads: 1 | 2): number {
  return Number(execFileSync(process.execPath, [ceilingProbe, location, String(threads)], { encoding: 'utf8' }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
}

try {
  for (const [n, [streams, perStream]] of sizes.entries())
    await measure(streams, perStream, n === sizes.length - 1 ? `${streams} x ${perStream}` : null);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Prints the table of one store size; `goal` (the size's name) when its SQLite rows are the goals' figures. */
async function measure(streams: number, perStream: number, goal: string | null): Promise<void> {
  const perThread: string[] = [];
  const { jsonl, sqlite } = await build(streams, perStream);
  const counts = `${streams} streams x ${perStream} events`;
  console.log(`${counts}${goal ? ' (the goals)' : ''}; best of ${rounds}; load average (1 min) at each row's end\n`);
  console.log('| command | log | --jobs 1 (s) | --jobs 2 (s) | 2 threads / 1 | CPU s, 1 / 2 threads | load |');
  console.log('|---|---|---|---|---|---|---|');
  const ceilings: string[] = [];
  for (const command of ['verify', 'replay']) {
    for (const [kind, location] of [
      ['SQLite', sqlite],
      ['JSONL', jsonl],
    ] as const) {
      const { one, two, load: at, ceiling, medians } = compare(command, location, kind === 'SQLite' && goal !== null);
      const ratio = one.wall / two.wall;
      // The ceiling is of medians, so the ratio set against it is too; the goal's (best walls) is printed beside it.
      if (!Number.isNaN(ceiling))
        ceilings.push(
          `the machine's two-thread ceiling this run (medians of ${rounds}, in turns with ${command}'s runs): ` +
            `${ceiling.toFixed(2)}; --jobs ${command} reaches ${(medians / ceiling).toFixed(2)} of it ` +
            `(${medians.toFixed(2)} of medians; ${ratio.toFixed(2)} of the best walls, the goal's)`,
        );
      const cpu = `${one.cpu.toFixed(2)} / ${two.cpu.toFixed(2)}`;
      console.log(
        `| ${command} | ${kind} | ${one.wall.toFixed(2)} | ${two.wall.toFixed(2)} | ${ratio.toFixed(2)} | ${cpu} | ${at} |`,
      );
      if (kind === 'SQLite' && goal !== null) reportGoal(`cores-${command}`, ratio, `SQLite ${goal}, load ${at}`);
      if (threads)
        perThread.push(
          `| ${command} | ${kind} | ${one.main.toFixed(2)} | ${two.main.toFixed(2)} + ${two.workers.toFixed(2)} | ${one.cpu.toFixed(2)} / ${two.cpu.toFixed(2)} | ${(one.main / (two.cpu / 2)).toFixed(2)} |`,
        );
    }
  }
  if (ceilings.length > 0) console.log(`\n${ceilings.join('\n')}`);
  if (threads) {
    console.log('\nOwn CPU seconds of each thread (least of the rounds), and the ratio they allow on two idle cores\n');
    console.log('| command | log | main thread, --jobs 1 | main + worker, --jobs 2 | process, 1 / 2 | allowed |');
    console.log('|---|---|---|---|---|---|');
    for (const row of perThread) console.log(row);
  }
  console.log('');
}
