import { describe, expect, it } from 'vitest';
import { BudgetLinePlannedData, FinancialTransactionRecordedData } from '../../events/index.ts';
import { describeRejections, expectAccepted, expectRejected } from './assertions.ts';
import { seedOf } from './samplePayloads.ts';

describe('finance events', () => {
  it.each([
    ['BudgetLinePlanned', BudgetLinePlannedData],
    ['FinancialTransactionRecorded', FinancialTransactionRecordedData],
  ] as const)('accepts the seed payload of %s', (type, schema) => {
    expectAccepted(schema, seedOf(type));
  });

  it('accepts the half-year 2011 line of the seed (#4)', () => {
    expectAccepted(BudgetLinePlannedData, {
      lineId: 'budget-2011',
      periodStart: '2011-07-01',
      periodEnd: '2011-12-31',
      amount: { amount: 60_000, currency: 'EUR' },
      type: 1,
      status: 2,
    });
  });

  describeRejections('BudgetLinePlanned', BudgetLinePlannedData, seedOf('BudgetLinePlanned'), {
    required: 'amount',
    wrongType: ['status', 3, /"3" is not a code of the IATI BudgetStatus codelist/],
    date: 'periodStart',
    order: ['periodStart', 'periodEnd'],
  });
  describeRejections(
    'FinancialTransactionRecorded',
    FinancialTransactionRecordedData,
    seedOf('FinancialTransactionRecorded'),
    {
      required: 'receiverOrgId',
      wrongType: [
        'iatiType',
        5,
        /"5" \(Interest Payment\) is an IATI TransactionType code this workflow does not record; expected 1, 11, 2, 3, 4/,
      ],
      date: 'date',
    },
  );

  describe('the one-year budget period (IATI 7.5.3)', () => {
    const line = seedOf('BudgetLinePlanned');

    it('accepts a period of exactly one year that does not start on 1 January', () => {
      expectAccepted(BudgetLinePlannedData, { ...line, periodStart: '2011-07-01', periodEnd: '2012-06-30' });
    });

    it('rejects a period one day longer than a year', () => {
      expectRejected(
        BudgetLinePlannedData,
        { ...line, periodStart: '2011-07-01', periodEnd: '2012-07-01' },
        ['periodEnd'],
        /^a budget period is at most one year \(IATI 7\.5\.3\): expected 2012-06-30 or earlier, got 2012-07-01$/,
      );
    });

    it('rejects the whole programme budget in one line', () => {
      expectRejected(
        BudgetLinePlannedData,
        { ...line, periodStart: '2011-07-01', periodEnd: '2012-12-31' },
        ['periodEnd'],
        /at most one year/,
      );
    });

    it('ends a period starting on 29 February no later than 28 February', () => {
      expectAccepted(BudgetLinePlannedData, { ...line, periodStart: '2012-02-29', periodEnd: '2013-02-28' });
      expectRejected(
        BudgetLinePlannedData,
        { ...line, periodStart: '2012-02-29', periodEnd: '2013-03-01' },
        ['periodEnd'],
        /expected 2013-02-28 or earlier/,
      );
    });

    it('counts the leap day inside a period', () => {
      expectAccepted(BudgetLinePlannedData, { ...line, periodStart: '2011-03-01', periodEnd: '2012-02-29' });
      expectRejected(
        BudgetLinePlannedData,
        { ...line, periodStart: '2011-03-01', periodEnd: '2012-03-01' },
        ['periodEnd'],
        /expected 2012-02-29 or earlier/,
      );
    });

    it('reports only the order when the end precedes the start', () => {
      const issues = BudgetLinePlannedData.safeParse({ ...line, periodEnd: '2011-12-31' }).error?.issues ?? [];
      expect(issues.map((issue) => issue.message)).toEqual(['must be on or after periodStart (2012-01-01)']);
    });
  });

  it('rejects a negative or infinite amount', () => {
    const tx = seedOf('FinancialTransactionRecorded');
    expectRejected(
      FinancialTransactionRecordedData,
      { ...tx, value: { amount: -5, currency: 'EUR' } },
      ['value', 'amount'],
      /amount of 0 or more/,
    );
    expectRejected(
      FinancialTransactionRecordedData,
      { ...tx, value: { amount: Infinity, currency: 'EUR' } },
      ['value', 'amount'],
      /expected number/,
    );
  });

  it('rejects a currency that is not in the IATI Currency codelist, naming it', () => {
    const tx = { ...seedOf('FinancialTransactionRecorded'), value: { amount: 1, currency: 'RMB' } };
    expectRejected(
      FinancialTransactionRecordedData,
      tx,
      ['value', 'currency'],
      /"RMB" is not a code of the IATI Currency codelist/,
    );
  });

  it('rejects a transaction type outside the IATI TransactionType codelist, naming it', () => {
    const tx = { ...seedOf('FinancialTransactionRecorded'), iatiType: 14 };
    expectRejected(
      FinancialTransactionRecordedData,
      tx,
      ['iatiType'],
      /"14" is not a code of the IATI TransactionType codelist/,
    );
  });

  it('accepts a committed line in CNY', () => {
    expectAccepted(BudgetLinePlannedData, {
      ...seedOf('BudgetLinePlanned'),
      amount: { amount: 400_000, currency: 'CNY' },
    });
  });
});
