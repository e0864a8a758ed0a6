import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  RefusedError,
  createEngine,
  createMemoryEventStore,
  encodeEvent,
  type EventStore,
  type RecordedEvent,
} from '../../src/index.ts';
import { catalogue, programmeVersions, type ProgrammeEventType } from '../../machines/index.ts';
import { seedOf } from '../events/samplePayloads.ts';
import { proposalsToEachState, type TestProposal } from '../support/lifecycle.ts';
import type { Engine } from '../../src/index.ts';

/**
 * Every role x event type x state, attempted through the public API (engine.record on a
 * stream brought to that state). The oracle is the domain's who-records-what, written out here independently of machines/policy.ts.
 * Recorded under programme@1, where the claimed role is trusted; whether the actor holds the role (programme@3) is
 * the actor x granted role matrix of grantedRoleMatrix.test.ts.
 */
const roles = ['programme_manager', 'gatekeeper', 'finance_officer', 'auditor', 'intruder'] as const;
type Role = (typeof roles)[number];
const types = [...(Object.keys(catalogue) as ProgrammeEventType[]), 'WorkflowMigrated'] as const;

const gatekeeperTypes = new Set([
  'GateDecisionRecorded',
  'ProgrammeSuspended',
  'ProgrammeResumed',
  'ProgrammeCancelled',
  'ProgrammeClosed',
  'WorkflowMigrated',
  'RoleGranted',
  'RoleRevoked',
]);
const financeTypes = new Set(['BudgetLinePlanned', 'FinancialTransactionRecorded']);
/** Who records what; nobody records in the name of an unregistered organisation. */
function mayRecord(state: string, type: string, role: Role): boolean {
  const owner = gatekeeperTypes.has(type)
    ? 'gatekeeper'
    : financeTypes.has(type)
      ? 'finance_officer'
      : 'programme_manager';
  return role === owner && (state !== 'unregistered' || type === 'ProgrammeRegistered');
}

/** Registered organisations acting in each role; EL&I is a gatekeeper of every review in the seed. */
const actors: Record<Role, string> = {
  programme_manager: 'nl-agency',
  gatekeeper: 'eli',
  finance_officer: 'twa-guangzhou',
  auditor: 'im',
  intruder: 'sz-gov',
};

const states = proposalsToEachState({ suspend: ['eli'], cancel: ['sz-gov'] });

function proposalFor(type: string, role: Role): TestProposal {
  const data =
    type === 'WorkflowMigrated'
      ? { from: 'programme@1', to: 'programme@2', reason: 'G3 needs four activities' }
      : seedOf(type as ProgrammeEventType);
  // A role fact is decided by the gatekeepers of both sides, the recording one among them (README, "Roles").
  if (type === 'RoleGranted' || type === 'RoleRevoked') data.decidedBy = [...new Set([actors[role], 'sz-gov'])];
  return { type, occurredAt: '2013-03-01', actor: { id: actors[role], role }, data };
}

const clock = () => new Date('2014-01-01T00:00:00Z');
const histories = new Map<string, RecordedEvent[]>();
const outcomes = {
  triples: 0,
  accepted: 0,
  refusedByWorkflow: 0,
  forbidden: 0,
  unauthorizedAccepted: 0,
  authorizedForbidden: 0,
  invalid: 0,
  refusalsRecorded: 0,
};

async function dump(store: EventStore, stream: string): Promise<string> {
  let text = '';
  for await (const event of store.readStream(stream)) text += `${encodeEvent(event)}\n`;
  return text;
}

beforeAll(async () => {
  for (const [state, proposals] of Object.entries(states)) {
    const engine: Engine = createEngine({ workflows: [...programmeVersions], store: createMemoryEventStore(), clock });
    if (proposals.length > 0) {
      const { state: reached } = await engine.recordBatch('lcz', proposals, { workflow: 'programme@1' });
      expect(reached.state).toBe(state);
    }
    const events: RecordedEvent[] = [];
    for await (const event of engine.store.readStream('lcz')) events.push(event);
    histories.set(state, events);
  }
});

afterAll(() => {
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync(
    'test-artifacts/authorization-matrix.json',
    `${JSON.stringify({ roles: roles.length, types: types.length, states: Object.keys(states).length, ...outcomes }, null, 2)}\n`,
  );
});

describe(`authorization matrix: ${roles.length} roles x ${types.length} event types x ${Object.keys(states).length} states`, () => {
  it.each(Object.keys(states))(
    'in %s, refuses for authorization exactly what the policy denies, and keeps each refusal on record',
    async (state) => {
      for (const type of types) {
        for (const role of roles) {
          const store = createMemoryEventStore();
          const history = histories.get(state)!;
          if (history.length > 0) await store.append('lcz', history, { expectedSeq: 0 });
          const engine: Engine = createEngine({
            workflows: [...programmeVersions],
            store,
            clock,
            recordRefusals: true,
          });
          const before = await dump(store, 'lcz');
          const expected = mayRecord(state, type, role);
          const where = `${role} recording ${type} in ${state}`;
          outcomes.triples++;
          let error: unknown = null;
          try {
            await engine.record('lcz', proposalFor(type, role));
          } catch (caught) {
            error = caught;
          }
          if (error instanceof InvalidInputError) outcomes.invalid++;
          expect(error instanceof InvalidInputError ? error.message : null, where).toBeNull();
          const forbidden = error instanceof RefusedError && error.refusal.kind === 'forbidden';
          if (forbidden) outcomes.forbidden++;
          else if (error instanceof RefusedError) outcomes.refusedByWorkflow++;
          else outcomes.accepted++;
          if (!expected && !forbidden) outcomes.unauthorizedAccepted++;
          if (expected && forbidden) outcomes.authorizedForbidden++;
          expect(forbidden, where).toBe(!expected);
          if (error !== null) {
            expect(await dump(store, 'lcz'), `${where}: the stream changed`).toBe(before);
            const refusals = await dump(store, 'lcz.refusals');
            expect(refusals.split('\n').filter(Boolean), `${where}: the refusal is on record`).toHaveLength(1);
            outcomes.refusalsRecorded++;
          } else {
            expect(error, where).toBeNull();
          }
        }
      }
    },
  );

  it('walked every triple, and the policy let through only what the domain allows', () => {
    expect(outcomes.triples).toBe(roles.length * types.length * Object.keys(states).length);
    expect(outcomes).toMatchObject({ unauthorizedAccepted: 0, authorizedForbidden: 0, invalid: 0 });
    expect(outcomes.accepted).toBeGreaterThan(50);
    expect(outcomes.refusalsRecorded).toBe(outcomes.forbidden + outcomes.refusedByWorkflow);
  });
});
