import type { ReportCell, ReportSection } from '../../workflow/report.ts';
import type { Dossier } from './buildDossier.ts';
import { eventIndexTable, findingsTable, refusalsTable, type DossierTable } from './tables.ts';
import { cellText, escapeMarkdown } from './escape.ts';

const md = (value: ReportCell | undefined): string =>
  typeof value === 'number'
    ? value.toLocaleString('en', { maximumFractionDigits: 2 })
    : escapeMarkdown(cellText(value ?? null));

/**
 * Returns the dossier as Markdown, in the order people read it: the programme and its status, the workflow's
 * sections (decisions, finance, results, documents, participants, timeline), refusals, the integrity verdict, and the
 * event index as an appendix. Every payload string is shown inert: escaped, controls visible, formulas defused, and
 * no HTML entity.
 */
export function renderDossierMarkdown(dossier: Dossier): string {
  const out: string[] = [];
  out.push(`# Dossier: ${md(dossier.title)}`, '');
  out.push(
    `Stream ${md(dossier.stream)}, read from ${md(dossier.source)}, generated ${md(dossier.generatedAt)}. ` +
      `Integrity: ${dossier.integrity.verdict === 'intact' ? 'intact' : '**NOT intact**'} (see the end).`,
    '',
  );
  if (dossier.identity.length > 0) {
    out.push('## Programme', '');
    for (const fact of dossier.identity) out.push(`- **${md(fact.label)}**: ${md(fact.value)}`);
    out.push('');
  }
  for (const section of dossier.sections) out.push(...renderSection(section));
  out.push(...renderTable(refusalsTable(dossier)));
  out.push('## Integrity', '');
  for (const line of dossier.integrity.summary) out.push(`- ${md(line)}`);
  out.push('');
  if (dossier.versions.length > 0) {
    out.push('Workflow versions:', '');
    for (const v of dossier.versions) out.push(`- ${md(v.workflow)}: seq ${v.fromSeq} to ${v.toSeq}`);
    out.push('');
  }
  out.push(...renderTable(findingsTable(dossier)));
  out.push(...renderTable(eventIndexTable(dossier)));
  return `${out.join('\n')}\n`;
}

function renderSection(section: ReportSection): string[] {
  switch (section.kind) {
    case 'facts':
      return [
        `## ${md(section.title)}`,
        '',
        ...section.facts.filter((f) => f.value !== null).map((f) => `- **${md(f.label)}**: ${md(f.value)}`),
        '',
      ];
    case 'text':
      return [`## ${md(section.title)}`, '', ...section.paragraphs.flatMap((p) => [md(p), '']), ''];
    case 'table':
      return renderTable(section);
  }
}

function renderTable(table: Pick<DossierTable, 'title' | 'columns' | 'rows' | 'empty'>): string[] {
  const lines = [`## ${md(table.title)}`, ''];
  if (table.rows.length === 0) return [...lines, md(table.empty ?? 'None.'), ''];
  lines.push(`| ${table.columns.map(md).join(' | ')} |`, `| ${table.columns.map(() => '---').join(' | ')} |`);
  for (const row of table.rows) lines.push(`| ${table.columns.map((_, i) => md(row[i])).join(' | ')} |`);
  return [...lines, ''];
}
