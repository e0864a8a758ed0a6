import { describe, it } from 'vitest';
import {
  CommonUnderstandingRecordedData,
  ImplementationThemeSelectedData,
  KnowledgeTransferActivityHeldData,
} from '../../events/index.ts';
import { describeRejections, expectAccepted, expectRejected } from './assertions.ts';
import { seedOf } from './samplePayloads.ts';

describe('result events', () => {
  it.each([
    ['CommonUnderstandingRecorded', CommonUnderstandingRecordedData],
    ['ImplementationThemeSelected', ImplementationThemeSelectedData],
    ['KnowledgeTransferActivityHeld', KnowledgeTransferActivityHeldData],
  ] as const)('accepts the seed payload of %s', (type, schema) => {
    expectAccepted(schema, seedOf(type));
  });

  it.each(['nl_government_role', 'nl_institutes_companies_role'])('accepts the %s understanding (#17)', (topic) => {
    expectAccepted(CommonUnderstandingRecordedData, {
      topic,
      statement: 'Endorsed at the stakeholder meeting of March 2012.',
      endorsedBy: ['eli', 'im', 'sz-drc'],
    });
  });

  describeRejections(
    'CommonUnderstandingRecorded',
    CommonUnderstandingRecordedData,
    seedOf('CommonUnderstandingRecorded'),
    {
      required: 'statement',
      wrongType: ['topic', 'governance', /expected one of "areas_of_expertise"/],
    },
  );
  describeRejections(
    'ImplementationThemeSelected',
    ImplementationThemeSelectedData,
    seedOf('ImplementationThemeSelected'),
    {
      required: 'leadOrgIds',
      wrongType: ['leadOrgIds', 'im', /expected array, received string/],
    },
  );
  describeRejections(
    'KnowledgeTransferActivityHeld',
    KnowledgeTransferActivityHeldData,
    seedOf('KnowledgeTransferActivityHeld'),
    {
      required: 'recipientOrgIds',
      wrongType: ['format', 'seminar', /expected one of "workshop"\|"study_visit"\|"training"/],
      date: 'startDate',
      order: ['startDate', 'endDate'],
    },
  );

  it('rejects an endorser listed twice and names it', () => {
    const recorded = { ...seedOf('CommonUnderstandingRecorded'), endorsedBy: ['eli', 'sz-drc', 'sz-drc'] };
    expectRejected(
      CommonUnderstandingRecordedData,
      recorded,
      ['endorsedBy', 2],
      /duplicate endorsing participant id "sz-drc"/,
    );
  });

  it('rejects an understanding endorsed by nobody', () => {
    expectRejected(
      CommonUnderstandingRecordedData,
      { ...seedOf('CommonUnderstandingRecorded'), endorsedBy: [] },
      ['endorsedBy'],
      /at least 1 endorsing participant id/,
    );
  });

  it('rejects a theme that is not a snake_case code', () => {
    const selected = { ...seedOf('ImplementationThemeSelected'), theme: 'Waste management' };
    expectRejected(ImplementationThemeSelectedData, selected, ['theme'], /snake_case theme code/);
  });

  it('rejects a provider listed twice and names it', () => {
    const activity = { ...seedOf('KnowledgeTransferActivityHeld'), providerOrgIds: ['im', 'im'] };
    expectRejected(
      KnowledgeTransferActivityHeldData,
      activity,
      ['providerOrgIds', 1],
      /duplicate provider participant id "im"/,
    );
  });

  it('rejects an activity without recipients', () => {
    const activity = { ...seedOf('KnowledgeTransferActivityHeld'), recipientOrgIds: [] };
    expectRejected(
      KnowledgeTransferActivityHeldData,
      activity,
      ['recipientOrgIds'],
      /at least 1 recipient participant id/,
    );
  });
});
