import { describe, expect, it } from 'vitest';
import { seed, variant, type SeedProposal } from '../fixtures/lcz.ts';
import { act, on, suspension, v3 } from './roleProposals.ts';

/**
 * The role policy of programme@3 (README, "Roles"; machines/rolePolicy.ts): the actor holds the role it claims, and
 * every organisation named as deciding (decidedBy, decisionMakers) holds gatekeeper. One refusal names them all.
 */
/** What a refusal says of `orgId` not holding gatekeeper on the seed, `as` where it was named. */
const noKeeper = (orgId: string, as = '') =>
  `${orgId}${as} does not hold gatekeeper (it holds no role); record RoleGranted (orgId ${orgId}, role gatekeeper) ` +
  'decided jointly by a gatekeeper of each side (NL: eli, im; CN: sz-gov, sz-drc, ndrc-ccd)';
const g2 = seed.find((p) => p.id === 'lcz-23-g2-decision')!;
const decisionMakers = (g2.data as { decisionMakers: unknown[] }).decisionMakers;
const claims: ReadonlyArray<readonly [string, readonly SeedProposal[], SeedProposal, string]> = [
  [
    'an actor without its role is named first, then each other decider without gatekeeper, itself not again',
    seed,
    suspension(act('tu-delft', 'gatekeeper'), ['tu-delft', 'sz-uplrc']),
    `${noKeeper('tu-delft')}; ${noKeeper('sz-uplrc', ', in decidedBy,')}`,
  ],
  [
    'an actor without its role is not also told it did not take part',
    seed,
    suspension(act('tu-delft', 'gatekeeper'), ['sz-uplrc']),
    `${noKeeper('tu-delft')}; ${noKeeper('sz-uplrc', ', in decidedBy,')}`,
  ],
  [
    'a gatekeeper recording a decision it did not take part in is told so, and of each decider without gatekeeper',
    seed,
    suspension(act('eli', 'gatekeeper'), ['im', 'sz-uplrc']),
    `eli records only a decision it took part in; it is not in decidedBy (im, sz-uplrc); ${noKeeper('sz-uplrc', ', in decidedBy,')}`,
  ],
  [
    'a resumption is decided by gatekeepers only',
    [...seed, suspension(act('eli', 'gatekeeper'), ['eli', 'sz-gov'])],
    {
      type: 'ProgrammeResumed',
      occurredAt: on,
      actor: act('eli', 'gatekeeper'),
      data: { decidedBy: ['eli', 'sz-uplrc'] },
    },
    noKeeper('sz-uplrc', ', in decidedBy,'),
  ],
  [
    'a cancellation is decided by gatekeepers only',
    seed,
    {
      type: 'ProgrammeCancelled',
      occurredAt: on,
      actor: act('eli', 'gatekeeper'),
      data: { reason: 'Funding ended', decidedBy: ['eli', 'sz-uplrc'] },
    },
    noKeeper('sz-uplrc', ', in decidedBy,'),
  ],
  [
    "a gate decision's decision makers hold gatekeeper",
    seed.slice(0, seed.indexOf(g2)),
    variant(g2, { decisionMakers: [...decisionMakers, { orgId: 'sz-uplrc', side: 'CN', position: 'go' }] }),
    noKeeper('sz-uplrc', ', among the decisionMakers,'),
  ],
  [
    'the reporting organisation acts in its programme before it is registered as a participant',
    seed.slice(0, 1),
    suspension(act('nl-agency', 'gatekeeper'), ['nl-agency'], '2011-07-01'),
    'nl-agency does not hold gatekeeper (it holds programme_manager); record RoleGranted (orgId nl-agency, role ' +
      'gatekeeper) decided jointly by a gatekeeper of each side (NL: none yet; CN: none yet)',
  ],
];

describe('a refusal under programme@3 names the actor and every decider without the role, word for word', () => {
  it.each(claims)('%s', async (_rule, given, proposal, reason) => {
    const refusal = await v3.given(given).when(proposal).thenRefused();
    expect(refusal.reasons.map((r) => r.reason)).toEqual([reason]);
  });
});
