import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { inProcessBelow, spreadsByDefault } from '../parallel/jobs.ts';
import { warmUp } from '../parallel/warmWorkers.ts';

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
/** The worker module of each command that spreads a walk over the cores (README, "Command line", `--jobs`). */
const workerFiles: Record<string, URL> = {
  verify: new URL(`../audit/parallel/verifyWorker${ext}`, import.meta.url),
  replay: new URL(`./replayWorker${ext}`, import.meta.url),
};

/**
 * Starts the worker threads a `verify` or `replay` of many streams will use, before the command line has loaded
 * (warmWorkers.ts), as {@link workersToWarm} reads the arguments. What the command prints never depends on this.
 */
export function warmStart(argv: readonly string[]): void {
  const warm = workersToWarm(argv, availableParallelism(), sizeOf);
  if (warm !== null) warmUp(warm.file, warm.count);
}

/**
 * The size of a store's file from which a verify left to the default jobs is guessed to spread: a SQLite store's verify
 * spreads from 100,000 events (sqliteVerifyFrom), some 70 MB of the bench's events. Below it a warm worker went unused
 * and cost a 50k-event verify about 0.05 s of CPU and 0.02-0.03 s of wall (docs/performance.md, "Using the cores").
 */
const sqliteVerifyFileFrom = 64 << 20;

/**
 * Returns which workers to start early for `argv`, and how many: up to one per other core (a walk starts any more it
 * needs itself). The arguments are read loosely, since a wrong guess costs at most a worker that loads its modules
 * and ends with the process unused. None for another command, one stream, help, `--jobs 1` or a `--jobs` that is no
 * number, or a log left to the default jobs that the default keeps in one thread (spreadsByDefault; a store's file
 * is held to a JSONL log's size, since its events are not counted yet, and for verify to {@link sqliteVerifyFileFrom}).
 */
export function workersToWarm(
  argv: readonly string[],
  cores: number,
  size: (path: string) => number,
): { readonly file: URL; readonly count: number } | null {
  const [command, location] = argv;
  const file = command === undefined ? undefined : workerFiles[command];
  if (file === undefined || argv.some((a) => /^(-h|--help|--stream(=.*)?)$/.test(a))) return null;
  const at = argv.findIndex((a) => a === '--jobs' || a.startsWith('--jobs='));
  const given = at < 0 ? undefined : argv[at]!.startsWith('--jobs=') ? argv[at]!.slice('--jobs='.length) : argv[at + 1];
  let jobs: number;
  if (at < 0) {
    if (location === undefined || location.startsWith('-')) return null;
    const bytes = size(location);
    const spreads = /\.jsonl$/i.test(location)
      ? spreadsByDefault(command as 'verify' | 'replay', 'file', bytes)
      : bytes >= (command === 'verify' ? sqliteVerifyFileFrom : inProcessBelow.bytes);
    if (!spreads) return null;
    jobs = cores;
  } else if (given !== undefined && /^\d+$/.test(given)) jobs = Number(given);
  else return null;
  const count = Math.min(jobs, cores) - 1;
  return count > 0 ? { file, count } : null;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
