import { describe, expect, it } from 'vitest';
import { programme } from '../../machines/index.ts';
import { WorkflowSpecification } from '../../src/testing/index.ts';
import { byManager, seedProposal, seedUntil, setUp, variant } from '../fixtures/lcz.ts';
import { factGuardCases } from './factGuardCases.ts';
import { itChecksGuard } from './guardCase.ts';
import type { Workflow } from '../../src/index.ts';

describe('programme@1 fact guards: each accepts its allowed case and refuses with its reason', () => {
  for (const c of factGuardCases) itChecksGuard(programme, c);
});

describe('programme@1 fact guards: one problem, one reason', () => {
  it('refuses signing an agreement never proposed by agreementOpen alone', async () => {
    const ghost = variant(seedProposal('22-mou-signed'), { agreementId: 'ghost' });
    const refusal = await WorkflowSpecification.for<Workflow>(programme)
      .given(seedUntil('21-theme'))
      .when(ghost)
      .thenRefused();
    expect(refusal.reasons).toEqual([
      { guard: 'agreementOpen', reason: 'agreement ghost was never proposed; record AgreementProposed first' },
    ]);
  });

  // In feasibility letterOfIntentOnly also guards the signing; an agreement it cannot find has no instrument to object to.
  it('refuses signing a never-proposed agreement in feasibility by agreementOpen alone', async () => {
    const ghost = byManager('AgreementSigned', '2011-07-23', {
      agreementId: 'ghost',
      signedOn: '2011-07-23',
      place: 'Shenzhen',
      ceremonyLevel: 'working_level',
      signatories: [
        { title: 'Director', orgId: 'eli' },
        { title: 'Director', orgId: 'sz-gov' },
      ],
      effectiveFrom: '2011-07-23',
    });
    const refusal = await WorkflowSpecification.for<Workflow>(programme).given(setUp).when(ghost).thenRefused();
    expect(refusal.reasons).toEqual([
      { guard: 'agreementOpen', reason: 'agreement ghost was never proposed; record AgreementProposed first' },
    ]);
  });
});
