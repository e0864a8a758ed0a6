/**
 * Returns a count with its noun in agreement: `1 stream`, `2 streams`, `0 findings` (README, "Command line": counts
 * agree in number). `plural` is for a noun that does not just take an -s.
 * @example counted(1, 'stream') // '1 stream'
 */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${grouped(count)} ${count === 1 ? noun : plural}`;
}

/**
 * Returns a number as `toLocaleString('en')` writes it (`12,345`). A safe integer is grouped here: the first
 * `toLocaleString` of a process loads ICU's number formats (about 12 ms of CPU), which a command that only prints a
 * count (verify) would pay for one line of output.
 * @example grouped(1234567) // '1,234,567'
 */
export function grouped(count: number): string {
  if (!Number.isSafeInteger(count) || Object.is(count, -0)) return count.toLocaleString('en');
  const digits = String(Math.abs(count));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return count < 0 ? `-${out}` : out;
}
