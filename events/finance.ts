import { exactly, type Schema } from './schema.ts';
import { IsoDate, LocalId, Money, OrgRef, refineDateOrder, strictObject, whenFieldsParsed } from './common.ts';
import { supportedNumericCode } from './codes.ts';

/** Returns the last day a budget period starting on `start` may end on: start + 1 year - 1 day (IATI 7.5.3). */
function lastDayOfYearFrom(start: string): string {
  const [year, month, day] = start.split('-').map(Number) as [number, number, number];
  if (year >= 9999) return '9999-12-31';
  // setUTCFullYear rolls 29 February into 1 March of a non-leap year, so 2012-02-29 may run to 2013-02-28;
  // unlike Date.UTC it does not map years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year + 1, month - 1, day - 1);
  return date.toISOString().slice(0, 10);
}

/** Records a planned budget line of at most one year, original or revised, indicative or committed. */
export const BudgetLinePlannedData: Schema<BudgetLinePlannedData> = exactly<BudgetLinePlannedData>()(
  refineDateOrder(
    strictObject({
      lineId: LocalId,
      periodStart: IsoDate,
      periodEnd: IsoDate,
      amount: Money,
      type: supportedNumericCode('BudgetType', [1, 2]),
      status: supportedNumericCode('BudgetStatus', [1, 2]),
    }),
    'periodStart',
    'periodEnd',
  ).superRefine(
    (line, ctx) => {
      const lastDay = lastDayOfYearFrom(line.periodStart);
      if (line.periodEnd > lastDay) {
        ctx.addIssue({
          code: 'custom',
          path: ['periodEnd'],
          message: `a budget period is at most one year (IATI 7.5.3): expected ${lastDay} or earlier, got ${line.periodEnd}`,
          input: line.periodEnd,
        });
      }
    },
    { when: whenFieldsParsed(['periodStart', 'periodEnd']) },
  ),
);
export type BudgetLinePlannedData = {
  lineId: string;
  periodStart: string;
  periodEnd: string;
  amount: Money;
  type: 1 | 2;
  status: 1 | 2;
};

/** Records an IATI financial transaction (incoming funds or commitment, commitment, disbursement, expenditure). */
export const FinancialTransactionRecordedData: Schema<FinancialTransactionRecordedData> =
  exactly<FinancialTransactionRecordedData>()(
    strictObject({
      txId: LocalId,
      iatiType: supportedNumericCode('TransactionType', [1, 11, 2, 3, 4]),
      date: IsoDate,
      value: Money,
      providerOrgId: OrgRef,
      receiverOrgId: OrgRef,
    }),
  );
export type FinancialTransactionRecordedData = {
  txId: string;
  iatiType: 1 | 2 | 3 | 4 | 11;
  date: string;
  value: Money;
  providerOrgId: string;
  receiverOrgId: string;
};
