/**
 * Writes a golden history: a fixture log recorded through the engine (fixed clock) and the final state it replays
 * to. Run once, when a workflow version is released, and commit the files; never regenerate an existing fixture
 * (the point of a golden history is that it was written by the code of its day).
 *
 *   npx tsx tests/golden/generate.ts <name>     (names: see `fixtures` below)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine, createMemoryEventStore, encodeEvent, streamStateJson } from '../../src/index.ts';
import { programmeVersions } from '../../machines/index.ts';
import {
  createDayClock,
  implementationToClosure,
  resumption,
  seedIndex,
  finalReport,
  g3Go,
  g3Review,
  ktActivity,
  seedProposals,
  suspensionV1,
  type TestProposal,
} from '../support/lifecycle.ts';
import type { Engine } from '../../src/index.ts';

type Step = { readonly proposal: TestProposal; readonly lateDays?: number; readonly workflow?: string };

const seed = seedProposals();

const fixtures: Record<string, () => Step[]> = {
  /** programme@1 from registration to closure, with a suspension in implementation and facts recorded late. */
  'lcz-v1-closed': () => [
    ...seed.map((proposal, i) => ({ proposal, lateDays: i === 20 ? 12 : 0 })),
    { proposal: suspensionV1('2012-10-10', '2012-11-01') },
    { proposal: resumption('2012-10-12') },
    ...implementationToClosure(3).map((proposal, i) => ({ proposal, lateDays: i === 0 ? 20 : 0 })),
  ],
  /** programme@1: a G2 hold, resumption into the open review, a go, then cancellation and a document after it. */
  'lcz-v1-hold-cancelled': () => {
    const g2 = seed[seedIndex.g2Decision - 1]!;
    const data = {
      ...g2.data,
      decision: 'hold',
      reviewDate: '2012-07-16',
      rationale: 'MoU signed, but the budget for 2013 is not confirmed yet.',
    } as Record<string, unknown>;
    delete data.nextGate;
    const go = {
      ...g2,
      id: 'lcz-g2-go-after-hold',
      occurredAt: '2012-07-16',
      data: {
        ...g2.data,
        decidedOn: '2012-07-16',
        nextGate: {
          gateId: 'G3',
          targetDate: '2013-03-31',
          requiredDeliverables: ['three knowledge-transfer activities'],
        },
      },
    };
    return [
      ...seed.slice(0, seedIndex.g2Decision - 1).map((proposal) => ({ proposal })),
      { proposal: { ...g2, id: 'lcz-g2-hold', data } },
      { proposal: resumption('2012-07-16') },
      { proposal: go },
      {
        proposal: {
          id: 'lcz-cancelled',
          type: 'ProgrammeCancelled',
          occurredAt: '2012-09-03',
          actor: { id: 'sz-gov', role: 'gatekeeper' },
          data: { reason: 'The municipality withdrew the Longgang site from the programme.', decidedBy: ['sz-gov'] },
        },
      },
      {
        proposal: {
          id: 'lcz-closing-memo',
          type: 'DocumentLinked',
          occurredAt: '2012-09-10',
          actor: { id: 'twa-guangzhou', role: 'programme_manager' },
          data: {
            docId: 'closing-memo',
            title: 'Closing memo',
            category: 'A07',
            url: 'https://example.org/lcz/closing-memo.pdf',
            date: '2012-09-10',
            language: 'en',
          },
        },
      },
    ];
  },
  /**
   * Started under programme@1, moved to programme@2 in implementation by a recorded WorkflowMigrated, then held to
   * programme@2's G3 rule (4 knowledge-transfer activities) and closed; a suspension in schema 2 on the way.
   */
  'lcz-v1-migrated-v2': () => [
    ...seed.map((proposal, i) => ({ proposal, ...(i === 0 ? { workflow: 'programme@1' } : {}) })),
    {
      proposal: {
        id: 'lcz-migrated-v2',
        type: 'WorkflowMigrated',
        occurredAt: '2012-10-10',
        actor: { id: 'eli', role: 'gatekeeper' },
        data: {
          from: 'programme@1',
          to: 'programme@2',
          reason: 'The steering committee set four knowledge-transfer activities for G3.',
        },
      },
    },
    {
      proposal: {
        id: 'lcz-suspended-v2',
        type: 'ProgrammeSuspended',
        occurredAt: '2012-10-11',
        actor: { id: 'eli', role: 'gatekeeper' },
        data: {
          reason: 'Budget review at the ministry',
          category: 'funding',
          decidedBy: ['eli'],
          reviewDate: '2012-10-20',
        },
      },
    },
    { proposal: resumption('2012-10-12') },
    ...[2, 3, 4].map((n) => ({ proposal: ktActivity(n, `2012-10-${12 + n}`) })),
    { proposal: finalReport('2012-11-20') },
    { proposal: g3Review('2012-11-21', '2012-12-14', 4) },
    { proposal: g3Go('2012-12-14', ['lcz-24-kt-workshop', 'lcz-kt-2', 'lcz-kt-3', 'lcz-kt-4']) },
    {
      proposal: {
        id: 'lcz-closed',
        type: 'ProgrammeClosed',
        occurredAt: '2012-12-31',
        actor: { id: 'eli', role: 'gatekeeper' },
        data: { finalReportDocId: 'final-report' },
      },
    },
  ],
};

async function generate(name: string): Promise<void> {
  const build = fixtures[name];
  if (build === undefined) throw new Error(`unknown fixture ${name}; known: ${Object.keys(fixtures).join(', ')}`);
  const log = fileURLToPath(new URL(`./${name}.jsonl`, import.meta.url));
  const stateFile = fileURLToPath(new URL(`./${name}.state.json`, import.meta.url));
  if (existsSync(log) || existsSync(stateFile))
    throw new Error(`${name} exists; golden histories are never regenerated`);
  const days = createDayClock();
  const engine: Engine = createEngine({
    workflows: [...programmeVersions],
    store: createMemoryEventStore(),
    clock: days.clock,
  });
  for (const step of build()) {
    days.at(step.proposal.occurredAt, step.lateDays ?? 0);
    await engine.record(name, step.proposal, step.workflow ? { workflow: step.workflow } : {});
  }
  let text = '';
  for await (const event of engine.store.readStream(name)) text += `${encodeEvent(event)}\n`;
  const state = streamStateJson(await engine.state(name));
  writeFileSync(log, text);
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  console.log(`${name}: ${state.seq} events, ${state.workflow}, ${JSON.stringify(state.state)}`);
}

for (const name of process.argv.slice(2)) await generate(name);
