import type { ReportCell, ReportSection } from '../../workflow/report.ts';
import type { Dossier } from './buildDossier.ts';
import { dossierTables, type DossierTable } from './tables.ts';
import { cellText, escapeMarkdown } from './escape.ts';

const md = (value: ReportCell | undefined): string => escapeMarkdown(cellText(value ?? null));

/** Returns the dossier as Markdown. Every payload string is shown inert: escaped, controls visible, formulas defused. */
export function renderDossierMarkdown(dossier: Dossier): string {
  const out: string[] = [];
  out.push(`# Audit dossier: ${md(dossier.title)}`, '');
  out.push(`Stream ${md(dossier.stream)}, read from ${md(dossier.source)}, generated ${md(dossier.generatedAt)}.`, '');
  out.push('## Integrity verdict', '');
  for (const line of dossier.integrity.summary) out.push(`- ${md(line)}`);
  out.push('');
  if (dossier.identity.length > 0) {
    out.push('## Programme', '');
    for (const fact of dossier.identity) out.push(`- **${md(fact.label)}**: ${md(fact.value)}`);
    out.push('');
  }
  if (dossier.versions.length > 0) {
    out.push('## Workflow versions', '');
    for (const v of dossier.versions) out.push(`- ${md(v.workflow)}: seq ${v.fromSeq} to ${v.toSeq}`);
    out.push('');
  }
  for (const section of dossier.sections) out.push(...renderSection(section));
  for (const table of dossierTables(dossier)) out.push(...renderTable(table.title, table));
  return `${out.join('\n')}\n`;
}

function renderSection(section: ReportSection): string[] {
  switch (section.kind) {
    case 'facts':
      return [`## ${md(section.title)}`, '', ...section.facts.map((f) => `- **${md(f.label)}**: ${md(f.value)}`), ''];
    case 'text':
      return [`## ${md(section.title)}`, '', ...section.paragraphs.flatMap((p) => [md(p), '']), ''];
    case 'table':
      return renderTable(section.title, section);
  }
}

function renderTable(title: string, table: Pick<DossierTable, 'columns' | 'rows' | 'empty'>): string[] {
  const lines = [`## ${md(title)}`, ''];
  if (table.rows.length === 0) return [...lines, md(table.empty ?? 'None.'), ''];
  lines.push(`| ${table.columns.map(md).join(' | ')} |`, `| ${table.columns.map(() => '---').join(' | ')} |`);
  for (const row of table.rows) lines.push(`| ${table.columns.map((_, i) => md(row[i])).join(' | ')} |`);
  return [...lines, ''];
}
