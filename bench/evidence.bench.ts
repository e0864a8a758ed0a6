// npm run bench:evidence: events/s of recording and replaying many deliverables that gate evidence may cite
// (DocumentLinked and StakeholderInvolvementRecorded), at 1k and 10k. Each one adds an entry to the context's evidence
// (and, for documents, its document) record: if an entry costs time in proportion to the entries before it, the rate
// at 10k falls well below the rate at 1k. Engine on the in-memory store, one proposal at a time; replay is the pure fold.
import { createEngine, createMemoryEventStore, persistSnapshot, replay, type RecordedEvent } from '../src/index.ts';
import { programme } from '../machines/index.ts';
import { seed } from '../tests/fixtures/lcz.ts';

const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const opening = seed.slice(0, 14); // registration and participants
const pm = { id: 'twa-guangzhou', role: 'programme_manager' };

/** The i-th deliverable: alternately a linked document and a recorded involvement, both citable as evidence. */
function deliverable(i: number) {
  const on = '2011-07-21';
  return i % 2 === 0
    ? { type: 'DocumentLinked', occurredAt: on, actor: pm, data: { docId: `doc-${i}`, title: `Minutes ${i}`, category: 'A07', url: `https://example.org/doc-${i}.pdf`, date: on, language: 'en' } }
    : { type: 'StakeholderInvolvementRecorded', occurredAt: on, actor: pm, data: { orgId: 'tu-delft', category: 'knowledge_institute', level: 'contributing' } };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en').padStart(9);

/** Records `size` deliverables and replays the stream; returns events/s of each (the replay counts the opening too). */
async function measure(size: number): Promise<{ record: number; replay: number }> {
  const engine = createEngine({ workflows: programme, store: createMemoryEventStore(), clock: () => new Date('2026-01-01T00:00:00Z') });
  for (const p of opening) await engine.record('bench', p);
  let started = process.hrtime.bigint();
  for (let i = 0; i < size; i++) await engine.record('bench', deliverable(i));
  const recordSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const events: RecordedEvent[] = [];
  for await (const event of engine.store.readStream('bench')) events.push(event);
  started = process.hrtime.bigint();
  const final = replay(programme, events);
  const replaySeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const evidence = Object.keys((persistSnapshot(programme, final) as { context: { evidence: object } }).context.evidence).length;
  if (evidence !== size) throw new Error(`expected ${size} evidence entries after replay, found ${evidence}`);
  await engine.close();
  return { record: size / recordSeconds, replay: events.length / replaySeconds };
}

await measure(200); // warm-up (JIT), not reported
console.log('evidence: events/s for N deliverables after the seed opening (record: engine, in-memory store; replay: pure fold)');
for (const size of sizes) {
  const { record, replay: replayed } = await measure(size);
  console.log(`  N=${String(size).padStart(6)}  record ${fmt(record)} events/s  replay ${fmt(replayed)} events/s`);
}
