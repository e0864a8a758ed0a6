import { describe, expect, it } from 'vitest';
import { seed, setUp, type SeedProposal } from '../fixtures/lcz.ts';
import { act, fresh, grant, revoke, suspension, v3 } from './roleProposals.ts';

/**
 * Who may grant or revoke a role under programme@3 (README, "Roles"; the rule is roleDecisionProblems in
 * machines/roles.ts), and what a refusal says: each decider without the role, named with the RoleGranted that would
 * give it, and the side that is missing.
 */
describe('who may grant a role', () => {
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

const eliFirst = grant('eli', 'gatekeeper', ['nl-agency'], act('nl-agency', 'programme_manager'));
const byEli = act('eli', 'gatekeeper');
const financeTo = (decidedBy: string[], actor = byEli) => grant('sz-itic', 'finance_officer', decidedBy, actor);
const withdrawSzDrc = (decidedBy: string[], actor = byEli) => revoke('sz-drc', 'gatekeeper', decidedBy, actor);
const appointSzGov = (decidedBy: string[], actor = byEli) => grant('sz-gov', 'gatekeeper', decidedBy, actor);
const financeRule =
  'granting finance_officer is decided by the reporting organisation nl-agency alone, or jointly by gatekeepers of both sides';
const withdrawRule =
  "revoking gatekeeper is decided by gatekeepers of both sides, or by the gatekeepers of sz-drc's own side";
const appointRule =
  'a gatekeeper is appointed by both sides: a gatekeeper of each side decides it (a side with none yet consents ' +
  'through the government body it appoints)';
/** What notHolding says of a decider without gatekeeper, with the keepers of each side as the history has them. */
const notKeeper = (orgId: string, holds: string, keepers: string) =>
  `${orgId}, in decidedBy, does not hold gatekeeper (it holds ${holds}); record RoleGranted (orgId ${orgId}, role ` +
  `gatekeeper) decided jointly by a gatekeeper of each side (${keepers})`;
const setUpKeepers = 'NL: eli, im; CN: sz-gov, sz-drc';
const seedKeepers = 'NL: eli, im; CN: sz-gov, sz-drc, ndrc-ccd';

const refusals: ReadonlyArray<readonly [string, readonly SeedProposal[], SeedProposal, readonly string[]]> = [
  [
    'the organisation recording a role decision is one of its deciders',
    setUp,
    financeTo(['im', 'sz-gov']),
    ['eli records only a role decision it took part in; it is not in decidedBy (im, sz-gov)'],
  ],
  [
    'the reporting organisation decides alone, not with another organisation',
    setUp,
    financeTo(['nl-agency', 'twa-guangzhou'], act('nl-agency', 'programme_manager')),
    [financeRule],
  ],
  [
    'a decider that is neither the reporting organisation nor a gatekeeper is named with the grant it lacks',
    setUp,
    financeTo(['twa-guangzhou'], act('twa-guangzhou', 'programme_manager')),
    [`${financeRule}; ${notKeeper('twa-guangzhou', 'programme_manager', setUpKeepers)}`],
  ],
  [
    "one side's gatekeepers alone do not grant the other roles",
    setUp,
    financeTo(['eli']),
    [`${financeRule}; no CN gatekeeper is among the deciders`],
  ],
  [
    "both sides' gatekeepers do not grant with a decider that is not one",
    setUp,
    financeTo(['eli', 'sz-gov', 'tu-delft']),
    [`${financeRule}; ${notKeeper('tu-delft', 'no role', setUpKeepers)}`],
  ],
  ["one side's gatekeeper does not withdraw the other side's", seed, withdrawSzDrc(['eli']), [withdrawRule]],
  [
    'a side withdraws its own gatekeeper through its gatekeepers only',
    seed,
    withdrawSzDrc(['sz-gov', 'sz-epb'], act('sz-gov', 'gatekeeper')),
    [`${withdrawRule}; ${notKeeper('sz-epb', 'no role', seedKeepers)}`],
  ],
  [
    "both sides' gatekeepers do not withdraw with a decider that is not one",
    seed,
    withdrawSzDrc(['eli', 'sz-gov', 'tu-delft']),
    [`${withdrawRule}; ${notKeeper('tu-delft', 'no role', seedKeepers)}`],
  ],
  [
    'the reporting organisation alone appoints only the first gatekeeper of its own side',
    fresh,
    appointSzGov(['nl-agency'], act('nl-agency', 'programme_manager')),
    [
      'the reporting organisation nl-agency alone appoints only the first gatekeeper of its own side; sz-gov needs a ' +
        'gatekeeper of each side: record RoleGranted (orgId sz-gov, role gatekeeper) decided jointly by a gatekeeper ' +
        'of each side (NL: none yet; CN: none yet), sz-gov consenting for CN as it has none yet',
    ],
  ],
  [
    "a side's first gatekeeper consents for it; any other decider must be a gatekeeper",
    [...fresh, eliFirst],
    appointSzGov(['eli', 'sz-gov', 'tu-delft']),
    [`${appointRule}; ${notKeeper('tu-delft', 'no role', 'NL: eli; CN: none yet')}`],
  ],
  [
    'one side does not appoint a gatekeeper alone',
    [...fresh, eliFirst],
    appointSzGov(['eli']),
    [`${appointRule}; no CN gatekeeper is among the deciders`],
  ],
  [
    "both sides' gatekeepers do not appoint with a decider that is not one",
    setUp,
    grant('sz-epb', 'gatekeeper', ['eli', 'sz-gov', 'tu-delft'], byEli),
    [`${appointRule}; ${notKeeper('tu-delft', 'no role', setUpKeepers)}`],
  ],
  [
    'a reporting organisation whose programme_manager was revoked no longer decides alone',
    [...seed, revoke('nl-agency', 'programme_manager', ['eli', 'sz-gov'], byEli)],
    grant('sz-itic', 'finance_officer', ['nl-agency'], byEli, '2012-10-11'),
    [
      `eli records only a role decision it took part in; it is not in decidedBy (nl-agency); ${financeRule}; ` +
        notKeeper('nl-agency', 'finance_officer', seedKeepers),
    ],
  ],
];

describe('the reasons a role decision is refused, word for word', () => {
  it.each(refusals)('%s', async (_rule, given, proposal, reasons) => {
    const refusal = await v3.given(given).when(proposal).thenRefused();
    expect(refusal.reasons.map((r) => r.reason)).toEqual(reasons);
  });
});

/** What a gatekeeper's claim is refused with before any role is granted, or after the set-up's grants. */
const claims: ReadonlyArray<readonly [string, readonly SeedProposal[], string, string]> = [
  [
    "a government body of the reporting organisation's side may consent for it, or be its first gatekeeper",
    fresh,
    'eli',
    'it holds no role); record RoleGranted (orgId eli, role gatekeeper) decided jointly by a gatekeeper of each side ' +
      '(NL: none yet; CN: none yet), eli consenting for NL as it has none yet, or by the reporting organisation ' +
      'nl-agency alone, as the first gatekeeper of its side',
  ],
  [
    "the other side's government body consents for its side; the reporting organisation does not appoint it",
    fresh,
    'sz-gov',
    'it holds no role); record RoleGranted (orgId sz-gov, role gatekeeper) decided jointly by a gatekeeper of each ' +
      'side (NL: none yet; CN: none yet), sz-gov consenting for CN as it has none yet',
  ],
  [
    'the reporting organisation is never offered to appoint itself, and its roles are named',
    fresh,
    'nl-agency',
    'it holds programme_manager); record RoleGranted (orgId nl-agency, role gatekeeper) decided jointly by a ' +
      'gatekeeper of each side (NL: none yet; CN: none yet), nl-agency consenting for NL as it has none yet',
  ],
  [
    'an organisation that is not a government body does not consent for its side',
    fresh,
    'tu-delft',
    'it holds no role); record RoleGranted (orgId tu-delft, role gatekeeper) decided jointly by a gatekeeper of each ' +
      'side (NL: none yet; CN: none yet), or by the reporting organisation nl-agency alone, as the first gatekeeper ' +
      'of its side',
  ],
  [
    'a government body of a side that has gatekeepers is appointed by a gatekeeper of each side only',
    setUp,
    'ndrc-ccd',
    `it holds no role); record RoleGranted (orgId ndrc-ccd, role gatekeeper) decided jointly by a gatekeeper of each side (${setUpKeepers})`,
  ],
];

describe('a refused gatekeeper names the RoleGranted that would make it one', () => {
  it.each(claims)('%s', async (_rule, given, orgId, howToBecomeOne) => {
    const refusal = await v3
      .given(given)
      .when(suspension(act(orgId, 'gatekeeper'), [orgId], '2011-07-01'))
      .thenRefused();
    expect(refusal.reasons.map((r) => r.reason)).toEqual([`${orgId} does not hold gatekeeper (${howToBecomeOne}`]);
  });
});
