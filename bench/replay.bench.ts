// npm run bench:replay: replay events/s of the engine beside createActor().send(), xstate's public transition() and
// bare JSON.parse of the same log, for 10k, 100k and 1M events; printed as ratios (absolute times here are noise).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLog } from './generateLog.ts';

type Result = { method: string; events: number; seconds: number; eventsPerSecond: number; maxRssMb: number; state: string };

const worker = fileURLToPath(new URL('./replayWorker.ts', import.meta.url));
const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'phasegate-bench-'));

function run(method: string, file: string): Result {
  const out = execFileSync(process.execPath, ['--import', 'tsx', worker, method, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
console.log('replay: one process per method and size; events/s (peak RSS)');
for (const size of sizes) {
  const file = join(dir, `log-${size}.jsonl`);
  await writeLog(file, size);
  const results = Object.fromEntries(['parse', 'engine', 'actor', 'transition'].map((m) => [m, run(m, file)])) as Record<string, Result>;
  const { parse, engine, actor, transition } = results as Record<'parse' | 'engine' | 'actor' | 'transition', Result>;
  if (engine.state !== actor.state || engine.state !== transition.state) throw new Error(`methods disagree: ${engine.state} / ${actor.state} / ${transition.state}`);
  console.log(`\n${fmt(size)} events (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB of JSONL), final state ${engine.state}`);
  for (const r of [engine, actor, transition, parse]) {
    console.log(`  ${r.method.padEnd(10)} ${fmt(r.eventsPerSecond).padStart(10)} events/s  ${r.maxRssMb.toFixed(0).padStart(5)} MB peak`);
  }
  console.log(`  ratios: engine/createActor ${(engine.eventsPerSecond / actor.eventsPerSecond).toFixed(2)}  engine/transition() ${(engine.eventsPerSecond / transition.eventsPerSecond).toFixed(2)}  engine/JSON.parse ${(engine.eventsPerSecond / parse.eventsPerSecond).toFixed(2)}`);
  rmSync(file);
}
rmSync(dir, { recursive: true, force: true });
