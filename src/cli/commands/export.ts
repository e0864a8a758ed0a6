import { assertStreamExists } from '../../audit/source.ts';
import { UsageError } from '../../errors.ts';
import { encodeEvent } from '../../envelope/canonical.ts';
import type { RecordedEvent } from '../../envelope/envelope.ts';
import type { EventStore } from '../../store/eventStore.ts';
import { openStore } from '../../store/openStore.ts';
import type { Command } from '../command.ts';
import { exportIatiCommand } from './exportIati.ts';
import { writeFileAtomically } from '../io.ts';

/** Bytes gathered before each write. */
const flushBytes = 1 << 20;

/**
 * `phasegate export --format jsonl`: writes a stream's events (or, with `--all`, every stream's in commit order) as
 * JSONL, one canonical envelope per line: the same bytes every store keeps, so a log exported from any store
 * verifies and imports back unchanged. `-o FILE` writes a file instead of stdout, all or nothing: a temporary file
 * in the same directory, fsynced, then renamed over FILE, so a failed export leaves FILE as it was.
 */
export const exportCommand: Command = {
  name: 'export',
  usage: 'export <store> (<stream> | --all) [--format jsonl|iati] [-o FILE] [--generated-at TIME]',
  maxPositionals: 2,
  summary: 'write a stream (or --all) as JSONL (canonical envelopes, commit order) or as an IATI 2.03 activity file',
  options: {
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    all: { type: 'boolean' },
    'generated-at': { type: 'string' },
  },
  async run(context, positionals, values) {
    const { io } = context;
    const format = typeof values.format === 'string' ? values.format : 'jsonl';
    if (format === 'iati') return exportIatiCommand(context, positionals, values, this.usage);
    if (format !== 'jsonl')
      throw new UsageError(`unknown --format "${format}"; use --format jsonl or iati\nusage: phasegate ${this.usage}`);
    if (values['generated-at'] !== undefined) throw new UsageError('--generated-at goes with --format iati');
    const storeUrl = positionals[0];
    const stream = positionals[1];
    if (storeUrl === undefined || (stream === undefined) === (values.all !== true)) {
      throw new UsageError(`give a store and either one stream or --all\nusage: phasegate ${this.usage}`);
    }
    const store = await openStore(storeUrl, { readOnly: true });
    try {
      if (stream !== undefined) await assertStreamExists({ kind: 'store', store }, stream);
      const fill = async (write: (text: string) => unknown) => {
        let chunk = '';
        for await (const event of exported(store, stream)) {
          chunk += `${encodeEvent(event)}\n`;
          if (chunk.length >= flushBytes) {
            write(chunk);
            chunk = '';
          }
        }
        if (chunk !== '') write(chunk);
      };
      if (typeof values.output === 'string' && values.output !== '-') await writeFileAtomically(values.output, fill);
      else await fill((text) => io.stdout.write(text));
      return 0;
    } finally {
      await store.close();
    }
  },
};

async function* exported(store: EventStore, stream: string | undefined): AsyncGenerator<RecordedEvent> {
  if (stream !== undefined) {
    yield* store.readStream(stream);
    return;
  }
  for await (const { event } of store.readAll()) yield event;
}
