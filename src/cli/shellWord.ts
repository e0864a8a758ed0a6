/**
 * Returns a word as a POSIX shell reads it back unchanged: as it is when it holds only safe characters, else in
 * single quotes. For the commands phasegate suggests in its messages (README, "Command line").
 * @example shellWord('lcz.db') // 'lcz.db'; shellWord("my store.db") // "'my store.db'"
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
