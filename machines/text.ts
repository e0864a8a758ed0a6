/** Returns items as people read them in a refusal or report: `a, b, c`. */
export function list(items: readonly string[]): string {
  return items.join(', ');
}
