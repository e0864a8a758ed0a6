import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RefusedError,
  createEngine,
  createMemoryEventStore,
  type Engine,
  type RecordedEvent,
} from '../../src/index.ts';
import {
  catalogue,
  programme,
  programmeVersions,
  rolesHeld,
  workflowRoles,
  type ProgrammeContext,
  type ProgrammeEventType,
} from '../../machines/index.ts';
import { seedOf } from '../events/samplePayloads.ts';
import { proposalsToEachState, seedProposals, type TestProposal } from '../support/lifecycle.ts';

/**
 * Issue 9 "Done when": the authorization matrix also covers actor x granted role. Under the newest version, every
 * registered organisation (and one that is not registered) claims every workflow role for every event type in every
 * state, through the public API; whether it holds the role is read from the grants in the log (`rolesHeld` of the
 * state the stream is in, on the day of the proposal), never written down here. 0 events may be accepted from an
 * actor without the role it claims, and each such proposal is refused by the role policy (`forbidden`).
 */
const types = [...(Object.keys(catalogue) as ProgrammeEventType[]), 'WorkflowMigrated'] as const;
const day = '2013-03-01';
const seed = seedProposals();
const states = proposalsToEachState({ suspend: ['eli', 'sz-gov'], cancel: ['eli', 'sz-gov'] });
/** An organisation no event registers. */
const outsider = 'outsider-org';

function proposalFor(type: string, actor: string, role: string): TestProposal {
  const data =
    type === 'WorkflowMigrated'
      ? { from: programme.ref, to: programme.ref, reason: 'x' }
      : seedOf(type as ProgrammeEventType);
  if (type === 'RoleGranted' || type === 'RoleRevoked') data.decidedBy = [...new Set([actor, 'sz-gov'])];
  return { type, occurredAt: day, actor: { id: actor, role }, data };
}

const clock = () => new Date('2014-01-01T00:00:00Z');
type Setting = { events: RecordedEvent[]; context: ProgrammeContext | null; actors: string[] };
const settings = new Map<string, Setting>();
const outcomes = {
  attempts: 0,
  withoutRole: 0,
  acceptedWithoutRole: 0,
  refusedOtherwise: 0,
  withRole: 0,
  acceptedWithRole: 0,
};

async function engineAt(setting: Setting): Promise<Engine> {
  const store = createMemoryEventStore();
  if (setting.events.length > 0) await store.append('lcz', setting.events, { expectedSeq: 0 });
  return createEngine({ workflows: [...programmeVersions], store, clock });
}

beforeAll(async () => {
  for (const [state, proposals] of Object.entries(states)) {
    const engine: Engine = createEngine({ workflows: [...programmeVersions], store: createMemoryEventStore(), clock });
    let context: ProgrammeContext | null = null;
    if (proposals.length > 0) {
      const { state: reached } = await engine.recordBatch('lcz', proposals);
      expect(reached).toMatchObject({ state, workflow: programme.ref });
      context = reached.context as ProgrammeContext;
    }
    const events: RecordedEvent[] = [];
    for await (const event of engine.store.readStream('lcz')) events.push(event);
    const registered = context === null ? ['nl-agency'] : Object.keys(context.participants);
    settings.set(state, { events, context, actors: [...registered, outsider] });
  }
});

afterAll(() => {
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/granted-role-matrix.json', `${JSON.stringify(outcomes, null, 2)}\n`);
});

describe(`granted roles: every actor x ${workflowRoles.length} roles x ${types.length} event types x ${Object.keys(states).length} states under the newest version`, () => {
  it.each(Object.keys(states))(
    'in %s, accepts nothing from an actor that does not hold the role it claims',
    async (state) => {
      const setting = settings.get(state)!;
      let engine = await engineAt(setting);
      for (const actor of setting.actors) {
        const held = setting.context === null ? [] : rolesHeld(setting.context, actor, day);
        for (const role of workflowRoles) {
          for (const type of types) {
            const proposal = proposalFor(type, actor, role);
            // The registration is what makes its reporting organisation programme_manager (README, "Roles").
            const holds =
              held.includes(role) ||
              (type === 'ProgrammeRegistered' &&
                role === 'programme_manager' &&
                proposal.data.reportingOrgId === actor);
            const where = `${actor} claiming ${role} recording ${type} in ${state} (holds ${held.join(', ') || 'nothing'})`;
            outcomes.attempts++;
            let error: unknown = null;
            try {
              await engine.record('lcz', proposal);
            } catch (caught) {
              error = caught;
            }
            if (error === null) engine = await engineAt(setting); // accepted: back to the state under test
            if (holds) {
              outcomes.withRole++;
              if (error === null) outcomes.acceptedWithRole++;
              continue;
            }
            outcomes.withoutRole++;
            if (error === null) outcomes.acceptedWithoutRole++;
            if (!(error instanceof RefusedError) || error.refusal.kind !== 'forbidden') outcomes.refusedOtherwise++;
            expect(error, where).toBeInstanceOf(RefusedError);
            expect((error as RefusedError).refusal.kind, where).toBe('forbidden');
          }
        }
      }
    },
  );

  it('would see a policy that trusts the claimed role: under programme@2 the same walk accepts events without it', async () => {
    const engine: Engine = createEngine({ workflows: [...programmeVersions], store: createMemoryEventStore(), clock });
    const { state } = await engine.recordBatch('lcz', seed, { workflow: 'programme@2' });
    const events: RecordedEvent[] = [];
    for await (const event of engine.store.readStream('lcz')) events.push(event);
    const context = state.context as ProgrammeContext;
    let accepted = 0;
    for (const actor of Object.keys(context.participants)) {
      for (const role of workflowRoles.filter((r) => !rolesHeld(context, actor, day).includes(r))) {
        for (const type of ['ProgrammeSuspended', 'FinancialTransactionRecorded', 'DocumentLinked']) {
          const at = await engineAt({ events, context, actors: [] });
          accepted += await at.record('lcz', proposalFor(type, actor, role)).then(
            () => 1,
            () => 0,
          );
        }
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('walked every actor of every state, and accepted 0 events from an actor without the role', () => {
    const expected = [...settings.values()].reduce(
      (sum, s) => sum + s.actors.length * workflowRoles.length * types.length,
      0,
    );
    expect(outcomes.attempts).toBe(expected);
    expect(outcomes).toMatchObject({ acceptedWithoutRole: 0, refusedOtherwise: 0 });
    expect(outcomes.withoutRole).toBeGreaterThan(outcomes.withRole);
    expect(outcomes.acceptedWithRole).toBeGreaterThan(20);
  });
});
