/**
 * The one module that does arithmetic on money (README, "Finance"): amounts are summed as whole minor units (cents)
 * so that 0.1 + 0.2 is 0.3, and shown with their currency and grouping. A change in how payloads carry amounts
 * changes this file only.
 */

/** An amount in minor units (1/100 of the currency unit), a whole number. */
export type Minor = number;

/** Returns a payload amount (major units, e.g. 150000 or 1234.5) in minor units. */
export function toMinor(amount: number): Minor {
  return Math.round(amount * 100);
}

/** Returns the sum of amounts in minor units. */
export function sum(amounts: Iterable<Minor>): Minor {
  let total = 0;
  for (const amount of amounts) total += amount;
  return total;
}

/** Returns an amount in major units as a number (150000, 1234.5), for JSON and CSV. */
export function toMajor(amount: Minor): number {
  return amount / 100;
}

/** Returns an amount as IATI writes a value: digits, a point and two decimals only when there are cents. */
export function iatiValue(amount: Minor): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  return cents === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(cents).padStart(2, '0')}`;
}

/** Returns an amount with grouping, and cents only when there are any: `150,000`, `1,234.50`. */
export function grouped(amount: Minor): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = abs % 100;
  return cents === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(cents).padStart(2, '0')}`;
}

/** Returns an amount with its currency: `EUR 150,000`. */
export function money(currency: string | null, amount: Minor): string {
  return currency === null ? grouped(amount) : `${currency} ${grouped(amount)}`;
}
