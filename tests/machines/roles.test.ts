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

/**
 * Issue 9 §1: roles are facts of the log. The three forged facts the issue found on the seed (accepted under
 * programme@2, where the claimed role was trusted) are refused under programme@3, and the grant rule keeps any single
 * organisation from making itself gatekeeper.
 */
const v3 = WorkflowSpecification.for<Workflow>([...programmeVersions]);
const v2 = WorkflowSpecification.for<Workflow>(programmeV2);
const on = '2012-10-10';
const act = (id: string, role: string) => ({ id, role });
const grant = (
  orgId: string,
  role: string,
  decidedBy: string[],
  actor: { id: string; role: string },
  day = '2011-07-01',
  effectiveFrom = day,
): SeedProposal => ({ type: 'RoleGranted', occurredAt: day, actor, data: { orgId, role, decidedBy, effectiveFrom } });
const revoke = (
  orgId: string,
  role: string,
  decidedBy: string[],
  actor: { id: string; role: string },
  day = on,
): SeedProposal => ({
  type: 'RoleRevoked',
  occurredAt: day,
  actor,
  data: { orgId, role, decidedBy, effectiveFrom: day },
});
const suspension = (actor: { id: string; role: string }, decidedBy: string[], day = on): SeedProposal => ({
  type: 'ProgrammeSuspended',
  occurredAt: day,
  actor,
  data: { reason: 'Municipal reorganisation', category: 'political', decidedBy, reviewDate: '2013-01-15' },
});

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

describe('who may grant a role', () => {
  const fresh = seed.slice(
    0,
    seed.findIndex((p) => p.type === 'RoleGranted'),
  );

  it('lets no organisation make itself gatekeeper', async () => {
    await v3
      .given(fresh)
      .when(grant('nl-agency', 'gatekeeper', ['nl-agency'], act('nl-agency', 'programme_manager')))
      .thenRefused(
        /no organisation makes itself gatekeeper: nl-agency may appoint the first gatekeeper of its side, never itself/,
      );
    await v3
      .given(setUp)
      .when(grant('sz-epb', 'gatekeeper', ['sz-epb'], act('sz-epb', 'gatekeeper')))
      .thenRefused(/sz-epb does not hold gatekeeper/);
    await v3
      .given(setUp)
      .when(grant('sz-epb', 'gatekeeper', ['sz-epb', 'eli'], act('eli', 'gatekeeper')))
      .thenRefused(/sz-epb, in decidedBy, does not hold gatekeeper/);
  });

  it('lets the reporting organisation appoint only the first gatekeeper of its own side', async () => {
    await v3
      .given(fresh)
      .when(grant('eli', 'gatekeeper', ['nl-agency'], act('nl-agency', 'programme_manager')))
      .thenState('feasibility.active');
    await v3
      .given(fresh)
      .when(grant('sz-gov', 'gatekeeper', ['nl-agency'], act('nl-agency', 'programme_manager')))
      .thenRefused(/the reporting organisation nl-agency alone appoints only the first gatekeeper of its own side/);
    await v3
      .given([...fresh, grant('eli', 'gatekeeper', ['nl-agency'], act('nl-agency', 'programme_manager'))])
      .when(grant('im', 'gatekeeper', ['nl-agency'], act('nl-agency', 'programme_manager')))
      .thenRefused(/alone appoints only the first gatekeeper of its own side/);
  });

  it("appoints the other side's first gatekeeper with its consent, and later ones by a gatekeeper of each side", async () => {
    const eli = grant('eli', 'gatekeeper', ['nl-agency'], act('nl-agency', 'programme_manager'));
    await v3
      .given([...fresh, eli])
      .when(grant('sz-gov', 'gatekeeper', ['eli'], act('eli', 'gatekeeper')))
      .thenRefused(/a gatekeeper is appointed by both sides/);
    await v3
      .given([...fresh, eli])
      .when(grant('tu-delft', 'gatekeeper', ['eli', 'tu-delft'], act('eli', 'gatekeeper')))
      .thenRefused(/a gatekeeper is appointed by both sides/);
    await v3
      .given([...fresh, eli])
      .when(grant('sz-gov', 'gatekeeper', ['eli', 'sz-gov'], act('eli', 'gatekeeper')))
      .thenState('feasibility.active');
    // Once China has a gatekeeper, a Chinese body no longer consents for its side by being appointed.
    await v3
      .given(setUp)
      .when(grant('sz-epb', 'gatekeeper', ['eli', 'sz-epb'], act('eli', 'gatekeeper')))
      .thenRefused(/sz-epb, in decidedBy, does not hold gatekeeper/);
    await v3
      .given(setUp)
      .when(grant('sz-epb', 'gatekeeper', ['eli', 'sz-gov'], act('eli', 'gatekeeper')))
      .thenState('feasibility.active');
  });

  it("lets the reporting organisation or both sides' gatekeepers grant the other roles", async () => {
    await v3
      .given(setUp)
      .when(grant('sz-itic', 'finance_officer', ['nl-agency'], act('nl-agency', 'programme_manager')))
      .thenState('feasibility.active');
    await v3
      .given(setUp)
      .when(grant('sz-itic', 'finance_officer', ['eli', 'sz-gov'], act('sz-gov', 'gatekeeper')))
      .thenState('feasibility.active');
    await v3
      .given(setUp)
      .when(grant('sz-itic', 'finance_officer', ['twa-guangzhou'], act('twa-guangzhou', 'programme_manager')))
      .thenRefused(
        /granting finance_officer is decided by the reporting organisation nl-agency alone, or jointly by gatekeepers of both sides/,
      );
    await v3
      .given(setUp)
      .when(grant('sz-itic', 'finance_officer', ['eli'], act('eli', 'gatekeeper')))
      .thenRefused(/no CN gatekeeper is among the deciders/);
  });

  it("lets a side withdraw its own gatekeeper, and only both sides withdraw the other side's", async () => {
    await v3
      .given(seed)
      .when(revoke('sz-drc', 'gatekeeper', ['sz-gov'], act('sz-gov', 'gatekeeper')))
      .thenState('implementation.active');
    await v3
      .given(seed)
      .when(revoke('sz-drc', 'gatekeeper', ['eli'], act('eli', 'gatekeeper')))
      .thenRefused(
        /revoking gatekeeper is decided by gatekeepers of both sides, or by the gatekeepers of sz-drc's own side/,
      );
    await v3
      .given(seed)
      .when(revoke('sz-drc', 'gatekeeper', ['eli', 'sz-gov'], act('eli', 'gatekeeper')))
      .thenState('implementation.active');
  });

  it('holds a role from its effectiveFrom until it is revoked', async () => {
    const later = grant(
      'sz-epb',
      'gatekeeper',
      ['eli', 'sz-gov'],
      act('eli', 'gatekeeper'),
      '2012-10-01',
      '2012-10-20',
    );
    await v3
      .given([...seed, later])
      .when(suspension(act('sz-epb', 'gatekeeper'), ['sz-epb']))
      .thenRefused(/sz-epb holds gatekeeper only from 2012-10-20/);
    await v3
      .given([...seed, later])
      .when(suspension(act('sz-epb', 'gatekeeper'), ['sz-epb'], '2012-10-20'))
      .thenState('suspended');
    const withdrawn = revoke('sz-drc', 'gatekeeper', ['sz-gov'], act('sz-gov', 'gatekeeper'), '2012-10-01');
    await v3
      .given([...seed, withdrawn])
      .when(suspension(act('sz-drc', 'gatekeeper'), ['sz-drc']))
      .thenRefused(/sz-drc no longer holds gatekeeper: it was revoked from 2012-10-01/);
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
});
