import { describe, expect, it } from 'vitest';
import { programme } from '../../machines/index.ts';
import { WorkflowSpecification } from '../../src/testing/index.ts';
import { seedProposal, seedUntil, variant } from '../fixtures/lcz.ts';
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
});
