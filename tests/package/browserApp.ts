// The browser application the package test bundles (esbuild, platform browser) from the installed tarball and runs
// in Chromium: the core entry with the memory store records the seed's first proposals, refuses one, and replays.
export const browserApp = `
import { createEngine, createMemoryEventStore, parseProposalsText, RefusedError } from 'phasegate';
import { programme } from 'phasegate/programme';

globalThis.runPhasegate = async (seedText) => {
  const store = createMemoryEventStore();
  const engine = createEngine({ workflows: programme, store, clock: () => new Date('2026-01-01T00:00:00Z') });
  const proposals = parseProposalsText(seedText, undefined, 'seed');
  const { events } = await engine.recordBatch('lcz-shenzhen', proposals);
  let refusal = null;
  try {
    await engine.record('lcz-shenzhen', { type: 'ProgrammeClosed', occurredAt: '2011-07-02',
      actor: { id: 'nl-agency', role: 'gatekeeper' }, data: { finalReportDocId: 'r1' } });
  } catch (error) {
    if (!(error instanceof RefusedError)) throw error;
    refusal = error.message;
  }
  const now = await engine.state('lcz-shenzhen');
  const replayed = await createEngine({ workflows: programme, store }).state('lcz-shenzhen');
  const first = await engine.stateAt('lcz-shenzhen', { seq: 1 });
  return {
    hasProcess: typeof process !== 'undefined',
    events: events.map((event) => JSON.parse(JSON.stringify(event))),
    refusal,
    state: now.state, seq: now.seq, hash: now.hash,
    replayed: { state: replayed.state, seq: replayed.seq, hash: replayed.hash },
    first: { state: first.state, seq: first.seq },
  };
};
`;
