import { UsageError } from '../../errors.ts';
import { openReadModels } from '../../projections/openReadModels.ts';
import { readSummaries } from '../../projections/queries.ts';
import { openStore } from '../../store/openStore.ts';
import type { ReportCell } from '../../workflow/report.ts';
import { required, type Command } from '../command.ts';
import { printJson } from '../io.ts';
import { todayOption } from '../readModels.ts';
import { csvTable, jsonKey, textTable } from '../table.ts';

const formats = ['table', 'json', 'csv'] as const;

/**
 * `phasegate portfolio`: one row per programme stream (refusal streams left out) from the read model's tables in
 * the same store, with the events after their checkpoint folded on top (JSONL: the log folded). Never replays each
 * stream's workflow.
 */
export const portfolioCommand: Command = {
  name: 'portfolio',
  usage: 'portfolio <store> [--format table|json|csv] [--as-of DATE] [--today DATE]',
  summary:
    'one row per programme: phase, IATI status, next gate, overdue, budget, committed, disbursed, spent, results',
  options: { format: { type: 'string' }, 'as-of': { type: 'string' }, today: { type: 'string' } },
  async run({ registry, readModels, io }, positionals, values) {
    const url = required(this, positionals, 0, '<store>');
    const format = (values.format ?? 'table') as string;
    if (!(formats as readonly string[]).includes(format))
      throw new UsageError(`--format is table, json or csv, not "${format}"`);
    const model = readModels[0];
    if (model === undefined) throw new UsageError('this build has no read model for a portfolio');
    const today = todayOption(values.today);
    const asOf = typeof values['as-of'] === 'string' ? values['as-of'] : undefined;
    const store = await openStore(url, { readOnly: true });
    const tables = await openReadModels(url, { readOnly: true });
    try {
      const { summaries, source } = await readSummaries({ store, tables, model, registry }, asOf);
      if (source.kind === 'fold' && source.why !== 'no tables') {
        io.stderr.write(
          `phasegate: the read model tables are ${source.why === 'not built' ? 'not built yet' : 'of another version'}; ` +
            `the log was folded instead (run "phasegate projections rebuild <store>" once)\n`,
        );
      }
      const columns = ['Stream', ...model.columns];
      const rows: ReportCell[][] = summaries.map((s) => [s.stream, ...model.row(s.summary, { today })]);
      if (format === 'json') {
        const keys = columns.map(jsonKey);
        printJson(io, {
          asOf: asOf ?? null,
          today,
          programmes: rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i] ?? null]))),
        });
      } else io.stdout.write(format === 'csv' ? csvTable(columns, rows) : textTable(columns, rows));
      return 0;
    } finally {
      await tables?.close();
      await store.close();
    }
  },
};
