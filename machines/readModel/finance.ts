import { codeName } from '../../src/iati/codelists.ts';
import type { BudgetLine, ProgrammeView, Transaction } from './model.ts';
import { sum, type Minor } from './money.ts';

/** The amounts finance reports, by IATI meaning. */
export type FinanceFigures = {
  readonly budgetOriginal: Minor;
  readonly budgetRevised: Minor;
  /** The budget in force: per period the revised lines where there are any, else the original ones. */
  readonly budget: Minor;
  readonly incomingCommitments: Minor;
  readonly incomingFunds: Minor;
  readonly outgoingCommitments: Minor;
  readonly disbursements: Minor;
  readonly expenditure: Minor;
  /** Budget less outgoing commitments. */
  readonly uncommitted: Minor;
  /** Budget less disbursements and expenditure: what is left. */
  readonly left: Minor;
};

/** One row of the finance table: a year and a budget line (or the transactions no line covers). */
export type FinanceRow = FinanceFigures & { readonly year: string; readonly line: string };

/** The IATI transaction types finance counts, in the order it shows them. */
export const transactionTypes = [11, 1, 2, 3, 4] as const;

const field = {
  11: 'incomingCommitments',
  1: 'incomingFunds',
  2: 'outgoingCommitments',
  3: 'disbursements',
  4: 'expenditure',
} as const;

/** Returns the name IATI gives a transaction type (TransactionType codelist): 11 "Incoming Commitment". */
export function transactionTypeName(type: number): string {
  return codeName('TransactionType', type);
}

/** Returns the budget line in force on `date`: the last recorded revised line covering it, else the last original one. */
export function lineInForce(lines: readonly BudgetLine[], date: string): BudgetLine | null {
  const covering = lines.filter((l) => l.periodStart <= date && date <= l.periodEnd);
  return covering.filter((l) => l.type === 2).at(-1) ?? covering.filter((l) => l.type === 1).at(-1) ?? null;
}

function figures(
  lines: readonly BudgetLine[],
  transactions: readonly Transaction[],
  allLines: readonly BudgetLine[],
): FinanceFigures {
  const budgetOriginal = sum(lines.filter((l) => l.type === 1).map((l) => l.amount));
  const budgetRevised = sum(lines.filter((l) => l.type === 2).map((l) => l.amount));
  // a revised line replaces the original lines whose periods it overlaps
  const inForce = lines.filter(
    (l) =>
      l.type === 2 ||
      !allLines.some((r) => r.type === 2 && r.periodStart <= l.periodEnd && l.periodStart <= r.periodEnd),
  );
  const budget = sum(inForce.map((l) => l.amount));
  const by = { incomingCommitments: 0, incomingFunds: 0, outgoingCommitments: 0, disbursements: 0, expenditure: 0 };
  for (const t of transactions) by[field[t.type]] += t.amount;
  return {
    budgetOriginal,
    budgetRevised,
    budget,
    ...by,
    uncommitted: budget - by.outgoingCommitments,
    left: budget - by.disbursements - by.expenditure,
  };
}

/** Returns the programme's totals: budget vs committed vs disbursed vs spent, and what is left. */
export function financeTotals(view: ProgrammeView): FinanceFigures {
  return figures(view.budgetLines, view.transactions, view.budgetLines);
}

/**
 * Returns the finance table per calendar year and budget line (the line's period start year; a transaction counts
 * for the line in force on its date, or for "no budget line" of its year), years in order.
 */
export function financeRows(view: ProgrammeView): FinanceRow[] {
  const rows: FinanceRow[] = [];
  const byLine = new Map<string, Transaction[]>();
  const unplanned = new Map<string, Transaction[]>();
  for (const t of view.transactions) {
    const line = lineInForce(view.budgetLines, t.date);
    if (line) byLine.set(line.lineId, [...(byLine.get(line.lineId) ?? []), t]);
    else unplanned.set(t.date.slice(0, 4), [...(unplanned.get(t.date.slice(0, 4)) ?? []), t]);
  }
  const years = [...new Set([...view.budgetLines.map((l) => l.periodStart.slice(0, 4)), ...unplanned.keys()])].sort();
  for (const year of years) {
    for (const line of view.budgetLines.filter((l) => l.periodStart.slice(0, 4) === year)) {
      const label = `${line.lineId} (${line.periodStart} to ${line.periodEnd}, ${line.type === 1 ? 'original' : 'revised'}, ${codeName('BudgetStatus', line.status).toLowerCase()})`;
      rows.push({ year, line: label, ...figures([line], byLine.get(line.lineId) ?? [], view.budgetLines) });
    }
    const loose = unplanned.get(year);
    if (loose) rows.push({ year, line: 'no budget line', ...figures([], loose, view.budgetLines) });
  }
  return rows;
}
