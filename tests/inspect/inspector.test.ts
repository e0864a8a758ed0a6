/**
 * The Stately inspector bridge, end to end on localhost: the inspector server of @statelyai/inspect relays what
 * phasegate sends to a local receiver, which must get the machine's definition and one snapshot per event, in order.
 */
import { createWebSocketReceiver, type StatelyInspectionEvent } from '@statelyai/inspect';
import { createInspectorServer } from '@statelyai/inspect/server';
import { createWebSocketInspector } from '@statelyai/inspect';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { createEngine, createMemoryEventStore, createWorkflowRegistry, type RecordedEvent } from '../../src/index.ts';
import { forwardToInspector, keepGuardNames, replayIntoInspector, withoutEffects } from '../../src/entries/inspect.ts';
import { readJsonlFile } from '../../src/entries/jsonl.ts';
import { main } from '../../src/cli/main.ts';
import { programmeVersions } from '../../machines/index.ts';
import { freePort } from '../support/freePort.ts';
import { seedProposals, seededStore } from '../support/seedLog.ts';
import type { Engine } from '../../src/index.ts';

async function readGolden(name: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const record of readJsonlFile(fileURLToPath(new URL(`../golden/${name}.jsonl`, import.meta.url))))
    events.push(record.event);
  return events;
}

const registry = createWorkflowRegistry([...programmeVersions]);
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** Starts the inspector server on a free port and a receiver connected to it; resolves once the receiver is open. */
async function relay() {
  const port = await freePort();
  const server = createInspectorServer({ port, autoOpen: false });
  stops.push(() => server.stop());
  const received: StatelyInspectionEvent[] = [];
  for (let attempt = 0; ; attempt++) {
    await sleep(50);
    const receiver = createWebSocketReceiver({ server: `ws://localhost:${port}` });
    receiver.subscribe((event) => received.push(event));
    await sleep(100);
    // The receiver has no "open" signal; a probe message relayed back through the server shows it is connected.
    const probe = createWebSocketInspector({ url: `ws://localhost:${port}` });
    probe.event('probe', { type: 'probe' });
    await until(
      () => received.some((e) => e.type === '@xstate.event' && (e.event as { type: string }).type === 'probe'),
      2000,
    ).catch(() => {});
    probe.stop();
    if (received.length > 0 || attempt >= 5) break;
  }
  received.length = 0;
  return { port, received };
}

async function until(done: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the inspector');
    await sleep(20);
  }
}

function snapshotsIn(received: readonly StatelyInspectionEvent[], sessionId?: string) {
  return received.filter(
    (e): e is Extract<StatelyInspectionEvent, { type: '@xstate.snapshot' }> =>
      e.type === '@xstate.snapshot' &&
      (sessionId === undefined || e.sessionId === sessionId) &&
      !['xstate.init', 'xstate.stop'].includes((e.event as { type: string }).type),
  );
}

