import { describe, expect, it } from 'vitest';
import {
  ExpertJoinedGovernanceBodyData,
  GovernanceBodyEstablishedData,
  ParticipantRegisteredData,
  StakeholderInvolvementRecordedData,
} from '../../events/index.ts';
import { describeRejections, expectAccepted, expectRejected } from './assertions.ts';
import { seedOf } from './samplePayloads.ts';

describe('participant events', () => {
  it.each([
    ['ParticipantRegistered', ParticipantRegisteredData],
    ['StakeholderInvolvementRecorded', StakeholderInvolvementRecordedData],
    ['GovernanceBodyEstablished', GovernanceBodyEstablishedData],
    ['ExpertJoinedGovernanceBody', ExpertJoinedGovernanceBodyData],
  ] as const)('accepts the seed payload of %s', (type, schema) => {
    expectAccepted(schema, seedOf(type));
  });

  it('accepts a Chinese participant without an IATI ref and NL Agency with one', () => {
    expectAccepted(ParticipantRegisteredData, {
      orgId: 'longgang',
      name: 'Longgang District Government',
      side: 'CN',
      orgType: 11,
      iatiRoles: [4],
    });
    expectAccepted(ParticipantRegisteredData, {
      orgId: 'nl-agency',
      name: 'NL Agency',
      side: 'NL',
      orgType: 10,
      iatiRoles: [3],
      iatiRef: 'NL-KVK-27378529',
    });
  });

  describeRejections('ParticipantRegistered', ParticipantRegisteredData, seedOf('ParticipantRegistered'), {
    required: 'side',
    wrongType: ['orgType', '10', /expected a code of the IATI OrganisationType codelist as a number/],
  });
  describeRejections(
    'StakeholderInvolvementRecorded',
    StakeholderInvolvementRecordedData,
    seedOf('StakeholderInvolvementRecorded'),
    {
      required: 'level',
      wrongType: ['level', 'involved', /expected one of "informed"\|"consulted"\|"contributing"\|"committed"/],
    },
  );
  describeRejections('GovernanceBodyEstablished', GovernanceBodyEstablishedData, seedOf('GovernanceBodyEstablished'), {
    required: 'chairOrgId',
    wrongType: ['kind', 'board', /expected one of "steering_committee"/],
  });
  describeRejections(
    'ExpertJoinedGovernanceBody',
    ExpertJoinedGovernanceBodyData,
    seedOf('ExpertJoinedGovernanceBody'),
    {
      required: 'expert',
      wrongType: ['capacity', true, /expected one of "member"\|"advisor"/],
    },
  );

  it('rejects an unknown IATI role', () => {
    expectRejected(
      ParticipantRegisteredData,
      { ...seedOf('ParticipantRegistered'), iatiRoles: [1, 5] },
      ['iatiRoles', 1],
      /"5" is not a code of the IATI OrganisationRole codelist/,
    );
  });

  it('rejects an empty or repeated list of IATI roles', () => {
    const participant = seedOf('ParticipantRegistered');
    expectRejected(
      ParticipantRegisteredData,
      { ...participant, iatiRoles: [] },
      ['iatiRoles'],
      /at least one IATI role/,
    );
    expectRejected(
      ParticipantRegisteredData,
      { ...participant, iatiRoles: [4, 4] },
      ['iatiRoles', 1],
      /duplicate IATI role "4"/,
    );
  });

  it('rejects an organisation type outside the IATI OrganisationType codelist, naming it', () => {
    expect(ParticipantRegisteredData.safeParse({ ...seedOf('ParticipantRegistered'), orgType: 40 }).success).toBe(true);
    expectRejected(
      ParticipantRegisteredData,
      { ...seedOf('ParticipantRegistered'), orgType: 12 },
      ['orgType'],
      /"12" is not a code of the IATI OrganisationType codelist/,
    );
  });

  it('rejects a participant id that starts with a dot or exceeds 64 characters', () => {
    const participant = seedOf('ParticipantRegistered');
    expectRejected(
      ParticipantRegisteredData,
      { ...participant, orgId: '.eli' },
      ['orgId'],
      /starting with a letter or digit/,
    );
    const long = ParticipantRegisteredData.safeParse({ ...participant, orgId: 'a'.repeat(65) });
    expect(long.error?.issues).toEqual([
      expect.objectContaining({ path: ['orgId'], message: 'expected a participant id of at most 64 characters' }),
    ]);
  });

  it('rejects a member listed twice and names it', () => {
    const body = { ...seedOf('GovernanceBodyEstablished'), memberOrgIds: ['eli', 'sz-drc', 'eli'] };
    expectRejected(GovernanceBodyEstablishedData, body, ['memberOrgIds', 2], /duplicate member participant id "eli"/);
  });

  it('rejects a chair who is not a member', () => {
    const body = { ...seedOf('GovernanceBodyEstablished'), chairOrgId: 'sz-gov' };
    expectRejected(GovernanceBodyEstablishedData, body, ['chairOrgId'], /expected one of memberOrgIds, got "sz-gov"/);
  });

  it('rejects an expert without a title', () => {
    const joined = { ...seedOf('ExpertJoinedGovernanceBody'), expert: { name: 'J. de Vries', orgId: 'tu-delft' } };
    expectRejected(ExpertJoinedGovernanceBodyData, joined, ['expert', 'title'], /expected string, received undefined/);
  });
});
