// npm run bench:replay: replay events/s of the engine beside createActor().send(), xstate's public transition() and
// bare JSON.parse of the same log, for 10k, 100k and 1M events; printed as ratios (absolute times here are noise).
// Each round runs the four methods one after another (interleaved, so drifting load weighs on all alike); the
// median of BENCH_REPLAY_ROUNDS rounds (default 3) counts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLog } from './generateLog.ts';
import { reportGoal } from './goals.ts';

type Result = {
  method: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  maxRssMb: number;
  state: string;
};

const worker = fileURLToPath(new URL('./replayWorker.ts', import.meta.url));
const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const rounds = Number(process.env.BENCH_REPLAY_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'phasegate-bench-'));
const methods = ['parse', 'engine', 'actor', 'transition'] as const;

/** Runs the methods `rounds` times, interleaved; returns each method's median round. */
function measure(file: string): Record<(typeof methods)[number], Result> {
  const runs = Object.fromEntries(methods.map((m) => [m, [] as Result[]])) as Record<
    (typeof methods)[number],
    Result[]
  >;
  for (let round = 0; round < rounds; round++) for (const m of methods) runs[m].push(run(m, file));
  const median = (results: Result[]) =>
    [...results].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[Math.floor(results.length / 2)]!;
  return Object.fromEntries(methods.map((m) => [m, median(runs[m])])) as Record<(typeof methods)[number], Result>;
}

function run(method: string, file: string): Result {
  const out = execFileSync(process.execPath, ['--import', 'tsx', worker, method, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
console.log(
  `replay: one process per method, size and round; median of ${rounds} interleaved rounds, events per CPU second (peak RSS)`,
);
try {
  for (const size of sizes) {
    const file = join(dir, `log-${size}.jsonl`);
    await writeLog(file, size);
    const { parse, engine, actor, transition } = measure(file);
    if (engine.state !== actor.state || engine.state !== transition.state)
      throw new Error(`methods disagree: ${engine.state} / ${actor.state} / ${transition.state}`);
    console.log(
      `\n${fmt(size)} events (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB of JSONL), final state ${engine.state}`,
    );
    for (const r of [engine, actor, transition, parse]) {
      console.log(
        `  ${r.method.padEnd(10)} ${fmt(r.eventsPerSecond).padStart(10)} events/s  ${r.maxRssMb.toFixed(0).padStart(5)} MB peak`,
      );
    }
    console.log(
      `  ratios: engine/createActor ${(engine.eventsPerSecond / actor.eventsPerSecond).toFixed(2)}  engine/transition() ${(engine.eventsPerSecond / transition.eventsPerSecond).toFixed(2)}  engine/JSON.parse ${(engine.eventsPerSecond / parse.eventsPerSecond).toFixed(2)}`,
    );
    if (size === 100_000) reportGoal('replay-parse-100k', engine.eventsPerSecond / parse.eventsPerSecond);
    if (size === 1_000_000) reportGoal('replay-parse-1m', engine.eventsPerSecond / parse.eventsPerSecond);
    if (size === Math.max(...sizes))
      reportGoal('replay-actor', engine.eventsPerSecond / actor.eventsPerSecond, `${size.toLocaleString('en')} events`);
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true }); // also when a method fails or disagrees
}