describe('Stately inspector bridge', () => {
  it('replays a stream: the definition with guard names, then one snapshot per event, in order', async () => {
    const { port, received } = await relay();
    const inspector = createWebSocketInspector({
      url: `ws://localhost:${port}`,
      serialize: keepGuardNames([programmeVersions[0].machine]),
    });
    stops.push(() => inspector.stop());
    const store = await seededStore();
    const { events } = await replayIntoInspector(registry, 'lcz-shenzhen', store.readStream('lcz-shenzhen'), inspector);
    expect(events).toBe(seedProposals.length);
    await until(() => snapshotsIn(received).length >= seedProposals.length);
    const actor = received.find((e) => e.type === '@xstate.actor');
    expect(actor).toBeDefined();
    const definition = JSON.parse((actor as { definition: string }).definition) as {
      id: string;
      states: Record<string, unknown>;
    };
    expect(definition.id).toBe('programme');
    expect(Object.keys(definition.states)).toEqual(['unregistered', 'running', 'suspended', 'cancelled', 'closed']);
    expect((actor as { definition: string }).definition).toContain('and(decisionIs(go), knownOrgs');
    const snapshots = snapshotsIn(received);
    expect(snapshots.map((s) => (s.event as unknown as { seq: number }).seq)).toEqual(
      seedProposals.map((_, i) => i + 1),
    );
    expect(snapshots.map((s) => (s.event as { type: string }).type)).toEqual(seedProposals.map((p) => p.type));
    expect((snapshots.at(-1)!.snapshot as unknown as { value: unknown }).value).toEqual({
      running: { implementation: 'active' },
    });
    expect(received.indexOf(actor!)).toBeLessThan(received.indexOf(snapshots[0]!));
    await store.close();
  });

  it("replays a migrated stream: programme@1's machine first, then programme@2's from the migrated snapshot", async () => {
    const { port, received } = await relay();
    const inspector = createWebSocketInspector({
      url: `ws://localhost:${port}`,
      serialize: keepGuardNames(registry.all.map((w) => w.machine)),
    });
    stops.push(() => inspector.stop());
    const events = await readGolden('lcz-v1-migrated-v2');
    const migration = events.find((e) => e.type === 'WorkflowMigrated')!;
    const { events: count } = await replayIntoInspector(
      registry,
      'lcz-v1-migrated-v2',
      (async function* () {
        yield* events;
      })(),
      inspector,
    );
    expect(count).toBe(events.length);
    await until(() => snapshotsIn(received).length >= events.length);
    const actors = received.filter(
      (e): e is Extract<StatelyInspectionEvent, { type: '@xstate.actor' }> => e.type === '@xstate.actor',
    );
    expect(actors.map((a) => JSON.parse(a.definition!).version)).toEqual(['1', '2']);
    // The v2 actor appears after the migration event, from the snapshot it led to, and takes every later event.
    const snapshots = snapshotsIn(received);
    const at = snapshots.findIndex((s) => (s.event as unknown as { seq: number }).seq === migration.seq);
    expect(at).toBeGreaterThan(0);
    expect(received.indexOf(actors[1]!)).toBeGreaterThan(received.indexOf(snapshots[at - 1]!));
    expect(snapshots.slice(0, at).every((s) => s.sessionId === actors[0]!.sessionId)).toBe(true);
    expect(snapshots.slice(at + 1).every((s) => s.sessionId === actors[1]!.sessionId)).toBe(true);
    expect((snapshots.at(-1)!.snapshot as unknown as { value: unknown }).value).toBe('closed');
  });

  it("replays a stream started under programme@1 with programme@1's machine, not the newest", async () => {
    const { port, received } = await relay();
    const inspector = createWebSocketInspector({
      url: `ws://localhost:${port}`,
      serialize: keepGuardNames(registry.all.map((w) => w.machine)),
    });
    stops.push(() => inspector.stop());
    const events = await readGolden('lcz-v1-closed');
    await replayIntoInspector(
      registry,
      'lcz-v1-closed',
      (async function* () {
        yield* events;
      })(),
      inspector,
    );
    await until(() => snapshotsIn(received).length >= events.length);
    const actors = received.filter(
      (e): e is Extract<StatelyInspectionEvent, { type: '@xstate.actor' }> => e.type === '@xstate.actor',
    );
    expect(actors.map((a) => JSON.parse(a.definition!).version)).toEqual(['1']);
  });

  it('forwards a live engine: each stream an actor, then each recorded event and its snapshot', async () => {
    const { port, received } = await relay();
    const inspector = createWebSocketInspector({ url: `ws://localhost:${port}` });
    stops.push(() => inspector.stop());
    const engine: Engine = createEngine({
      workflows: [...programmeVersions],
      store: createMemoryEventStore(),
      onRecorded: forwardToInspector(inspector),
    });
    await engine.recordBatch('live', seedProposals.slice(0, 3));
    await engine.record('live', seedProposals[3]!);
    await until(() => snapshotsIn(received, 'live').length >= 4);
    const actors = received.filter((e) => e.type === '@xstate.actor');
    expect(actors).toHaveLength(1);
    expect(JSON.parse((actors[0] as { definition: string }).definition).id).toBe('programme');
    expect((actors[0] as { snapshot: { value: unknown } }).snapshot.value).toBe('unregistered');
    expect(snapshotsIn(received, 'live').map((s) => (s.event as unknown as { seq: number }).seq)).toEqual([1, 2, 3, 4]);
    expect((snapshotsIn(received, 'live')[0]!.snapshot as unknown as { value: unknown }).value).toEqual({
      running: { feasibility: 'active' },
    });
  });

  it('forwards a live migration: the stream is announced again with the machine of the version it moved to', async () => {
    const { port, received } = await relay();
    const inspector = createWebSocketInspector({ url: `ws://localhost:${port}` });
    stops.push(() => inspector.stop());
    const engine: Engine = createEngine({
      workflows: [...programmeVersions],
      store: createMemoryEventStore(),
      onRecorded: forwardToInspector(inspector),
    });
    await engine.recordBatch('moving', seedProposals, { workflow: 'programme@1' });
    await engine.record('moving', {
      type: 'WorkflowMigrated',
      occurredAt: '2012-10-10',
      actor: { id: 'eli', role: 'gatekeeper' },
      data: { from: 'programme@1', to: 'programme@2', reason: 'Four knowledge-transfer activities for G3.' },
    });
    await until(() => snapshotsIn(received, 'moving').length >= seedProposals.length + 1);
    const actors = received.filter(
      (e): e is Extract<StatelyInspectionEvent, { type: '@xstate.actor' }> => e.type === '@xstate.actor',
    );
    expect(actors.map((a) => JSON.parse(a.definition!).version)).toEqual(['1', '2']);
    expect(received.indexOf(actors[1]!)).toBeLessThan(received.indexOf(snapshotsIn(received, 'moving').at(-1)!));
  });

  it('serves `phasegate inspect` until Ctrl-C', async () => {
    const port = await freePort();
    // The CLI reads a file store: record the seed into a SQLite file first.
    const dir = mkdtempSync(join(tmpdir(), 'phasegate-inspect-'));
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    const io = () => {
      const out: string[] = [];
      return {
        out,
        io: {
          stdout: { write: (t: string) => out.push(t) },
          stderr: { write: (t: string) => out.push(t) },
          readStdin: async () => '',
        },
      };
    };
    const seed = join(dir, 'seed.jsonl');
    writeFileSync(seed, seedProposals.map((p) => JSON.stringify(p)).join('\n'));
    expect(await main(['record', join(dir, 'lcz.db'), 'lcz-shenzhen', seed], io().io)).toBe(0);
    const cli = io();
    const running = main(['inspect', join(dir, 'lcz.db'), 'lcz-shenzhen', '--port', String(port)], cli.io);
    await until(() => cli.out.join('').includes('Press Ctrl-C'));
    expect(cli.out.join('')).toContain(`Open http://127.0.0.1:${port}`);
    const received: StatelyInspectionEvent[] = [];
    createWebSocketReceiver({ server: `ws://127.0.0.1:${port}` }).subscribe((e) => received.push(e));
    await until(() => snapshotsIn(received).length >= seedProposals.length); // the server replays the whole stream to every page
    expect(received[0]!.type).toBe('@xstate.actor');
    process.emit('SIGINT');
    expect(await running).toBe(0);
  });

  it('stubs custom actions but keeps assign, so a replay runs no effect', () => {
    let ran = 0;
    const machine = setup({ actions: { notify: () => void ran++ } }).createMachine({
      initial: 'a',
      context: { n: 0 },
      states: { a: { on: { GO: { target: 'b', actions: ['notify'] } } }, b: {} },
    });
    const actor = createActor(withoutEffects(machine)).start();
    actor.send({ type: 'GO' });
    expect(actor.getSnapshot().value).toBe('b');
    expect(ran).toBe(0);
    createActor(machine).start().send({ type: 'GO' });
    expect(ran).toBe(1);
  });
});
