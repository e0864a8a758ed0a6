import { expect, it } from 'vitest';
import { WorkflowSpecification } from '../../src/testing/index.ts';
import type { Workflow } from '../../src/index.ts';
import type { SeedProposal } from '../fixtures/lcz.ts';

/** One guard's accepted and refused case: the refusal must name the guard and give the reason. */
export type GuardCase = {
  readonly guard: string;
  readonly given: readonly SeedProposal[];
  readonly accepted: SeedProposal;
  readonly refused: SeedProposal;
  /** History for the refused case when it differs from `given`. */
  readonly refusedGiven?: readonly SeedProposal[];
  readonly reason: RegExp;
  /** The rule this case pins, when a guard has several cases (it names the tests). */
  readonly rule?: string;
};

/** Registers the two tests of a guard case. */
export function itChecksGuard(workflow: Workflow, c: GuardCase): void {
  const name = c.rule === undefined ? c.guard : `${c.guard} (${c.rule})`;
  it(`${name}: accepts the allowed case`, async () => {
    await WorkflowSpecification.for(workflow)
      .given(c.given)
      .when(c.accepted)
      .then((outcome) => {
        expect(
          outcome.outcome === 'accepted'
            ? 'accepted'
            : `${outcome.outcome}: ${'refusal' in outcome ? outcome.refusal.message : outcome.error.message}`,
        ).toBe('accepted');
      });
  });
  it(`${name}: refuses with its reason`, async () => {
    const refusal = await WorkflowSpecification.for(workflow)
      .given(c.refusedGiven ?? c.given)
      .when(c.refused)
      .thenRefused();
    const mine = refusal.reasons.filter((r) => r.guard === c.guard);
    expect(mine.map((r) => r.reason).join(' | '), refusal.message).toMatch(c.reason);
  });
}
