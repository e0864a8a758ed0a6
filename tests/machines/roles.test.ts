import { describe, expect, it } from 'vitest';
import { RefusedError, createEngine, createMemoryEventStore, encodeEvent } from '../../src/index.ts';
import { WorkflowSpecification } from '../../src/testing/index.ts';
import {
  holdersOf,
  programme,
  programmeV2,
  programmeVersions,
  rolesHeld,
  type ProgrammeContext,
} from '../../machines/index.ts';
import { seed, seedUntil, setUp, type SeedProposal } from '../fixtures/lcz.ts';
import type { Engine, Workflow } from '../../src/index.ts';
import { untyped } from '../support/untyped.ts';
import { act, fresh, grant, on, revoke, suspension, v3 } from './roleProposals.ts';

/**
 * Issue 9 §1: roles are facts of the log. The three forged facts the issue found on the seed (accepted under
 * programme@2, where the claimed role was trusted) are refused under programme@3; who holds which role, and when, is
 * read from the log's grants and revocations. Who may grant one: roleGrants.test.ts.
 */
const v2 = WorkflowSpecification.for<Workflow>(programmeV2);

/** The three facts issue 9 recorded on the seed, each self-declared. */
export const forgedFacts: readonly SeedProposal[] = [
  {
    type: 'ProgrammeCancelled',
    occurredAt: on,
    actor: act('sz-epb', 'gatekeeper'),
    data: { reason: 'x', decidedBy: ['sz-epb'] },
  },
  suspension(act('tu-delft', 'gatekeeper'), ['sz-uplrc']),
  {
    type: 'FinancialTransactionRecorded',
    occurredAt: on,
    actor: act('sz-itic', 'finance_officer'),
    data: {
      txId: 'tx-forged',
      iatiType: 2,
      date: on,
      value: { amount: 150000, currency: 'EUR' },
      providerOrgId: 'nl-agency',
      receiverOrgId: 'sz-itic',
    },
  },
];

describe('the forged facts of issue 9', () => {
  it.each(forgedFacts.map((f) => [f.type, f] as const))(
    'accepts %s under programme@2, where the claimed role is trusted',
    async (_type, forged) => {
      await v2
        .given(seed)
        .when(forged)
        .then((outcome) => expect(outcome.outcome).toBe('accepted'));
    },
  );

  it.each([
    [
      'the cancellation by sz-epb alone',
      forgedFacts[0]!,
      /sz-epb \(gatekeeper\) may not record ProgrammeCancelled: sz-epb does not hold gatekeeper \(it holds no role\); record RoleGranted \(orgId sz-epb, role gatekeeper\) decided jointly by a gatekeeper of each side \(NL: eli, im; CN: sz-gov, sz-drc, ndrc-ccd\)/,
    ],
    [
      'tu-delft suspending, naming sz-uplrc',
      forgedFacts[1]!,
      /tu-delft \(gatekeeper\) may not record ProgrammeSuspended: tu-delft does not hold gatekeeper \(it holds no role\)/,
    ],
    [
      'sz-itic committing EUR 150,000 to itself',
      forgedFacts[2]!,
      /sz-itic \(finance_officer\) may not record FinancialTransactionRecorded: sz-itic does not hold finance_officer \(it holds no role\); record RoleGranted \(orgId sz-itic, role finance_officer\) decided by the reporting organisation nl-agency, or jointly by gatekeepers of both sides/,
    ],
  ] as const)(
    'refuses %s under programme@3, naming the roles held and the grant that is missing',
    async (_name, forged, reason) => {
      const refusal = await v3.given(seed).when(forged).thenRefused(reason);
      expect(refusal.kind).toBe('forbidden');
    },
  );

  it('stores nothing for a refused forged fact (exit 3 on the command line)', async () => {
    const store = createMemoryEventStore();
    const engine: Engine = createEngine({
      workflows: [...programmeVersions],
      store,
      clock: () => new Date('2013-01-01T00:00:00Z'),
    });
    await engine.recordBatch('lcz', seed);
    const dump = async () => {
      let text = '';
      for await (const e of store.readStream('lcz')) text += encodeEvent(e);
      return text;
    };
    const before = await dump();
    for (const forged of forgedFacts) await expect(engine.record('lcz', forged)).rejects.toThrow(RefusedError);
    expect(await dump()).toBe(before);
  });

  it('refuses a decider who does not hold gatekeeper, even when the recording gatekeeper does', async () => {
    await v3
      .given(seed)
      .when(suspension(act('eli', 'gatekeeper'), ['eli', 'sz-uplrc']))
      .thenRefused(/sz-uplrc, in decidedBy, does not hold gatekeeper \(it holds no role\)/);
    await v3
      .given(seed)
      .when(suspension(act('eli', 'gatekeeper'), ['sz-gov']))
      .thenRefused(/eli records only a decision it took part in; it is not in decidedBy \(sz-gov\)/);
    await v3
      .given(seed)
      .when(suspension(act('eli', 'gatekeeper'), ['eli', 'sz-gov']))
      .thenState('suspended');
  });

  it('refuses a decision before the registration, when no organisation holds a role or is registered', async () => {
    const refusal = await v3
      .given([])
      .when(suspension(act('eli', 'gatekeeper'), ['eli', 'sz-gov']))
      .thenRefused();
    expect(refusal.reasons.map((r) => r.reason)).toEqual([
      'the actor eli is not a registered participant of this programme; sz-gov, in decidedBy, does not hold ' +
        'gatekeeper (it holds no role); record RoleGranted (orgId sz-gov, role gatekeeper) decided jointly by a ' +
        'gatekeeper of each side (NL: none yet; CN: none yet)',
    ]);
  });

  it('refuses a gate review naming a gatekeeper that does not hold the role, and a decision maker without it', async () => {
    const review = seed.find((p) => p.id === 'lcz-20-g2-review')!;
    const { id: _id, ...withLonggang } = {
      ...review,
      data: {
        ...review.data,
        gatekeepers: [
          { orgId: 'eli', side: 'NL' },
          { orgId: 'longgang', side: 'CN' },
        ],
      },
    };
    await v3
      .given(seedUntil('19-role-ndrc-ccd'))
      .when(withLonggang)
      .thenRefused(/longgang, named as a gatekeeper of the review, does not hold gatekeeper/);
  });
});

