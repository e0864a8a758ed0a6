import { buildDossier } from '../../audit/dossier/buildDossier.ts';
import { renderDossierHtml } from '../../audit/dossier/html.ts';
import { renderDossierJson } from '../../audit/dossier/json.ts';
import { renderDossierMarkdown } from '../../audit/dossier/markdown.ts';
import { assertStreamExists, closeAuditSource, openAuditSource } from '../../audit/source.ts';
import { reportHolds } from '../../audit/verify.ts';
import { UsageError } from '../../errors.ts';
import { required, type Command } from '../command.ts';
import { inputFilesOf, refuseOutputOntoInput } from '../outputGuard.ts';
import { checkpointOption, keysOption, writeFileAtomically, writeOutput } from '../io.ts';
import { dossierCsvFiles } from '../../audit/dossier/csv.ts';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const renderers = { md: renderDossierMarkdown, html: renderDossierHtml, json: renderDossierJson } as const;

/**
 * `phasegate audit`: the dossier of one programme (identity, timeline, gate decisions, agreements, results R1-R7,
 * refusals, integrity verdict) as Markdown, one self-contained HTML file, or JSON. Exit 4 when the history is not
 * intact (the dossier is written all the same, and says why).
 */
export const auditCommand: Command = {
  name: 'audit',
  usage:
    'audit <store|file.jsonl> <stream> [--format md|html|json|csv] [-o FILE|DIR] [--keys FILE] [--require-signatures] [--checkpoint FILE]',
  summary:
    'the audit dossier of a stream: timeline, decisions, agreements, results, refusals, and the integrity verdict',
  options: {
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    keys: { type: 'string' },
    'require-signatures': { type: 'boolean' },
    checkpoint: { type: 'string' },
  },
  usesReadModels: false,
  async run({ registry, io }, positionals, values) {
    const location = required(this, positionals, 0, '<store|file.jsonl>');
    const stream = required(this, positionals, 1, '<stream>');
    const format = (values.format ?? 'md') as string;
    if (!Object.hasOwn(renderers, format) && format !== 'csv')
      throw new UsageError(`--format is md, html, json or csv, not "${format}"`);
    if (format === 'csv' && (typeof values.output !== 'string' || values.output === '-')) {
      throw new UsageError('--format csv writes one file per table: give the directory with -o DIR');
    }
    const keys = await keysOption(values);
    const checkpoint = await checkpointOption(values);
    const source = await openAuditSource(location);
    let text: string;
    let intact: boolean;
    let verdictNote: string;
    try {
      const dossier = await buildDossier(source, registry, stream, {
        ...(keys ? { keys } : {}),
        ...(values['require-signatures'] === true ? { requireSignatures: true } : {}),
        ...(checkpoint ? { checkpoint } : {}),
      });
      // Asked after the dossier's own pass, so a log is read again only when the stream is not in it.
      if (!reportHolds(dossier.integrity.verify, stream)) await assertStreamExists(source, stream);
      intact = dossier.integrity.verdict === 'intact';
      // The exit code rests on the stream's own history; its refusals stream has a verdict of its own.
      const refusalsBroken = dossier.integrity.refusals === 'not intact';
      verdictNote =
        `${intact ? '' : '; the history is NOT intact'}` +
        `${refusalsBroken ? '; its refusals stream is NOT intact (a verdict of its own)' : ''}`;
      if (format === 'csv') {
        const dir = values.output as string;
        await mkdir(dir, { recursive: true });
        const files = dossierCsvFiles(dossier);
        const inputs = inputFilesOf(positionals, values);
        for (const file of files) refuseOutputOntoInput(join(dir, file.name), inputs);
        for (const file of files) await writeFileAtomically(join(dir, file.name), (write) => write(file.text));
        io.stderr.write(`phasegate: ${files.length} tables of "${stream}" written to ${dir}${verdictNote}\n`);
        return intact ? 0 : 4;
      }
      text = renderers[format as keyof typeof renderers](dossier);
    } finally {
      await closeAuditSource(source);
    }
    const written = await writeOutput(io, values.output, text);
    if (written !== null) io.stderr.write(`phasegate: dossier of "${stream}" written to ${written}${verdictNote}\n`);
    return intact ? 0 : 4;
  },
};
