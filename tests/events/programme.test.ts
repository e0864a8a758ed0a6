import { describe, expect, it } from 'vitest';
import {
  DocumentLinkedData,
  ProgrammeCancelledData,
  ProgrammeClosedData,
  ProgrammeRegisteredData,
  ProgrammeResumedData,
  ProgrammeSuspendedData,
  ProgrammeSuspendedDataV1,
  upcastProgrammeSuspendedV1,
} from '../../events/index.ts';
import { describeRejections, expectAccepted, expectRejected } from './assertions.ts';
import { seedOf } from './samplePayloads.ts';

describe('programme events', () => {
  it.each([
    ['ProgrammeRegistered', ProgrammeRegisteredData],
    ['ProgrammeSuspended', ProgrammeSuspendedData],
    ['ProgrammeResumed', ProgrammeResumedData],
    ['ProgrammeCancelled', ProgrammeCancelledData],
    ['ProgrammeClosed', ProgrammeClosedData],
    ['DocumentLinked', DocumentLinkedData],
  ] as const)('accepts the seed payload of %s', (type, schema) => {
    expectAccepted(schema, seedOf(type));
  });

  describeRejections('ProgrammeRegistered', ProgrammeRegisteredData, seedOf('ProgrammeRegistered'), {
    required: 'budgetTotal',
    wrongType: ['recipientCountry', 'NL', /recipient country is "CN"/],
    date: 'plannedStart',
    order: ['plannedStart', 'plannedEnd'],
  });
  describeRejections('ProgrammeSuspended', ProgrammeSuspendedData, seedOf('ProgrammeSuspended'), {
    required: 'reviewDate',
    wrongType: ['decidedBy', 'eli', /expected array/],
    date: 'reviewDate',
  });
  describeRejections('ProgrammeResumed', ProgrammeResumedData, seedOf('ProgrammeResumed'), {
    required: 'decidedBy',
    wrongType: ['decidedBy', { orgId: 'eli' }, /expected array, received object/],
  });
  describeRejections('ProgrammeCancelled', ProgrammeCancelledData, seedOf('ProgrammeCancelled'), {
    required: 'reason',
    wrongType: ['reason', 7, /expected string/],
  });
  describeRejections('ProgrammeClosed', ProgrammeClosedData, seedOf('ProgrammeClosed'), {
    required: 'finalReportDocId',
    wrongType: ['finalReportDocId', null, /expected string/],
  });
  describeRejections('DocumentLinked', DocumentLinkedData, seedOf('DocumentLinked'), {
    required: 'url',
    wrongType: ['category', 'A13', /"A13" is not a code of the IATI DocumentCategory codelist/],
    date: 'date',
  });

  describe('ProgrammeRegistered sectors', () => {
    const registered = seedOf('ProgrammeRegistered');

    it('rejects percentages that do not sum to 100', () => {
      const sectors = [
        { code: '43030', pct: 50 },
        { code: '41010', pct: 30 },
      ];
      expectRejected(
        ProgrammeRegisteredData,
        { ...registered, sectors },
        ['sectors'],
        /^percentages must sum to 100, got 80$/,
      );
    });

    it('accepts thirds written to two decimals', () => {
      const sectors = [
        { code: '43030', pct: 33.33 },
        { code: '41010', pct: 33.33 },
        { code: '23183', pct: 33.34 },
      ];
      expect(ProgrammeRegisteredData.safeParse({ ...registered, sectors }).success).toBe(true);
    });

    it.each(['430', '43039', '99999'])(
      'rejects %s, which is not a DAC 5-digit code of the IATI Sector codelist',
      (code) => {
        expectRejected(
          ProgrammeRegisteredData,
          { ...registered, sectors: [{ code, pct: 100 }] },
          ['sectors', 0, 'code'],
          new RegExp(`"${code}" is not a code of the IATI Sector codelist \\(DAC 5 Digit Sector\\)`),
        );
      },
    );

    it('rejects a recipient country that is not an ISO 3166 code, naming the Country codelist', () => {
      expectRejected(
        ProgrammeRegisteredData,
        { ...registered, recipientCountry: 'XX' },
        ['recipientCountry'],
        /"XX" is not a code of the IATI Country codelist/,
      );
    });

    it('rejects a budget in a currency that is not ISO 4217, naming the Currency codelist', () => {
      expectRejected(
        ProgrammeRegisteredData,
        { ...registered, budgetTotal: { amount: 1, currency: 'RMB' } },
        ['budgetTotal', 'currency'],
        /"RMB" is not a code of the IATI Currency codelist/,
      );
    });

    it('rejects a percentage of 0', () => {
      const sectors = [
        { code: '43030', pct: 100 },
        { code: '41010', pct: 0 },
      ];
      expectRejected(ProgrammeRegisteredData, { ...registered, sectors }, ['sectors', 1, 'pct'], /above 0/);
    });

    it('rejects the same sector code twice and names it', () => {
      const sectors = [
        { code: '43030', pct: 50 },
        { code: '43030', pct: 50 },
      ];
      expectRejected(
        ProgrammeRegisteredData,
        { ...registered, sectors },
        ['sectors', 1, 'code'],
        /duplicate sector code "43030"/,
      );
    });

    it('rejects an empty sector list', () => {
      expectRejected(ProgrammeRegisteredData, { ...registered, sectors: [] }, ['sectors'], /at least one sector/);
    });
  });

  it('rejects an IATI identifier containing a slash (IATI 1.3.13)', () => {
    const registered = { ...seedOf('ProgrammeRegistered'), iatiIdentifier: 'NL-KVK-27378529/LCZ' };
    expectRejected(ProgrammeRegisteredData, registered, ['iatiIdentifier'], /without whitespace or any of \/ & \| \?/);
  });

  it('rejects a negative budget total', () => {
    const registered = { ...seedOf('ProgrammeRegistered'), budgetTotal: { amount: -1, currency: 'EUR' } };
    expectRejected(ProgrammeRegisteredData, registered, ['budgetTotal', 'amount'], /amount of 0 or more/);
  });

  it('rejects an empty decidedBy list', () => {
    expectRejected(
      ProgrammeCancelledData,
      { reason: 'No funds.', decidedBy: [] },
      ['decidedBy'],
      /at least 1 deciding participant id/,
    );
  });

  it('rejects the same decider twice and names it', () => {
    const resumed = { decidedBy: ['eli', 'sz-gov', 'eli'] };
    expectRejected(ProgrammeResumedData, resumed, ['decidedBy', 2], /duplicate deciding participant id "eli"/);
  });

  describe('DocumentLinked', () => {
    const linked = seedOf('DocumentLinked');

    it('rejects a URL that is not http(s)', () => {
      expectRejected(DocumentLinkedData, { ...linked, url: 'ftp://example.org/a.pdf' }, ['url'], /http\(s\) URL/);
    });

    it('rejects a URL longer than 2000 characters', () => {
      const url = `https://example.org/${'a'.repeat(2000)}`;
      expectRejected(DocumentLinkedData, { ...linked, url }, ['url'], /at most 2000 characters/);
    });

    it.each(['zh', 'nl', 'en'])('accepts the ISO 639-1 language code %s', (language) => {
      expect(DocumentLinkedData.safeParse({ ...linked, language }).success).toBe(true);
    });

    it.each(['zh-Hans', 'zh-Hans-CN', 'EN', 'english', 'zh_CN', ''])(
      'rejects "%s", naming the IATI Language codelist',
      (language) => {
        expectRejected(
          DocumentLinkedData,
          { ...linked, language },
          ['language'],
          new RegExp(`"${language}" is not a code of the IATI Language codelist`),
        );
      },
    );

    it.each(['A09', 'B01'])('accepts the document category %s of the IATI DocumentCategory codelist', (category) => {
      expect(DocumentLinkedData.safeParse({ ...linked, category }).success).toBe(true);
    });
  });
});

describe('ProgrammeSuspended schema versions', () => {
  const v1 = { reason: 'Municipal reorganisation', decidedBy: ['eli', 'sz-gov'], reviewDate: '2012-11-01' };

  it('rejects a version-1 payload under version 2, naming the new field', () => {
    expectRejected(ProgrammeSuspendedData, v1, ['category'], /expected one of|Invalid option/);
  });

  it('lifts a version-1 payload to a valid version-2 one with the cause unclassified', () => {
    expectAccepted(ProgrammeSuspendedDataV1, v1);
    const lifted = upcastProgrammeSuspendedV1(v1);
    expect(lifted).toEqual({ ...v1, category: 'unclassified' });
    expectAccepted(ProgrammeSuspendedData, lifted);
  });
});
