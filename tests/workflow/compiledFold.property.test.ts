/**
 * The compiled fold is XState, faster: for every registered workflow, every search state of the model-based test is
 * stepped with every event of the sample pool (accepted and refused alike), every shortest path is folded both ways,
 * and fast-check draws logs that mix accepted and refused events. The compiled fold must give XState's decision,
 * snapshot (value, context, status, history, active nodes) and actions at every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProgrammeSamples, programmeVersions } from '../../machines/index.ts';
import {
  initialSnapshot,
  refusalsWorkflow,
  type SampleEvents,
  type UnhashedEvent,
  type Workflow,
} from '../../src/index.ts';
import { step as xstateStep } from '../../src/workflow/scope.ts';
import { foldBoth, stepBoth } from '../fixtures/foldDifferential.ts';
import { modelGraph } from '../fixtures/modelGraph.ts';
import { fcSeed } from '../fcSeed.ts';

type Model = {
  readonly name: string;
  readonly workflow: Workflow;
  readonly samples: SampleEvents;
  readonly graph: ReturnType<typeof modelGraph>;
};

const models: Model[] = programmeVersions.map((workflow) => ({
  name: `${workflow.ref} (its own sample events)`,
  workflow,
  samples: workflow.sampleEvents!,
  graph: modelGraph(workflow, workflow.sampleEvents!, workflow.stateKey!),
}));
// The exhaustive samples of the model-based paths test take every transition of the machine (programme.paths.test.ts).
const exhaustive = createProgrammeSamples({ version: 1, several: 3 });
const programmeV1 = programmeVersions.find((w) => w.version === 1)!;
models.push({
  name: `${programmeV1.ref} (exhaustive sample events)`,
  workflow: programmeV1,
  samples: exhaustive.exhaustiveSampleEvents,
  graph: modelGraph(programmeV1, exhaustive.exhaustiveSampleEvents, exhaustive.stateKey),
});

describe(`the compiled fold equals XState (seed ${fcSeed})`, () => {
  it('compiles every registered workflow', () => {
    for (const workflow of [...programmeVersions, refusalsWorkflow])
      expect(workflow.fold, workflow.ref).toEqual({ engine: 'compiled' });
  });

  describe.each(models.map((m) => [m.name, m] as const))('%s', (_name, { workflow, samples, graph }) => {
    it("gives XState's decision and snapshot for every event of the pool in every search state", () => {
      let accepted = 0;
      for (const vertex of graph.vertices) {
        for (const event of graph.pool) if (stepBoth(workflow, vertex.state, event).accepted) accepted++;
      }
      const tried = graph.vertices.length * graph.pool.length;
      expect(accepted).toBeGreaterThan(graph.vertices.length);
      expect(tried - accepted).toBeGreaterThan(graph.vertices.length);
    }, 240_000); // a few seconds alone; far longer on a machine busy with other suites

    it('folds every shortest path of the model as XState does, each fold from its own snapshots', () => {
      for (const vertex of graph.vertices) {
        const { refused } = foldBoth(workflow, initialSnapshot(workflow), vertex.path);
        expect(refused, vertex.key).toBe(0);
      }
    }, 240_000);

    it('folds random logs that mix accepted and refused events as XState does', () => {
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(7), fc.nat()), { minLength: 1, maxLength: 120, size: 'max' }), (picks) => {
          // Mostly an event the current state is offered (accepted unless a guard says no), else one from anywhere.
          let snapshot = initialSnapshot(workflow);
          const log: UnhashedEvent[] = [];
          for (const [kind, n] of picks) {
            const offered = samples(snapshot);
            const event =
              kind === 0 || offered.length === 0 ? graph.pool[n % graph.pool.length]! : offered[n % offered.length]!;
            log.push(event);
            snapshot = xstateStep(workflow.machine, snapshot, event).next;
          }
          const folded = foldBoth(workflow, initialSnapshot(workflow), log);
          accepted += folded.accepted;
          refused += folded.refused;
        }),
        { numRuns: 60 },
      );
      console.info(`${workflow.ref}: random logs folded ${accepted} accepted and ${refused} refused events alike`);
      expect(accepted).toBeGreaterThan(250);
      expect(refused).toBeGreaterThan(250);
    }, 240_000);
  });

  it('folds the refusals workflow as XState does', () => {
    const refusal = { type: 'ProposalRefused' } as const;
    const other = { type: 'NetworkMeetingHeld' } as const;
    const { accepted, refused } = foldBoth(refusalsWorkflow, initialSnapshot(refusalsWorkflow), [
      refusal,
      other,
      refusal,
      refusal,
      other,
    ]);
    expect([accepted, refused]).toEqual([3, 2]);
  });
});
