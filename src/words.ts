/**
 * Returns a count with its noun in agreement: `1 stream`, `2 streams`, `0 findings` (README, "Command line": counts
 * agree in number). `plural` is for a noun that does not just take an -s.
 * @example counted(1, 'stream') // '1 stream'
 */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? noun : plural}`;
}
