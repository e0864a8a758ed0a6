import { assertStreamExists } from '../../audit/source.ts';
import { createEngine } from '../../engine/createEngine.ts';
import { streamStateJson, type StreamState } from '../../engine/streamState.ts';
import type { PointInTime } from '../../engine/timeTravel.ts';
import { UsageError } from '../../errors.ts';
import { openStore } from '../../store/openStore.ts';
import type { WorkflowRegistry } from '../../workflow/registry.ts';
import { required, wholeNumber, type Command } from '../command.ts';
import { printJson, sanitize, type CliIo } from '../io.ts';
import { openReadModels } from '../../projections/openReadModels.ts';
import { readStreamModel } from '../../projections/queries.ts';
import { todayOption } from '../readModels.ts';
import { refusalsStreamOf } from '../../workflow/refusalsWorkflow.ts';
import { counted } from '../../words.ts';
import { shellWord } from '../shellWord.ts';
import { stateText } from '../../workflow/statePath.ts';

/** `phasegate state`: the programme's state now, or after a prefix of its history (bitemporal time travel). */
export const stateCommand: Command = {
  name: 'state',
  usage: 'state <store> <stream> [--at-seq N | --as-of DATE | --known-at TIME] [--today DATE] [--json]',
  summary: 'the state now, after event N, as of a date (occurred by), or as known at a time (recorded by)',
  options: {
    'at-seq': { type: 'string' },
    'as-of': { type: 'string' },
    'known-at': { type: 'string' },
    today: { type: 'string' },
  },
  async run({ registry, readModels, io }, positionals, values) {
    const storeUrl = required(this, positionals, 0, '<store>');
    const stream = required(this, positionals, 1, '<stream>');
    const at = pointInTime(values);
    const today = todayOption(values.today);
    const store = await openStore(storeUrl, { readOnly: true });
    const tables = await openReadModels(storeUrl, { readOnly: true });
    try {
      await assertStreamExists({ kind: 'store', store }, stream);
      const engine = createEngine({ workflows: registry, store });
      const state = at === null ? await engine.state(stream) : await engine.stateAt(stream, at);
      if (values.json === true) printJson(io, streamStateJson(state));
      else {
        // The read model's facts (money, status, results) at the same point: the stream's events up to state.seq.
        const facts: Record<string, string> = {};
        for (const model of readModels) {
          if (model.describe === undefined) continue;
          const row = await readStreamModel({ store, tables, model, registry }, stream, state.seq);
          if (row !== null) Object.assign(facts, model.describe(row.model, { today }));
        }
        // Refused proposals are kept beside the stream (record --record-refusals): say how many, and how to see them.
        const refusals = (await store.head(refusalsStreamOf(stream)))?.seq ?? 0;
        if (refusals > 0) {
          const show = `phasegate export ${shellWord(storeUrl)} ${shellWord(refusalsStreamOf(stream))}`;
          facts.refusals = `${counted(refusals, 'refused proposal')} on record: ${show}`;
        }
        printState(io, registry, state, facts);
      }
      return 0;
    } finally {
      await tables?.close();
      await store.close();
    }
  },
};

function pointInTime(values: Record<string, string | boolean | undefined>): PointInTime | null {
  const given = (['at-seq', 'as-of', 'known-at'] as const).filter((k) => values[k] !== undefined);
  if (given.length > 1)
    throw new UsageError(`give one of --at-seq, --as-of, --known-at, not ${given.map((g) => `--${g}`).join(' and ')}`);
  if (values['at-seq'] !== undefined) return { seq: wholeNumber('at-seq', values['at-seq'])! };
  if (typeof values['as-of'] === 'string') return { asOf: values['as-of'] };
  if (typeof values['known-at'] === 'string') return { knownAt: values['known-at'] };
  return null;
}

function printState(io: CliIo, registry: WorkflowRegistry, state: StreamState, facts: Record<string, string>): void {
  const label = stateText(state.state);
  const rows: Array<[string, string]> = [
    ['stream', state.stream],
    ['seq', String(state.seq)],
    ['workflow', state.workflow],
    ['state', label],
  ];
  const describe = registry.get(state.workflow).describe;
  if (describe) rows.push(...Object.entries(describe(state.snapshot)));
  // a read model's fact replaces the workflow's of the same name, in place; its others follow
  for (const [key, value] of Object.entries(facts)) {
    const at = rows.findIndex(([name]) => name === key);
    if (at >= 0) rows[at] = [key, value];
    else rows.push([key, value]);
  }
  // Names and values both may come from the log: each is shown on its one line (README "Command line").
  const shown = rows.map(([key, value]) => [sanitize(key), sanitize(value)] as const);
  const width = Math.max(...shown.map(([key]) => key.length));
  io.stdout.write(shown.map(([key, value]) => `${key.padEnd(width)}  ${value}\n`).join(''));
}
