import type { Dossier } from './buildDossier.ts';
import { inertJson } from './escape.ts';

/**
 * Returns the dossier as JSON (format `phasegate-dossier/1`), pretty-printed. Strings keep their content; `<`, `>`,
 * `&`, U+2028 and U+2029 are written as `\u` escapes so the text stays inert even when pasted into HTML or a script.
 */
export function renderDossierJson(dossier: Dossier): string {
  return `${inertJson(dossier, 2)}\n`;
}
