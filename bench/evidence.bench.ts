// npm run bench:evidence: events/s of recording, replaying and projecting (the programme's dossier model) many
// deliverables that gate evidence may cite (DocumentLinked, StakeholderInvolvementRecorded, ExpertMeetingHeld), at 1k
// and 10k. Each adds an entry to the context's evidence (and documents) and most a line to the dossier's timeline: if an
// entry costs time in proportion to the entries before it, the rate at 10k falls well below the rate at 1k.
// Engine on the in-memory store, one proposal at a time; replay is the pure fold; project folds the dossier model.
import {
  createEngine,
  createMemoryEventStore,
  persistSnapshot,
  replay,
  type Engine,
  type RecordedEvent,
} from '../src/index.ts';
// programme@2: the synthetic workloads here record facts without the role grants programme@3 asks for.
import { programmeV2 as programme } from '../machines/index.ts';
import { seed } from '../tests/fixtures/lcz.ts';

const sizes = (process.env.BENCH_EVIDENCE_SIZES ?? '1000,10000').split(',').map(Number);
const opening = seed.slice(0, 14); // registration and participants
const pm = { id: 'twa-guangzhou', role: 'programme_manager' };

/** The i-th deliverable, in turn a linked document, a recorded involvement and an expert meeting: all citable. */
function deliverable(i: number) {
  const on = '2011-07-21';
  switch (i % 3) {
    case 0:
      return {
        type: 'DocumentLinked',
        occurredAt: on,
        actor: pm,
        data: {
          docId: `doc-${i}`,
          title: `Minutes ${i}`,
          category: 'A07',
          url: `https://example.org/doc-${i}.pdf`,
          date: on,
          language: 'en',
        },
      };
    case 1:
      return {
        type: 'StakeholderInvolvementRecorded',
        occurredAt: on,
        actor: pm,
        data: { orgId: 'tu-delft', category: 'knowledge_institute', level: 'contributing' },
      };
    default:
      return {
        type: 'ExpertMeetingHeld',
        occurredAt: on,
        actor: pm,
        data: {
          meetingId: `em-${i}`,
          location: 'Shenzhen',
          startDate: on,
          endDate: on,
          plenaries: 1,
          workgroups: ['Energy'],
          siteVisits: [],
          participantIds: ['eli', 'sz-drc'],
          themes: ['Energy'],
        },
      };
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en').padStart(9);

/** Records `size` deliverables and replays the stream; returns events/s of each (the replay counts the opening too). */
async function measure(size: number): Promise<{ record: number; replay: number; project: number }> {
  const engine: Engine = createEngine({
    workflows: programme,
    store: createMemoryEventStore(),
    clock: () => new Date('2026-01-01T00:00:00Z'),
  });
  for (const p of opening) await engine.record('bench', p);
  let started = process.hrtime.bigint();
  for (let i = 0; i < size; i++) await engine.record('bench', deliverable(i));
  const recordSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const events: RecordedEvent[] = [];
  for await (const event of engine.store.readStream('bench')) events.push(event);
  started = process.hrtime.bigint();
  const final = replay(programme, events);
  const replaySeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const evidence = Object.keys(
    (persistSnapshot(programme, final) as { context: { evidence: object } }).context.evidence,
  ).length;
  if (evidence !== size) throw new Error(`expected ${size} evidence entries after replay, found ${evidence}`);
  const dossier = programme.dossier!;
  started = process.hrtime.bigint();
  let model = dossier.initial();
  for (const event of events) model = dossier.apply(model, event);
  const projectSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await engine.close();
  return {
    record: size / recordSeconds,
    replay: events.length / replaySeconds,
    project: events.length / projectSeconds,
  };
}

await measure(200); // warm-up (JIT), not reported
console.log(
  'evidence: events/s for N deliverables after the seed opening (record: engine, in-memory store; replay: pure fold; project: dossier model)',
);
for (const size of sizes) {
  const { record, replay: replayed, project } = await measure(size);
  console.log(
    `  N=${String(size).padStart(6)}  record ${fmt(record)} events/s  replay ${fmt(replayed)} events/s  project ${fmt(project)} events/s`,
  );
}
