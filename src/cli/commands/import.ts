import { IntegrityError } from '../../errors.ts';
import { encodeEvent } from '../../envelope/canonical.ts';
import type { RecordedEvent } from '../../envelope/envelope.ts';
import { createChainChecker } from '../../store/assertChain.ts';
import type { EventStore } from '../../store/eventStore.ts';
import { openStore } from '../../store/openStore.ts';
import { catchUpAfterAppend } from '../readModels.ts';
import { readJsonlFile } from '../../store/readJsonlFile.ts';
import { required, type Command } from '../command.ts';
import { printJson } from '../io.ts';
import { redact } from '../../store/postgresConnection.ts';

/** Most events appended in one batch. */
const batchSize = 1000;

/**
 * `phasegate import`: copies every event of a JSONL log (or of another store) into a store. It reads the source
 * twice: first it verifies every stream's hash chain (and, for a file, that each line is in canonical form), and
 * only then appends, in batches of consecutive events of one stream, keeping ids, seqs and bytes. Importing the
 * same log again is a no-op (idempotent by id).
 */
export const importCommand: Command = {
  name: 'import',
  usage: 'import <file.jsonl|store> <store> [--json]',
  summary: 'copy every event of a JSONL log (or another store) into a store, after verifying each stream\'s hash chain',
  options: {},
  async run({ registry, readModels, io }, positionals, values) {
    const source = required(this, positionals, 0, '<file.jsonl>');
    const target = required(this, positionals, 1, '<store>');
    const checker = createChainChecker();
    let events = 0;
    for await (const event of sourceEvents(source)) {
      checker.check(event);
      events++;
    }
    const store = await openStore(target);
    let appended = 0;
    let alreadyThere = 0;
    try {
      let batch: RecordedEvent[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const outcome = await store.append(batch[0]!.stream, batch, { expectedSeq: batch[0]!.seq - 1 });
        if (outcome.outcome === 'appended') appended += batch.length;
        else alreadyThere += batch.length;
        batch = [];
      };
      for await (const event of sourceEvents(source)) {
        if (batch.length === batchSize || (batch.length > 0 && batch[0]!.stream !== event.stream)) await flush();
        batch.push(event);
      }
      await flush();
      await catchUpAfterAppend(target, store, readModels, registry, io);
    } finally {
      await store.close();
    }
    const summary = { source: redact(source), target: redact(target), streams: checker.heads.size, events, appended, alreadyThere };
    if (values.json === true) printJson(io, summary);
    else io.stdout.write(`imported ${events} events in ${checker.heads.size} streams into ${redact(target)} (${appended} appended, ${alreadyThere} already there)\n`);
    return 0;
  },
};

/** Yields a source's events in its order: a JSONL file read as it is, or any store read in commit order. */
async function* sourceEvents(source: string): AsyncGenerator<RecordedEvent> {
  if (/\.jsonl$/i.test(source)) {
    for await (const record of readJsonlFile(source)) {
      if (!record.bytes.equals(Buffer.from(encodeEvent(record.event)))) {
        throw new IntegrityError(`"${source}" line ${record.line} is not in canonical form (RFC 8785), so its bytes would not survive a round trip`);
      }
      yield record.event;
    }
    return;
  }
  const store: EventStore = await openStore(source, { readOnly: true });
  try {
    for await (const { event } of store.readAll()) yield event;
  } finally {
    await store.close();
  }
}
