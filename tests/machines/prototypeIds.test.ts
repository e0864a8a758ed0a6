import { describe, expect, it } from 'vitest';
import { WorkflowSpecification } from '../../src/testing/index.ts';
import { programme } from '../../machines/index.ts';
import type { Workflow } from '../../src/index.ts';
import { seedIndex, seedProposals } from '../support/lifecycle.ts';

const seed = seedProposals();
const manager = { id: 'twa-guangzhou', role: 'programme_manager' };

describe('ids that name members of Object.prototype', () => {
  it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf'])(
    'does not take %s for a registered participant',
    async (id) => {
      await WorkflowSpecification.for<Workflow>(programme)
        .given(seed.slice(0, seedIndex.g1Review - 1))
        .when({
          type: 'NetworkMeetingHeld',
          occurredAt: '2011-10-01',
          actor: manager,
          data: { meetingId: 'm-x', date: '2011-10-01', participantIds: ['eli', id], topics: ['x'] },
        })
        .thenRefused(`${id} is not a registered participant`);
    },
  );

  it('registers a participant whose id is constructor, and knows it afterwards', async () => {
    const register = {
      type: 'ParticipantRegistered',
      occurredAt: '2011-07-02',
      actor: manager,
      data: { orgId: 'constructor', name: 'Constructor BV', side: 'NL', orgType: 70, iatiRoles: [4] },
    };
    const setUp = seed.slice(0, seed.findLastIndex((p) => p.id?.startsWith('lcz-02-')) + 1);
    await WorkflowSpecification.for<Workflow>(programme).given(setUp).when(register).thenState('feasibility.active');
  });

  it('does not take toString for an earlier deliverable cited as evidence', async () => {
    const { id: _id, ...satisfied } = seed.find((p) => p.id === 'lcz-15-k1-satisfied')!;
    const outcome = await WorkflowSpecification.for<Workflow>(programme)
      .given(seed.slice(0, seedIndex.g1Decision + 1))
      .when({ ...satisfied, data: { ...satisfied.data, evidenceEventIds: ['toString'] } })
      .thenRefused(/evidence toString is not an earlier deliverable/);
    expect(outcome.kind).toBe('guards');
  });
});
