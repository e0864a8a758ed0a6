import type { ReportCell } from '../../workflow/report.ts';
import { defuseFormula } from './escape.ts';
import type { Dossier } from './buildDossier.ts';
import { eventIndexTable, findingsTable, refusalsTable } from './tables.ts';

/**
 * Returns rows as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks quoted),
 * every text cell defused for spreadsheets (a leading `=`, `+`, `-` or `@` gets a `'`); numbers stay numbers.
 */
export function csvTable(columns: readonly string[], rows: ReadonlyArray<readonly ReportCell[]>): string {
  const field = (cell: ReportCell | undefined): string => {
    if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
    const text = cell === null || cell === undefined ? '' : defuseFormula(String(cell));
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns, ...rows].map((row) => `${columns.map((_, i) => field(row[i])).join(',')}\r\n`).join('');
}

/** Returns a title as a file name part: lower case, words joined by hyphens. */
function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'table'
  );
}

/**
 * Returns every table of the dossier as a CSV file (RFC 4180, text cells defused for spreadsheets), named
 * `NN-title.csv` in the dossier's order: the workflow's tables, refusals, replay findings, the event index.
 */
export function dossierCsvFiles(dossier: Dossier): Array<{ readonly name: string; readonly text: string }> {
  const tables = [
    ...dossier.sections.filter((s) => s.kind === 'table'),
    refusalsTable(dossier),
    findingsTable(dossier),
    eventIndexTable(dossier),
  ];
  return tables.map((t, i) => ({
    name: `${String(i + 1).padStart(2, '0')}-${slug(t.title)}.csv`,
    text: csvTable(t.columns, t.rows),
  }));
}
