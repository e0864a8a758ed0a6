/**
 * Making payload text inert in reports (README, "Auditing a log"): escape on output, never when storing. The one set of
 * escapes the dossier and the programme page share.
 * Control characters, bidi overrides and line separators become visible `\uXXXX` escapes (the one escaper every
 * printed text goes through, `showControls`); spreadsheet formulas are
 * defused; HTML and Markdown metacharacters are escaped for their context.
 */

/** The one escaper of control, bidi and separator characters (`src/controls.ts`), re-exported for the reports. */
export { showControls } from '../../controls.ts';
import { showControls } from '../../controls.ts';

/**
 * Returns a cell's text defused for spreadsheets (CWE-1236): text starting with `=`, `+`, `-`, `@`, tab or carriage
 * return gets a leading `'`, so a report pasted or imported into a spreadsheet never runs a formula.
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Returns JSON that stays inert wherever it is pasted: `<`, `>`, `&`, U+2028 and U+2029 written as `\u` escapes, so
 * it can neither end a `<script>` element it sits in nor open a comment or tag. `indent` as for JSON.stringify.
 */
export function inertJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Returns text safe in HTML text and in double- or single-quoted attribute values (the page's and the dossier's). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Returns text that Markdown shows as written, with no HTML entity in it: `&` is backslash-escaped only where it would
 * start an entity (`&amp;`, `&#60;`) and `<` only where it would start a tag or autolink, so `EL&I` stays `EL&I`;
 * the characters that make emphasis, links, code and table cells are backslash-escaped, and so is a leading
 * character that would start a heading, a list or a quote (CommonMark: any ASCII punctuation may be escaped).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/^[#+\-=>]/, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Returns a report value as one line of inert text: controls shown, formulas defused. */
export function cellText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return defuseFormula(showControls(value));
}
