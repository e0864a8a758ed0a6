import { describe, it } from 'vitest';
import {
  DelegationVisitCompletedData,
  DelegationVisitPlannedData,
  ExpertMeetingHeldData,
  ExpertMissionConductedData,
  NetworkMeetingHeldData,
  StakeholderMeetingHeldData,
} from '../../events/index.ts';
import { describeRejections, expectAccepted, expectRejected, without } from './assertions.ts';
import { seedOf } from './samplePayloads.ts';

describe('meeting events', () => {
  it.each([
    ['NetworkMeetingHeld', NetworkMeetingHeldData],
    ['DelegationVisitPlanned', DelegationVisitPlannedData],
    ['DelegationVisitCompleted', DelegationVisitCompletedData],
    ['ExpertMeetingHeld', ExpertMeetingHeldData],
    ['StakeholderMeetingHeld', StakeholderMeetingHeldData],
    ['ExpertMissionConducted', ExpertMissionConductedData],
  ] as const)('accepts the seed payload of %s', (type, schema) => {
    expectAccepted(schema, seedOf(type));
  });

  it('accepts a stakeholder meeting without matchmaking', () => {
    expectAccepted(StakeholderMeetingHeldData, without(seedOf('StakeholderMeetingHeld'), 'matchmaking'));
  });

  describeRejections('NetworkMeetingHeld', NetworkMeetingHeldData, seedOf('NetworkMeetingHeld'), {
    required: 'participantIds',
    wrongType: ['topics', 'feasibility', /expected array, received string/],
    date: 'date',
  });
  describeRejections('DelegationVisitPlanned', DelegationVisitPlannedData, seedOf('DelegationVisitPlanned'), {
    required: 'head',
    wrongType: ['direction', 'CN-NL', /expected one of "CN_TO_NL"\|"NL_TO_CN"/],
    date: 'startDate',
    order: ['startDate', 'endDate'],
  });
  describeRejections('DelegationVisitCompleted', DelegationVisitCompletedData, seedOf('DelegationVisitCompleted'), {
    required: 'deliverables',
    wrongType: ['visitId', 2011, /expected string, received number/],
    date: 'actualEnd',
    order: ['actualStart', 'actualEnd'],
  });
  describeRejections('ExpertMeetingHeld', ExpertMeetingHeldData, seedOf('ExpertMeetingHeld'), {
    required: 'plenaries',
    wrongType: ['plenaries', '2', /expected number, received string/],
    date: 'endDate',
    order: ['startDate', 'endDate'],
  });
  describeRejections('StakeholderMeetingHeld', StakeholderMeetingHeldData, seedOf('StakeholderMeetingHeld'), {
    required: 'date',
    wrongType: ['matchmaking', 12, /expected object, received number/],
    date: 'date',
  });
  describeRejections('ExpertMissionConducted', ExpertMissionConductedData, seedOf('ExpertMissionConducted'), {
    required: 'needStatement',
    wrongType: ['hostOrgId', ['sz-uplrc'], /expected string, received array/],
    date: 'startDate',
    order: ['startDate', 'endDate'],
  });

  it('rejects a participant listed twice and names it', () => {
    const meeting = { ...seedOf('NetworkMeetingHeld'), participantIds: ['eli', 'im', 'eli'] };
    expectRejected(NetworkMeetingHeldData, meeting, ['participantIds', 2], /duplicate participant id "eli"/);
  });

  it('rejects a meeting without participants', () => {
    expectRejected(
      ExpertMeetingHeldData,
      { ...seedOf('ExpertMeetingHeld'), participantIds: [] },
      ['participantIds'],
      /at least 1 participant id/,
    );
  });

  it('rejects a fractional or negative plenary count', () => {
    const meeting = seedOf('ExpertMeetingHeld');
    expectRejected(ExpertMeetingHeldData, { ...meeting, plenaries: 1.5 }, ['plenaries'], /whole number/);
    expectRejected(ExpertMeetingHeldData, { ...meeting, plenaries: -1 }, ['plenaries'], /count of 0 or more/);
  });

  it('rejects a fractional matchmaking count', () => {
    const meeting = { ...seedOf('StakeholderMeetingHeld'), matchmaking: { companies: 12, matches: 2.5 } };
    expectRejected(StakeholderMeetingHeldData, meeting, ['matchmaking', 'matches'], /whole number/);
  });

  it('rejects a delegation member listed twice and names it', () => {
    const visit = { ...seedOf('DelegationVisitPlanned'), memberOrgIds: ['sz-drc', 'sz-drc'] };
    expectRejected(DelegationVisitPlannedData, visit, ['memberOrgIds', 1], /duplicate member participant id "sz-drc"/);
  });

  it('rejects a deliverable of an unknown kind', () => {
    const completed = seedOf('DelegationVisitCompleted');
    const deliverables = [{ kind: 'promise', text: 'agreement on the expert meeting', agreedBy: ['eli'] }];
    expectRejected(
      DelegationVisitCompletedData,
      { ...completed, deliverables },
      ['deliverables', 0, 'kind'],
      /expected one of "agreement"/,
    );
  });

  it('rejects a blank need statement', () => {
    const mission = { ...seedOf('ExpertMissionConducted'), needStatement: '   ' };
    expectRejected(ExpertMissionConductedData, mission, ['needStatement'], /non-empty text/);
  });

  it('reports an end before its start alongside other issues', () => {
    const visit = { ...seedOf('DelegationVisitPlanned'), endDate: '2011-09-01', expectedDeliverables: 'none' };
    expectRejected(DelegationVisitPlannedData, visit, ['endDate'], /^must be on or after startDate \(2011-09-18\)$/);
    expectRejected(DelegationVisitPlannedData, visit, ['expectedDeliverables'], /expected array/);
  });
});
