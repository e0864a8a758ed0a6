import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assign } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  IntegrityError,
  createWorkflowRegistry,
  defineWorkflow,
  streamStateJson,
  type RecordedEvent,
  type Workflow,
  type WorkflowRegistry,
} from '../../src/index.ts';
import { createReplayAuditor, verifyJsonlFile } from '../../src/entries/audit.ts';
import { readJsonlFile } from '../../src/entries/jsonl.ts';
import { createProgrammeWorkflow, evolve, programmeV1, programmeV2, programmeVersions } from '../../machines/index.ts';
import { emptyPosition, foldStream } from '../../src/engine/streamFold.ts';
import { toStreamState } from '../../src/engine/streamState.ts';

/**
 * Golden histories (the Temporal replayer pattern): logs written by the engine of their day, replayed in CI by
 * today's code against the final state recorded with them. A changed machine must make them fail.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const fixtures = readdirSync(here)
  .filter((f) => f.endsWith('.jsonl'))
  .map((f) => f.slice(0, -'.jsonl'.length))
  .sort();

async function eventsOf(name: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const record of readJsonlFile(`${here}${name}.jsonl`)) events.push(record.event);
  return events;
}

/** Replays a golden log with `registry`; returns the final state as `state --json` prints it. */
async function replayGolden(registry: WorkflowRegistry, name: string): Promise<unknown> {
  const events = await eventsOf(name);
  const { position } = await foldStream(
    registry,
    emptyPosition(registry.latest()),
    (async function* () {
      yield* events;
    })(),
  );
  return JSON.parse(
    JSON.stringify(streamStateJson(toStreamState(name, position.workflow, position.snapshot, position))),
  );
}

const recorded = (name: string): unknown => JSON.parse(readFileSync(`${here}${name}.state.json`, 'utf8'));
const today = createWorkflowRegistry([...programmeVersions]);

describe('golden histories', () => {
  it('has the fixtures of every released workflow version', () => {
    expect(fixtures).toEqual(['lcz-v1-closed', 'lcz-v1-hold-cancelled', 'lcz-v1-migrated-v2']);
  });

  it.each(fixtures)("%s replays with today's workflows to its recorded final state", async (name) => {
    expect(await replayGolden(today, name)).toEqual(recorded(name));
  });

  it.each(fixtures)('%s verifies, and every event would be accepted again under the version it names', async (name) => {
    expect((await verifyJsonlFile(`${here}${name}.jsonl`)).problems).toEqual([]);
    const auditor = createReplayAuditor(today);
    for (const event of await eventsOf(name)) auditor.accept(event);
    expect(auditor.finish().flatMap((a) => a.findings)).toEqual([]);
  });

  it("keeps a programme@1 suspension in payload schema 1, which today's catalogue (schema 2) lifts on read", async () => {
    const suspension = (await eventsOf('lcz-v1-closed')).find((e) => e.type === 'ProgrammeSuspended')!;
    expect(suspension).toMatchObject({ schema: 1, workflow: 'programme@1' });
    expect(suspension.data).not.toHaveProperty('category');
    expect(programmeV1.catalogue.ProgrammeSuspended.version).toBe(2);
  });
});

describe('golden histories: negative controls (a changed machine must fail)', () => {
  it("fails when programme@1's G3 rule changes (5 knowledge-transfer activities): replay stops at the G3 decision", async () => {
    const changed = createProgrammeWorkflow({ version: 1, several: 5 });
    const registry = createWorkflowRegistry([changed, programmeV2]);
    const g3 = (await eventsOf('lcz-v1-closed')).find((e) => e.id === 'lcz-g3-decision')!;
    const failure = await replayGolden(registry, 'lcz-v1-closed').then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(IntegrityError);
    expect(failure).toMatchObject({ seq: g3.seq });
  });

  it('fails when programme@1 still accepts every event but keeps a different context: the state comparison catches it', async () => {
    const machine = programmeV1.machine.provide({
      // Incoming funds no longer counted: no guard of this log reads them, so every event is still accepted.
      actions: {
        apply: assign(({ context, event }) => {
          const next = evolve(context as never, event as never);
          return { ...next, finance: { ...next.finance, incoming: 0 } };
        }) as never,
      },
    });
    const changed: Workflow = defineWorkflow({ ...programmeV1, machine });
    const registry = createWorkflowRegistry([changed, programmeV2]);
    const replayed = await replayGolden(registry, 'lcz-v1-hold-cancelled').catch((error: unknown) => error);
    expect(replayed).not.toBeInstanceOf(Error);
    expect(replayed).not.toEqual(recorded('lcz-v1-hold-cancelled'));
  });

  it('fails when a version a log names is no longer registered', async () => {
    const registry = createWorkflowRegistry([programmeV2]);
    await expect(replayGolden(registry, 'lcz-v1-closed')).rejects.toThrow(/programme@1 is not registered/);
  });
});
