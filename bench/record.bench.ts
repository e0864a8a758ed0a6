// npm run bench:record: latency of engine.record() on the embedded SQLite store (WAL, synchronous=FULL: every
// record is one fsynced transaction), one proposal at a time, with the state cached as a programme office runs it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, openStore } from '../src/index.ts';
// programme@2: the synthetic workloads here record facts without the role grants programme@3 asks for.
import { programmeV2 as programme } from '../machines/index.ts';
import { seed } from '../tests/fixtures/lcz.ts';
import type { Engine } from '../src/index.ts';

const count = Number(process.env.BENCH_RECORDS ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'phasegate-record-'));
const store = await openStore(join(dir, 'bench.db'));
const engine: Engine = createEngine({ workflows: programme, store });
for (const p of seed.slice(0, 14)) await engine.record('bench', p);

const latencies: number[] = [];
for (let i = 0; i < count; i++) {
  const on = '2011-07-21';
  const proposal = {
    type: 'NetworkMeetingHeld',
    occurredAt: on,
    actor: { id: 'twa-guangzhou', role: 'programme_manager' },
    data: { meetingId: `m-${i}`, date: on, participantIds: ['twa-guangzhou', 'sz-gov'], topics: ['progress'] },
  };
  const started = process.hrtime.bigint();
  await engine.record('bench', proposal);
  latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
}
await store.close();
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
console.log(
  `record() on SQLite, ${count} proposals one at a time: p50 ${pct(50).toFixed(2)} ms  p90 ${pct(90).toFixed(2)} ms  p99 ${pct(99).toFixed(2)} ms  max ${latencies.at(-1)!.toFixed(2)} ms`,
);