describe('rolesHeld', () => {
  it("gives the seed's roles as the README's Roles section gives them, and the programme still ends in implementation", async () => {
    const { state } = await untyped(
      createEngine({
        workflows: programme,
        store: createMemoryEventStore(),
        clock: () => new Date('2013-01-01T00:00:00Z'),
      }),
    ).recordBatch('lcz', seed);
    expect(state.state).toBe('implementation.active');
    const context = state.context as ProgrammeContext;
    expect(rolesHeld(context, 'nl-agency')).toEqual(['programme_manager', 'finance_officer']);
    expect(rolesHeld(context, 'twa-guangzhou')).toEqual(['programme_manager']);
    for (const id of ['eli', 'im', 'sz-gov', 'sz-drc', 'ndrc-ccd'])
      expect(rolesHeld(context, id)).toEqual(['gatekeeper']);
    for (const id of ['tu-delft', 'ngi', 'sz-epb', 'sz-itic', 'sz-uplrc', 'longgang'])
      expect(rolesHeld(context, id)).toEqual([]);
    expect(holdersOf(context, 'gatekeeper')).toEqual(['eli', 'sz-gov', 'im', 'sz-drc', 'ndrc-ccd']);
    expect(rolesHeld(context, 'ndrc-ccd', '2012-05-09')).toEqual([]);
  });

  it('is the same under programme@2, which accepts the grants but does not ask for them', async () => {
    const { state } = await untyped(
      createEngine({
        workflows: [...programmeVersions],
        store: createMemoryEventStore(),
        clock: () => new Date('2013-01-01T00:00:00Z'),
      }),
    ).recordBatch('lcz', seed, { workflow: programmeV2.ref });
    expect(state.workflow).toBe('programme@2');
    expect(rolesHeld(state.context as ProgrammeContext, 'eli')).toEqual(['gatekeeper']);
  });

  it('gives the reporting organisation programme_manager from the registration, before any grant', async () => {
    const context = await contextAfter(fresh);
    expect(rolesHeld(context, 'nl-agency')).toEqual(['programme_manager']);
    expect(holdersOf(context, 'programme_manager')).toEqual(['nl-agency']);
  });

  it('keeps every role granted to one organisation', async () => {
    const byReporting = act('nl-agency', 'programme_manager');
    const context = await contextAfter([
      ...setUp,
      grant('sz-itic', 'finance_officer', ['nl-agency'], byReporting),
      grant('sz-itic', 'auditor', ['nl-agency'], byReporting),
    ]);
    expect(rolesHeld(context, 'sz-itic')).toEqual(['finance_officer', 'auditor']);
  });

  it('no longer counts a revoked role, now or from the day it was revoked, and still counts it before', async () => {
    const context = await contextAfter([
      ...seed,
      revoke('sz-drc', 'gatekeeper', ['sz-gov'], act('sz-gov', 'gatekeeper')),
    ]);
    expect(rolesHeld(context, 'sz-drc')).toEqual([]);
    expect(rolesHeld(context, 'sz-drc', on)).toEqual([]);
    expect(rolesHeld(context, 'sz-drc', '2012-10-09')).toEqual(['gatekeeper']);
    expect(holdersOf(context, 'gatekeeper')).toEqual(['eli', 'sz-gov', 'im', 'ndrc-ccd']);
  });

  it('holds a term granted for later and revoked before it ended only between its two dates', async () => {
    const pending = [
      ...seed,
      grant('sz-epb', 'gatekeeper', ['eli', 'sz-gov'], act('eli', 'gatekeeper'), '2012-10-01', '2012-10-20'),
      revoke('sz-epb', 'gatekeeper', ['sz-gov'], act('sz-gov', 'gatekeeper'), '2012-10-05', '2012-10-25'),
    ];
    const context = await contextAfter(pending);
    expect(
      ['2012-10-19', '2012-10-20', '2012-10-24', '2012-10-25'].map((day) => rolesHeld(context, 'sz-epb', day)),
    ).toEqual([[], ['gatekeeper'], ['gatekeeper'], []]);
    // Revoked, the term is not announced as one to come: the refusal says what would give the role.
    const refusal = await v3
      .given(pending)
      .when(suspension(act('sz-epb', 'gatekeeper'), ['sz-epb']))
      .thenRefused();
    expect(refusal.reasons.map((r) => r.reason)).toEqual([
      'sz-epb does not hold gatekeeper (it holds no role); record RoleGranted (orgId sz-epb, role gatekeeper) decided ' +
        'jointly by a gatekeeper of each side (NL: eli, im; CN: sz-gov, sz-drc, ndrc-ccd)',
    ]);
  });
});

/** Returns the context after recording `proposals` under the newest version, where roles come from the log. */
async function contextAfter(proposals: readonly SeedProposal[]): Promise<ProgrammeContext> {
  const engine = untyped(
    createEngine({
      workflows: [...programmeVersions],
      store: createMemoryEventStore(),
      clock: () => new Date('2013-01-01T00:00:00Z'),
    }),
  );
  const { state } = await engine.recordBatch('lcz', proposals);
  return state.context as ProgrammeContext;
}
