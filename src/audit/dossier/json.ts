import type { Dossier } from './buildDossier.ts';

/**
 * Returns the dossier as JSON (format `phasegate-dossier/1`), pretty-printed. Strings keep their content; `<`, `>`,
 * `&`, U+2028 and U+2029 are written as `\u` escapes so the text stays inert even when pasted into HTML or a script.
 */
export function renderDossierJson(dossier: Dossier): string {
  return `${JSON.stringify(dossier, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
