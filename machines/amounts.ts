import type { ProgrammeContext } from './context.ts';
import type { Args } from './rules.ts';

/**
 * The largest amount programme@3 records, and the largest total of amounts of one kind (budget lines, incoming
 * commitments, outgoing commitments, disbursements and expenditure): 10^13 currency units (README, "Facts the domain
 * refuses"). Amounts have at most two decimals. Below this bound every amount and every sum is exact as a whole
 * number of minor units (at most 10^15, under 2^53), so a cached snapshot plus the tail always equals the replay.
 */
export const maxAmount = 10_000_000_000_000;

/** Returns an amount in whole minor units (cents), or null when it has more than two decimals or is not finite. */
export function minorOf(amount: number): number | null {
  const minor = Math.round(amount * 100);
  return Number.isSafeInteger(minor) && minor / 100 === amount ? minor : null;
}

/**
 * Returns the sum of amounts, exact to the cent when each is (the sum of their minor units, as the nearest number
 * to the decimal); otherwise the plain floating-point sum, as programme@1 and @2 always add.
 */
export function addAmounts(a: number, b: number): number {
  const x = minorOf(a);
  const y = minorOf(b);
  return x === null || y === null || !Number.isSafeInteger(x + y) ? a + b : (x + y) / 100;
}

/**
 * True when `a + b` is more than `limit`, compared in minor units when all three are exact to the cent (so 0.1 + 0.2
 * is not over 0.3); otherwise as floating-point numbers. A sum that was accepted before is accepted still: only a
 * refusal caused by rounding is gone, so every stored log replays as before.
 */
export function sumExceeds(a: number, b: number, limit: number): boolean {
  const [x, y, z] = [minorOf(a), minorOf(b), minorOf(limit)];
  return x === null || y === null || z === null ? a + b > limit : x + y > z;
}

const grouped = (amount: number) => amount.toLocaleString('en-US', { maximumFractionDigits: 2 });
// Written out, not grouped(maxAmount): the first toLocaleString loads ICU's number formats (15-45 ms of CPU), which
// loading the workflows (every command, every replay worker) would otherwise pay for a message it rarely prints.
const overTheMaximum = 'over the maximum of 10,000,000,000,000 (10^13) a programme records';

/** Returns why one amount cannot be recorded under programme@3, or null. */
function amountProblem(field: string, amount: number): string | null {
  if (amount > maxAmount) return `${field} ${grouped(amount)} is ${overTheMaximum}`;
  if (minorOf(amount) === null) {
    return `${field} ${amount} has more than two decimals; amounts are recorded exact to the cent`;
  }
  return null;
}

/** Returns why a total would be over the bound, or null. */
function totalProblem(what: string, total: number, amount: number): string | null {
  const sum = addAmounts(total, amount);
  return sum > maxAmount ? `${what} would total ${grouped(sum)}, ${overTheMaximum}` : null;
}

/** The transaction kinds programme@3 keeps a total of, by IATI transaction type. */
function totalOf(c: ProgrammeContext, iatiType: number): { readonly what: string; readonly total: number } | null {
  if (iatiType === 2) return { what: 'commitments', total: c.finance.committed };
  if (iatiType === 11) return { what: 'incoming commitments', total: c.finance.incoming };
  if (iatiType === 3 || iatiType === 4) return { what: 'disbursements and expenditure', total: c.finance.paid };
  return null;
}

/** The rule programme@3 adds to money: amounts exact to the cent and bounded, and so are their totals. */
export const amountRules = {
  exactAmounts: ({ context: c, event: e }: Args): string | null => {
    switch (e.type) {
      case 'ProgrammeRegistered':
        return amountProblem('budgetTotal', e.data.budgetTotal.amount);
      case 'BudgetLinePlanned': {
        const planned = Object.values(c.budgetLines).reduce(addAmounts, 0);
        const amount = e.data.amount.amount;
        return amountProblem('amount', amount) ?? totalProblem('budget lines', planned, amount);
      }
      case 'FinancialTransactionRecorded': {
        const kind = totalOf(c, e.data.iatiType);
        const amount = e.data.value.amount;
        return amountProblem('value', amount) ?? (kind === null ? null : totalProblem(kind.what, kind.total, amount));
      }
      default:
        return null;
    }
  },
};
