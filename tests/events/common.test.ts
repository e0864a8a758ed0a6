import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CurrencyCode,
  DocumentCategoryCode,
  EventId,
  IatiRole,
  IsoDate,
  LanguageCode,
  LocalId,
  Money,
  OrgRef,
  OrgTypeCode,
  Person,
  SectorCode,
  ShortText,
  Side,
  Text,
  refineDateOrder,
  refineDistinct,
  strictObject,
} from '../../events/common.ts';
import { expectRejected } from './assertions.ts';

describe('IsoDate', () => {
  it('rejects a date-time', () => {
    expectRejected(IsoDate, '2011-07-01T00:00:00Z', [], /^expected a real calendar date as YYYY-MM-DD$/);
  });

  it.each(['2011-07-01', '2012-02-29', '2000-02-29'])('accepts the calendar date %s', (date) => {
    expect(IsoDate.parse(date)).toBe(date);
  });

  const impossible = ['2011-02-30', '2011-02-29', '1900-02-29', '2011-04-31', '2011-13-01', '2011-7-1', ''];
  it.each(impossible)('rejects "%s" as not a real YYYY-MM-DD date', (date) => {
    expectRejected(IsoDate, date, [], /^expected a real calendar date as YYYY-MM-DD$/);
  });

  it('rejects a number', () => {
    expectRejected(IsoDate, 20110701, [], /expected string, received number/);
  });
});

describe('OrgRef and LocalId', () => {
  it.each(['eli', 'NL-KVK-27378529', 'sz.drc', 'G1-C1', 'K1', 'a'.repeat(64)])('accepts the id %s', (id) => {
    expect(OrgRef.parse(id)).toBe(id);
    expect(LocalId.parse(id)).toBe(id);
  });

  it.each(['-eli', '_x', 'el i', 'eli/nl', 'ü'])('rejects the id "%s"', (id) => {
    expectRejected(OrgRef, id, [], /letters, digits, '\.', '_' or '-', starting with a letter or digit/);
  });

  it('checks the length before the pattern', () => {
    expect(OrgRef.safeParse(`${'a'.repeat(64)} !`).error?.issues.map((issue) => issue.message)).toEqual([
      'expected a participant id of at most 64 characters',
    ]);
  });

  it('rejects an empty id', () => {
    expectRejected(LocalId, '', [], /expected a local id, got an empty string/);
  });
});

describe('EventId', () => {
  it('accepts a nanoid', () => {
    expect(EventId.parse('V1StGXR8_Z5jdHi6B-myT')).toBe('V1StGXR8_Z5jdHi6B-myT');
  });

  it('rejects a dot, which participant ids allow', () => {
    expectRejected(EventId, 'evt.1', [], /event id of letters, digits, '_' or '-'/);
  });

  it('rejects more than 64 characters', () => {
    expectRejected(EventId, 'e'.repeat(65), [], /at most 64 characters/);
  });
});

describe('Text and ShortText', () => {
  it('trims the text', () => {
    expect(Text.parse('  Go with conditions  ')).toBe('Go with conditions');
  });

  it('rejects blank text', () => {
    expectRejected(Text, ' \n ', [], /non-empty text/);
  });

  it('limits text to 2000 and short text to 200 characters', () => {
    expect(Text.safeParse('x'.repeat(2000)).success).toBe(true);
    expectRejected(Text, 'x'.repeat(2001), [], /at most 2000 characters/);
    expect(ShortText.safeParse('x'.repeat(200)).success).toBe(true);
    expectRejected(ShortText, 'x'.repeat(201), [], /at most 200 characters/);
  });
});

describe('Money, Person and the codelists', () => {
  it('accepts zero and rejects NaN', () => {
    expect(Money.parse({ amount: 0, currency: 'CNY' })).toEqual({ amount: 0, currency: 'CNY' });
    expectRejected(Money, { amount: Number.NaN, currency: 'EUR' }, ['amount'], /expected number/);
  });

  it('accepts a person without a name and rejects an unknown field', () => {
    expect(Person.safeParse({ title: 'Vice-mayor', orgId: 'sz-gov' }).success).toBe(true);
    const issue = Person.safeParse({ title: 'Vice-mayor', orgId: 'sz-gov', rank: 'vice-minister' }).error?.issues[0];
    expect(issue?.message).toBe('unexpected field "rank": expected only name, title, orgId');
  });

  it('takes the IATI codes from the IATI 2.03 codelists', () => {
    for (const code of [10, 11, 15, 21, 22, 23, 24, 30, 40, 60, 70, 71, 72, 73, 80, 90])
      expect(OrgTypeCode.safeParse(code).success).toBe(true);
    expect([0, 1, 2, 3, 4, 5].filter((code) => IatiRole.safeParse(code).success)).toEqual([1, 2, 3, 4]);
    expect(['NL', 'CN', 'nl', 'DE'].filter((side) => Side.safeParse(side).success)).toEqual(['NL', 'CN']);
    for (const code of ['A01', 'A07', 'A08', 'A09', 'A12', 'B01', 'B13'])
      expect(DocumentCategoryCode.safeParse(code).success).toBe(true);
    expect(CurrencyCode.safeParse('USD').success).toBe(true);
    expect(SectorCode.safeParse('23183').success).toBe(true);
    expect(LanguageCode.safeParse('zh').success).toBe(true);
  });

  it.each([
    ['DocumentCategory', DocumentCategoryCode, 'A13'],
    ['OrganisationType', OrgTypeCode, 12],
    ['Currency', CurrencyCode, 'RMB'],
    ['Sector', SectorCode, '43039'],
    ['Language', LanguageCode, 'zh-Hans'],
  ] as const)('rejects a code outside the IATI %s codelist, naming the list', (list, schema, code) => {
    expectRejected(
      schema,
      code,
      [],
      new RegExp(`${JSON.stringify(String(code))} is not a code of the IATI ${list} codelist`),
    );
  });

  it('says which list a code is in when the workflow does not record it', () => {
    expectRejected(IatiRole, 5, [], /"5" is not a code of the IATI OrganisationRole codelist/);
  });
});

describe('refinement helpers', () => {
  const Period = refineDateOrder(strictObject({ from: IsoDate, to: IsoDate, note: z.string() }), 'from', 'to');

  it('accepts a start on the end date', () => {
    expect(Period.safeParse({ from: '2012-01-01', to: '2012-01-01', note: '' }).success).toBe(true);
  });

  it('puts an end before its start on the end field, naming the start', () => {
    const issues = Period.safeParse({ from: '2012-01-02', to: '2012-01-01', note: '' }).error?.issues;
    expect(issues).toEqual([
      expect.objectContaining({ path: ['to'], message: 'must be on or after from (2012-01-02)' }),
    ]);
  });

  it('skips the order check when a date itself is invalid', () => {
    const issues = Period.safeParse({ from: '2012-01-02', to: '2012-02-30', note: '' }).error?.issues;
    expect(issues?.map((issue) => issue.path)).toEqual([['to']]);
  });

  it('names each repeated key at its own index', () => {
    const Ids = z.array(z.string()).superRefine(refineDistinct<string>('id'));
    const issues = Ids.safeParse(['a', 'b', 'a', 'b']).error?.issues;
    expect(issues?.map((issue) => [issue.path, issue.message])).toEqual([
      [[2], 'duplicate id "a": each may appear only once'],
      [[3], 'duplicate id "b": each may appear only once'],
    ]);
  });
});
