import { cellText, showControls } from '../audit/dossier/escape.ts';
export { csvTable } from '../audit/dossier/csv.ts';
import type { ReportCell } from '../workflow/report.ts';

/** Returns a cell as a terminal shows it: numbers grouped (150,000), nothing as empty, text with controls shown. */
function shown(cell: ReportCell): string {
  if (typeof cell === 'number') return cell.toLocaleString('en', { maximumFractionDigits: 2 });
  return cell === null ? '' : showControls(String(cell));
}

/** Returns rows as an aligned text table with a header line (numbers right-aligned). */
export function textTable(columns: readonly string[], rows: ReadonlyArray<readonly ReportCell[]>): string {
  const cells = rows.map((row) => row.map(shown));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[], numeric: readonly boolean[]) =>
    row
      .map((text, i) => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(
      columns,
      columns.map(() => false),
    ),
    ...cells.map((row, r) =>
      line(
        row,
        rows[r]!.map((cell) => typeof cell === 'number'),
      ),
    ),
  ]
    .map((l) => `${l}\n`)
    .join('');
}

/** Returns a column name as a JSON key: `IATI status` → `iatiStatus`, `Target date` → `targetDate`. */
export function jsonKey(column: string): string {
  const words = column.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  return words
    .map((w, i) =>
      i === 0
        ? w === w.toUpperCase()
          ? w.toLowerCase()
          : w[0]!.toLowerCase() + w.slice(1)
        : w[0]!.toUpperCase() + w.slice(1).toLowerCase(),
    )
    .join('');
}

export { cellText };
