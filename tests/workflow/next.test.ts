import { describe, expect, it } from 'vitest';
import {
  createEngine,
  initialSnapshot,
  InvalidInputError,
  resolveState,
  shortestPathTo,
  whatNext,
} from '../../src/index.ts';
import { programmeV1, programmeVersions } from '../../machines/index.ts';
import { seededStore } from '../support/seedLog.ts';

const headOfSeed = async () =>
  (await createEngine({ workflows: [...programmeVersions], store: await seededStore() }).state('lcz-shenzhen'))
    .snapshot;

describe('what may happen next', () => {
  it('lists the event types with a transition from the current configuration, and the gate ahead with what it misses', async () => {
    const report = whatNext(programmeV1, await headOfSeed());
    expect(report.state).toBe('implementation.active');
    expect(report.eventTypes).toContain('GateReviewScheduled');
    expect(report.eventTypes).toContain('KnowledgeTransferActivityHeld');
    expect(report.eventTypes).not.toContain('GateDecisionRecorded');
    expect(report.gates.map((g) => [g.gate, g.status, g.due])).toEqual([['G3', 'next', '2012-12-15']]);
    const g3 = Object.fromEntries(report.gates[0]!.criteria.map((k) => [k.id, k]));
    expect(g3['G3-C1']).toMatchObject({
      met: false,
      missing: '1 knowledge-transfer activity is recorded, 3 are needed',
    });
    expect(g3['G3-C2']!.met).toBe(true);
    expect(g3['G3-C4']!.met).toBeNull();
  });

  it('reports the gates of a new programme, and nothing accepted but registration', () => {
    const report = whatNext(programmeV1, initialSnapshot(programmeV1));
    expect(report.eventTypes).toEqual(['ProgrammeRegistered']);
    expect(report.gates.map((g) => g.gate)).toEqual(['G1', 'G2', 'G3']);
    expect(report.gates[0]!.criteria.find((k) => k.id === 'G1-C4')).toMatchObject({ met: null });
  });

  it('finds the shortest sequence of events to closure, and it really gets there', async () => {
    const head = await headOfSeed();
    const path = shortestPathTo(programmeV1, head, 'closed');
    // The seed's minutes (A07) already count as the final report G3-C3 asks for, so no document is to be linked.
    expect(path.steps?.map((s) => s.event.type)).toEqual([
      'KnowledgeTransferActivityHeld',
      'KnowledgeTransferActivityHeld',
      'GateReviewScheduled',
      'GateDecisionRecorded',
      'ProgrammeClosed',
    ]);
    expect(path.steps?.at(-1)?.state).toBe('closed');
  });

  it('finds a way into suspension through a hold or a suspension, and from an empty stream to every phase', () => {
    const start = initialSnapshot(programmeV1);
    expect(shortestPathTo(programmeV1, start, 'suspended').steps?.map((s) => s.event.type)).toEqual([
      'ProgrammeRegistered',
      'ParticipantRegistered',
      'ProgrammeSuspended',
    ]);
    const toImplementation = shortestPathTo(programmeV1, start, 'implementation.active');
    expect(toImplementation.steps?.filter((s) => s.event.type === 'GateDecisionRecorded')).toHaveLength(2);
  });

  it('names the states when the target is unknown', () => {
    expect(() => resolveState(programmeV1, 'nowhere')).toThrow(InvalidInputError);
    expect(() => resolveState(programmeV1, 'nowhere')).toThrow(
      /its states are unregistered, feasibility, feasibility\.active, /,
    );
    expect(resolveState(programmeV1, 'development.gate').id).toBe('programme.running.development.gate');
    expect(resolveState(programmeV1, 'programme.closed').id).toBe('programme.closed');
  });

  it('lists only what the guards would accept now, each with the role that records it, and says why the rest not', async () => {
    const report = whatNext(programmeV1, await headOfSeed());
    // K1 was satisfied in the seed: the statechart has a transition, the guards refuse it, so it is not offered.
    expect(report.eventTypes).not.toContain('GateConditionSatisfied');
    expect(report.notNow.find((e) => e.type === 'GateConditionSatisfied')?.reasons.join(' ')).toMatch(
      /K1 is already satisfied/,
    );
    const byType = Object.fromEntries(report.events.map((e) => [e.type, e]));
    expect(byType.KnowledgeTransferActivityHeld).toMatchObject({ roles: ['programme_manager'], checked: true });
    expect(byType.ProgrammeSuspended).toMatchObject({ roles: ['gatekeeper'], checked: true });
    expect(byType.FinancialTransactionRecorded!.roles).toEqual(['finance_officer']);
    expect(byType.GateReviewScheduled!.requiredData).toEqual(['gateId', 'reviewDate', 'gatekeepers', 'criteria']);
  });

  it('asked as an organisation, lists only what the roles it holds may record', async () => {
    const report = whatNext(programmeV1, await headOfSeed(), {
      as: { id: 'twa-guangzhou', roles: ['programme_manager'] },
    });
    expect(report.eventTypes).toContain('KnowledgeTransferActivityHeld');
    expect(report.eventTypes).not.toContain('ProgrammeSuspended');
    expect(report.eventTypes).not.toContain('BudgetLinePlanned');
    expect(report.notNow.find((e) => e.type === 'ProgrammeSuspended')?.reasons).toEqual([
      'ProgrammeSuspended is recorded by gatekeeper; twa-guangzhou holds programme_manager',
    ]);
    const nobody = whatNext(programmeV1, await headOfSeed(), { as: { id: 'sz-epb', roles: [] } });
    expect(nobody.eventTypes).toEqual([]);
    expect(nobody.notNow[0]!.reasons[0]).toMatch(/sz-epb holds no role here$/);
  });
});
