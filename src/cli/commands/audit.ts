import { buildDossier } from '../../audit/dossier/buildDossier.ts';
import { renderDossierHtml } from '../../audit/dossier/html.ts';
import { renderDossierJson } from '../../audit/dossier/json.ts';
import { renderDossierMarkdown } from '../../audit/dossier/markdown.ts';
import { assertStreamExists, closeAuditSource, openAuditSource } from '../../audit/source.ts';
import { reportHolds } from '../../audit/verify.ts';
import { UsageError } from '../../errors.ts';
import { required, type Command } from '../command.ts';
import { checkpointOption, keysOption, writeOutput } from '../io.ts';

const renderers = { md: renderDossierMarkdown, html: renderDossierHtml, json: renderDossierJson } as const;

/**
 * `phasegate audit`: the dossier of one programme (identity, timeline, gate decisions, agreements, results R1-R7,
 * refusals, integrity verdict) as Markdown, one self-contained HTML file, or JSON. Exit 4 when the history is not
 * intact (the dossier is written all the same, and says why).
 */
export const auditCommand: Command = {
  name: 'audit',
  usage: 'audit <store|file.jsonl> <stream> [--format md|html|json] [-o FILE] [--keys FILE] [--require-signatures] [--checkpoint FILE]',
  summary: 'the audit dossier of a stream: timeline, decisions, agreements, results, refusals, and the integrity verdict',
  options: {
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    keys: { type: 'string' },
    'require-signatures': { type: 'boolean' },
    checkpoint: { type: 'string' },
  },
  async run({ registry, io }, positionals, values) {
    const location = required(this, positionals, 0, '<store|file.jsonl>');
    const stream = required(this, positionals, 1, '<stream>');
    const format = (values.format ?? 'md') as string;
    if (!Object.hasOwn(renderers, format)) throw new UsageError(`--format is md, html or json, not "${format}"`);
    const keys = await keysOption(values);
    const checkpoint = await checkpointOption(values);
    const source = await openAuditSource(location);
    let text: string;
    let intact: boolean;
    try {
      const dossier = await buildDossier(source, registry, stream, {
        ...(keys ? { keys } : {}),
        ...(values['require-signatures'] === true ? { requireSignatures: true } : {}),
        ...(checkpoint ? { checkpoint } : {}),
      });
      // Asked after the dossier's own pass, so a log is read again only when the stream is not in it.
      if (!reportHolds(dossier.integrity.verify, stream)) await assertStreamExists(source, stream);
      text = renderers[format as keyof typeof renderers](dossier);
      intact = dossier.integrity.verdict === 'intact';
    } finally {
      await closeAuditSource(source);
    }
    const written = await writeOutput(io, values.output, text);
    if (written !== null) io.stderr.write(`phasegate: dossier of "${stream}" written to ${written}${intact ? '' : '; the history is NOT intact'}\n`);
    return intact ? 0 : 4;
  },
};
