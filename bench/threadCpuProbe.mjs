// Loaded with `node --import` by bench/cores.bench.ts when BENCH_CORES_THREADS=1 (Linux only): as each JavaScript
// thread of the CLI ends (the main thread, each worker), appends its own CPU seconds (/proc/thread-self/schedstat)
// to the file $PHASEGATE_THREAD_CPU, and the main thread the whole process's (every thread, V8's helpers too).
import { appendFileSync, readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.PHASEGATE_THREAD_CPU;
const seconds = (path) => Number(readFileSync(path, 'utf8').split(' ')[0]) / 1e9;
if (file) {
  process.on('exit', () => {
    const own = seconds('/proc/thread-self/schedstat');
    // utime and stime of the process, in clock ticks of 10 ms (fields 14 and 15 of /proc/self/stat)
    const stat = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    const processCpu = isMainThread ? (Number(stat[11]) + Number(stat[12])) / 100 : null;
    appendFileSync(file, `${JSON.stringify({ main: isMainThread, cpu: own, process: processCpu })}\n`);
  });
}
