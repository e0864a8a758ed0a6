import type { ReportCell, ReportSection } from '../../workflow/report.ts';
import type { Dossier } from './buildDossier.ts';
import { cellText, escapeHtml } from './escape.ts';
import { eventIndexTable, findingsTable, refusalsTable, type DossierTable } from './tables.ts';

const h = (value: ReportCell | undefined): string =>
  typeof value === 'number'
    ? value.toLocaleString('en', { maximumFractionDigits: 2 })
    : escapeHtml(cellText(value ?? null));

const style = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;font-size:12.5px}th,td{border:1px solid #d0d7de;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td{overflow-wrap:break-word;word-break:normal;hyphens:manual}td.num{text-align:right;white-space:nowrap}
.hash td:last-child{font-family:ui-monospace,monospace;word-break:break-all;font-size:11px}
.verdict{padding:.8rem 1rem;border-radius:6px}.intact{background:#dafbe1;border:1px solid #4ac26b}.broken{background:#ffebe9;border:1px solid #ff8182}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}.meta{color:#57606a}
details>summary{cursor:pointer;font-weight:600;margin-top:2rem}
@media print{
 body{font-size:10pt;margin:0;max-width:none;padding:0;color:#000}
 h2{break-after:avoid;page-break-after:avoid}tr,dt,dd,li{break-inside:avoid;page-break-inside:avoid}
 thead{display:table-header-group}th{background:none}table{font-size:8.5pt}
 .verdict{border:1px solid #000;background:none}section{break-inside:auto}
 a{color:#000;text-decoration:none}
}`;

/**
 * Returns the dossier as one self-contained HTML file, in the order people read it (the programme and its status,
 * decisions, finance, results, documents, participants, the timeline, refusals, integrity, and the event index in a
 * collapsed appendix), with a print stylesheet: inline style, no script, no external resource, and a content security
 * policy that forbids both. Every payload string is escaped for its context and shown inert.
 */
export function renderDossierHtml(dossier: Dossier): string {
  const intact = dossier.integrity.verdict === 'intact';
  const body: string[] = [
    `<header><h1>Dossier: ${h(dossier.title)}</h1>`,
    `<p class="meta">Stream ${h(dossier.stream)}, read from ${h(dossier.source)}, generated ${h(dossier.generatedAt)}. ` +
      `Integrity: ${intact ? 'intact' : '<strong>NOT intact</strong>'} (see the end).</p></header>`,
    '<main>',
  ];
  if (dossier.identity.length > 0)
    body.push(
      facts(
        'Programme',
        dossier.identity.map((f) => [f.label, f.value]),
      ),
    );
  for (const section of dossier.sections) body.push(renderSection(section));
  body.push(table(refusalsTable(dossier)));
  body.push(
    `<section class="verdict ${intact ? 'intact' : 'broken'}"><h2>Integrity</h2><ul>`,
    ...dossier.integrity.summary.map((line) => `<li>${h(line)}</li>`),
    '</ul></section>',
  );
  if (dossier.versions.length > 0)
    body.push(
      facts(
        'Workflow versions',
        dossier.versions.map((v) => [v.workflow, `seq ${v.fromSeq} to ${v.toSeq}`]),
      ),
    );
  body.push(table(findingsTable(dossier)));
  const index = eventIndexTable(dossier);
  body.push(
    `<details class="hash"><summary>${h(index.title)} (${index.rows.length} events, with their hashes)</summary>${table(index, false)}</details>`,
  );
  body.push('</main>');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Dossier: ${h(dossier.title)}</title>`,
    `<style>${style}</style></head><body>`,
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

function renderSection(section: ReportSection): string {
  switch (section.kind) {
    case 'facts':
      return facts(
        section.title,
        section.facts.filter((f) => f.value !== null).map((f) => [f.label, f.value]),
      );
    case 'text':
      return `<section><h2>${h(section.title)}</h2>${section.paragraphs.map((p) => `<p>${h(p)}</p>`).join('')}</section>`;
    case 'table':
      return table(section);
  }
}

function facts(title: string, rows: ReadonlyArray<readonly [string, ReportCell]>): string {
  return `<section><h2>${h(title)}</h2><dl>${rows.map(([label, value]) => `<dt>${h(label)}</dt><dd>${h(value)}</dd>`).join('')}</dl></section>`;
}

function table(t: Pick<DossierTable, 'title' | 'columns' | 'rows' | 'empty'>, heading = true): string {
  const title = heading ? `<h2>${h(t.title)}</h2>` : '';
  if (t.rows.length === 0) return `<section>${title}<p>${h(t.empty ?? 'None.')}</p></section>`;
  const head = `<thead><tr>${t.columns.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead>`;
  const cell = (value: ReportCell | undefined) =>
    `<td${typeof value === 'number' ? ' class="num"' : ''}>${h(value)}</td>`;
  const rows = t.rows.map((row) => `<tr>${t.columns.map((_, i) => cell(row[i])).join('')}</tr>`).join('\n');
  return `<section>${title}<table>${head}<tbody>\n${rows}\n</tbody></table></section>`;
}
