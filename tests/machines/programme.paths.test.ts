/**
 * The point of this file: machine paths are test cases. xstate/graph walks the programme
 * machine with the programme's exhaustive sample events; every state, and every transition the samples can take,
 * gets the shortest path that reaches it, and each path is recorded through the engine (memory store, role policy
 * and all) and fed to a plain XState actor: both must accept every event and agree on value and context throughout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createActor, type AnyMachineSnapshot, type AnyStateNode } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  createMemoryEventStore,
  initialSnapshot,
  isIn,
  leafPaths,
  type UnhashedEvent,
} from '../../src/index.ts';
import { createProgrammeSamples, programmeV1 } from '../../machines/index.ts';
import type { Engine } from '../../src/index.ts';

const workflow = programmeV1;
const machine = workflow.machine;
const samples = createProgrammeSamples({ version: 1, several: 3 });
const options = {
  events: samples.exhaustiveSampleEvents as never,
  serializeState: samples.stateKey as never,
  fromState: initialSnapshot(workflow),
};
type Vertex = { state: AnyMachineSnapshot; transitions: Record<string, { event: unknown; state: AnyMachineSnapshot }> };
const adjacency = getAdjacencyMap(machine, options) as unknown as Record<string, Vertex>;
const paths = shortestPaths();
const pathTo = new Map(paths.map((p) => [p.key, p.events]));

/** Breadth-first over the adjacency map (what getShortestPaths does, without walking the machine a second time). */
function shortestPaths(): Array<{ key: string; events: UnhashedEvent[] }> {
  const first = samples.stateKey(options.fromState);
  const found = new Map<string, UnhashedEvent[]>([[first, []]]);
  const queue = [first];
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i]!;
    for (const { event, state } of Object.values(adjacency[key]!.transitions)) {
      const next = samples.stateKey(state);
      if (found.has(next)) continue;
      found.set(next, [...found.get(key)!, event as UnhashedEvent]);
      queue.push(next);
    }
  }
  return [...found].map(([key, events]) => ({ key, events }));
}

const allStates: AnyStateNode[] = [];
const allTransitions: unknown[] = [];
(function visit(node: AnyStateNode) {
  if (node.parent !== undefined && node.type !== 'history') allStates.push(node);
  for (const candidates of node.transitions.values()) allTransitions.push(...candidates);
  for (const child of Object.values(node.states)) visit(child as AnyStateNode);
})(machine.root);

/** The shortest path into each state node. */
const stateCases = allStates.map((node) => {
  const reaching = paths.filter((p) => inNode(adjacency[p.key]!.state, node.id));
  const best = reaching.sort((a, b) => a.events.length - b.events.length)[0];
  return { node, events: best?.events ?? null };
});

/** For each transition definition, a path to a state where a sample event takes it, plus that event. */
const transitionCases = allTransitions.map((transition) => {
  let best: UnhashedEvent[] | null = null;
  for (const [key, vertex] of Object.entries(adjacency)) {
    for (const { event } of Object.values(vertex.transitions)) {
      const taken = machine.getTransitionData(vertex.state as never, event as never);
      if (!taken.includes(transition as never)) continue;
      const prefix = pathTo.get(key)!;
      if (best === null || prefix.length + 1 < best.length) best = [...prefix, event as UnhashedEvent];
    }
  }
  const t = transition as { source: AnyStateNode; eventType: string; target?: AnyStateNode[] };
  return {
    name: `${t.source.id} ${t.eventType}${t.target ? ` -> ${t.target.map((n) => n.id).join(',')}` : ''}`,
    events: best,
  };
});

function inNode(snapshot: AnyMachineSnapshot, id: string): boolean {
  return isIn(snapshot, id);
}

/** Records a path through the engine and through an actor; returns the final snapshot, checking they agree at every step. */
async function replayBoth(events: readonly UnhashedEvent[]): Promise<AnyMachineSnapshot> {
  const engine: Engine = createEngine({
    workflows: workflow,
    store: createMemoryEventStore(),
    clock: () => new Date('2030-01-01T00:00:00Z'),
  });
  const actor = createActor(machine).start();
  for (const sample of events) {
    const { event, state } = await engine.record('paths', {
      id: sample.id,
      type: sample.type,
      occurredAt: sample.occurredAt,
      actor: sample.actor,
      data: sample.data,
    });
    const before = actor.getSnapshot();
    actor.send(event as never);
    const after = actor.getSnapshot();
    expect(after, `the actor accepts ${event.type} at seq ${event.seq}`).not.toBe(before);
    expect(after.value).toEqual(state.value);
    expect(after.context).toEqual(state.context);
  }
  actor.stop();
  return (await engine.state('paths')).snapshot;
}

describe('programme paths (xstate/graph)', () => {
  const coverage = {
    states: { covered: stateCases.filter((c) => c.events).length, total: allStates.length },
    transitions: { covered: transitionCases.filter((c) => c.events).length, total: allTransitions.length },
    vertices: Object.keys(adjacency).length,
    uncovered: transitionCases.filter((c) => !c.events).map((c) => c.name),
  };

  it('reaches every state of the programme machine', () => {
    expect(stateCases.filter((c) => c.events === null).map((c) => c.node.id)).toEqual([]);
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/programme-paths.json', `${JSON.stringify(coverage, null, 2)}\n`);
    console.info(
      `programme paths: ${coverage.states.covered}/${coverage.states.total} states, ` +
        `${coverage.transitions.covered}/${coverage.transitions.total} transitions, ${coverage.vertices} search states`,
    );
  });

  it.each(stateCases.map((c) => [c.node.id, c] as const))(
    'replays the shortest path into %s through the engine and an actor alike',
    async (_id, c) => {
      const final = await replayBoth(c.events!);
      expect(inNode(final, c.node.id)).toBe(true);
    },
  );

  it('takes every transition of the machine', () => {
    expect(coverage.uncovered).toEqual([]);
  });

  it.each(transitionCases.filter((c) => c.events).map((c) => [c.name, c] as const))(
    'replays a path taking %s',
    async (_name, c) => {
      await replayBoth(c.events!);
    },
  );

  it('resumes a suspended programme where it was, through the deep history state', async () => {
    const byTarget = new Map<string, UnhashedEvent[]>();
    for (const [key, vertex] of Object.entries(adjacency)) {
      if (vertex.state.value !== 'suspended') continue;
      const resume = Object.values(vertex.transitions).find(
        (t) => (t.event as { type: string }).type === 'ProgrammeResumed',
      );
      const target = JSON.stringify((vertex.state as unknown as { historyValue: unknown }).historyValue);
      if (resume && !byTarget.has(target)) byTarget.set(target, [...pathTo.get(key)!, resume.event as UnhashedEvent]);
    }
    expect(byTarget.size).toBe(7); // {feasibility, development, implementation} x {active, gate}, and finalisation
    for (const events of byTarget.values()) {
      const suspension = events.findLastIndex(
        (e) => e.type === 'ProgrammeSuspended' || e.type === 'GateDecisionRecorded',
      );
      const before = await replayBoth(events.slice(0, suspension));
      const after = await replayBoth(events);
      expect(leafPaths(after.value, ['running'])).toEqual(leafPaths(before.value, ['running']));
    }
  });
});
