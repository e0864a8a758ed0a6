/**
 * Using the cores (README, "Command line", `--jobs`): `phasegate verify` and `phasegate replay` of a store of many
 * streams, with the streams spread over 2 worker threads against 1 thread, as a user runs them (the built CLI, worker
 * start-up included); a SQLite store for the goals, a JSONL log beside it. Wall time, best of rounds taken in turns:
 * two threads can only show 2x on two idle cores, so the load average is printed beside every figure.
 *
 *   npx tsx bench/cores.bench.ts      BENCH_CORES=200x500 (streams x events; bench:quick uses 40x250)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeEvent, type RecordedEvent } from '../src/index.ts';
import { openSqliteEventStore } from '../src/entries/sqlite.ts';
import { generateEvents } from './generateLog.ts';
import { reportGoal } from './goals.ts';

const [streams, perStream] = (process.env.BENCH_CORES ?? '200x500').split('x').map(Number) as [number, number];
const rounds = Number(process.env.BENCH_CORES_ROUNDS ?? 3);
const bin = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first (the workers are files of dist/)`);
const dir = mkdtempSync(join(tmpdir(), 'phasegate-cores-'));
const load = () => loadavg()[0]!.toFixed(2);

/** Writes the log (streams interleaved, as concurrent writers leave them) and the same events into a SQLite store. */
async function build(): Promise<{ readonly jsonl: string; readonly sqlite: string }> {
  const per: RecordedEvent[][] = [];
  for (let s = 0; s < streams; s++) {
    const name = `prog-${String(s).padStart(4, '0')}`;
    per.push([...generateEvents(perStream, name, `${name}-e`)]);
  }
  const jsonl = join(dir, 'many.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < perStream; i++) for (const events of per) lines.push(encodeEvent(events[i]!));
  writeFileSync(jsonl, `${lines.join('\n')}\n`);
  const sqlite = join(dir, 'many.db');
  const store = await openSqliteEventStore(sqlite);
  for (const events of per) await store.append(events[0]!.stream, events, { expectedSeq: 0 });
  await store.close();
  return { jsonl, sqlite };
}

/** Runs the CLI; returns its wall time in seconds (exit 0 expected). */
function time(args: readonly string[]): number {
  const started = performance.now();
  execFileSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return (performance.now() - started) / 1000;
}

/** Best wall time of each `--jobs` value over the rounds, taken in turns so drifting load hits both alike. */
function compare(command: string, location: string): { one: number; two: number; load: string } {
  const best = { one: Infinity, two: Infinity };
  for (let r = 0; r < rounds; r++) {
    best.one = Math.min(best.one, time([command, location, '--jobs', '1']));
    best.two = Math.min(best.two, time([command, location, '--jobs', '2']));
  }
  return { ...best, load: load() };
}

try {
  const { jsonl, sqlite } = await build();
  console.log(`${streams} streams x ${perStream} events; best of ${rounds}; load average (1 min) at each row's end\n`);
  console.log('| command | log | --jobs 1 (s) | --jobs 2 (s) | 2 threads / 1 | load |');
  console.log('|---|---|---|---|---|---|');
  for (const command of ['verify', 'replay']) {
    for (const [kind, location] of [
      ['SQLite', sqlite],
      ['JSONL', jsonl],
    ] as const) {
      const { one, two, load: at } = compare(command, location);
      const ratio = one / two;
      console.log(`| ${command} | ${kind} | ${one.toFixed(2)} | ${two.toFixed(2)} | ${ratio.toFixed(2)} | ${at} |`);
      if (kind === 'SQLite') reportGoal(`cores-${command}`, ratio, `SQLite, load ${at}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
