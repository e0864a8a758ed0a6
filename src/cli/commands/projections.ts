import { UsageError } from '../../errors.ts';
import { openStore } from '../../store/openStore.ts';
import { required, type Command } from '../command.ts';
import { printJson } from '../io.ts';
import { projectStore } from '../readModels.ts';
import { counted } from '../../words.ts';

/**
 * `phasegate projections rebuild|update <store>`: rebuilds the read models' tables in a store from position 0, or
 * brings them up to the log (what `record` and `import` do after appending). JSONL stores keep no tables.
 */
export const projectionsCommand: Command = {
  name: 'projections',
  usage: 'projections (rebuild | update) <store> [--json]',
  maxPositionals: 2,
  summary: 'rebuild the read models kept in a SQLite or PostgreSQL store from position 0, or bring them up to date',
  options: {},
  async run({ registry, readModels, io }, positionals, values) {
    const action = required(this, positionals, 0, 'rebuild or update');
    if (action !== 'rebuild' && action !== 'update')
      throw new UsageError(`projections ${action}: use rebuild or update\nusage: phasegate ${this.usage}`);
    const url = required(this, positionals, 1, '<store>');
    const store = await openStore(url, { create: false });
    try {
      const started = performance.now();
      const reports = await projectStore(
        url,
        store,
        readModels,
        registry,
        action === 'rebuild' ? 'rebuild' : 'catch-up',
      );
      const seconds = (performance.now() - started) / 1000;
      if (values.json === true) printJson(io, { seconds, readModels: reports });
      else if (reports.length === 0)
        io.stdout.write(`${store.kind} stores keep no read model tables; reading commands fold the log\n`);
      else {
        for (const r of reports) {
          io.stdout.write(
            `${r.name}: ${action === 'rebuild' ? 'rebuilt' : 'updated'} from position ${r.from} to ${r.to}, ` +
              `${counted(r.events, 'event')} in ${seconds.toFixed(2)} s\n`,
          );
        }
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
