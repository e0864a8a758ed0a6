/**
 * The one escaper of text shown to people (README "Guarantees": text from a log or from input is inert wherever it is
 * printed): the terminal (every CLI command's output and error messages), the dossier and the programme page.
 * Escape on output, never when storing.
 */

// C0 and C1 controls (tab, line feed and carriage return included: a printed value is one line), DEL, the bidi marks,
// embeddings, overrides and isolates (U+061C, U+200E/F, U+202A-E, U+2066-9), the Unicode line and paragraph
// separators (U+2028/9) and the byte-order mark (U+FEFF).
// eslint-disable-next-line no-control-regex
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Returns text with every control, bidi and separator character shown as a visible `\uXXXX` escape, so that a value
 * can neither break a line (and forge one, such as `phasegate: ...`), nor reorder or hide what is around it.
 */
export function showControls(text: string): string {
  return text.replace(unsafe, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Returns a message of several lines for a terminal: each line shown with {@link showControls}. A message keeps its
 * own structure only where it is phasegate's: a line that starts with `usage: phasegate ` or is indented (a list the
 * message gives); any other line break is one a value brought in, and is shown as `\u000a` like any control.
 */
export function showMessage(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const [index, line] of lines.entries()) {
    const own = index > 0 && (line.startsWith('usage: phasegate ') || line.startsWith('  '));
    if (index === 0 || own) out.push(showControls(line));
    else out[out.length - 1] += `\\u000a${showControls(line)}`;
  }
  return out.join('\n');
}
