import { IntegrityError } from '../../errors.ts';
import { encodeEvent } from '../../envelope/canonical.ts';
import type { RecordedEvent } from '../../envelope/envelope.ts';
import { createChainChecker } from '../../store/assertChain.ts';
import type { EventStore } from '../../store/eventStore.ts';
import { openStore } from '../../store/openStore.ts';
import { catchUpAfterAppend } from '../readModels.ts';
import { readJsonlFile } from '../../store/readJsonlFile.ts';
import { required, type Command } from '../command.ts';
import { interruptSignal, printJson } from '../io.ts';
import { createProgressBar } from '../progress.ts';
import { counted } from '../../words.ts';
import { redact } from '../../store/postgresConnection.ts';

/** Most events appended in one batch. */
const batchSize = 1000;

/**
 * `phasegate import`: copies every event of a JSONL log (or of another store) into a store. It reads the source
 * twice: first it verifies every stream's hash chain (and, for a file, that each line is in canonical form), and
 * only then appends, in batches of consecutive events of one stream, keeping ids, seqs and bytes. Importing the
 * same log again is a no-op (idempotent by id). On a terminal it shows its progress; interrupted (Ctrl-C), it stops
 * after the batch it is appending, says how far it got and that running it again completes it (exit 130).
 */
export const importCommand: Command = {
  name: 'import',
  usage: 'import <file.jsonl|store> <store> [--json]',
  summary: "copy every event of a JSONL log (or another store) into a store, after verifying each stream's hash chain",
  options: {},
  async run({ registry, readModels, io }, positionals, values) {
    const source = required(this, positionals, 0, '<file.jsonl>');
    const target = required(this, positionals, 1, '<store>');
    const checker = createChainChecker();
    const { signal, release } = interruptSignal(io);
    let events = 0;
    let appended = 0;
    let alreadyThere = 0;
    const verifying = createProgressBar(io, 'import: verifying');
    const progress = createProgressBar(io, 'import');
    try {
      for await (const event of sourceEvents(source)) {
        checker.check(event);
        events++;
        if (events % batchSize === 0) verifying.update(0, 0, events);
        if (signal.aborted) break;
      }
      verifying.done();
      if (signal.aborted) {
        io.stderr.write(
          'phasegate: import interrupted while the source was verified, before anything was stored; run it again to import\n',
        );
        return 130;
      }
      const store = await openStore(target);
      try {
        let batch: RecordedEvent[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          const outcome = await store.append(batch[0]!.stream, batch, { expectedSeq: batch[0]!.seq - 1 });
          if (outcome.outcome === 'appended') appended += batch.length;
          else alreadyThere += batch.length;
          batch = [];
          progress.update(appended + alreadyThere, events, appended + alreadyThere);
        };
        for await (const event of sourceEvents(source)) {
          if (batch.length === batchSize || (batch.length > 0 && batch[0]!.stream !== event.stream)) {
            await flush();
            if (signal.aborted) break;
          }
          batch.push(event);
        }
        if (!signal.aborted) {
          await flush();
          await catchUpAfterAppend(target, store, readModels, registry, io);
        }
      } finally {
        await store.close();
      }
    } catch (error) {
      verifying.done();
      progress.done();
      if (appended + alreadyThere > 0) io.stderr.write(`${howFar(appended, alreadyThere, events)}\n`);
      throw error;
    } finally {
      release();
    }
    progress.done();
    if (signal.aborted) {
      const got = howFar(appended, alreadyThere, events).slice('phasegate: '.length);
      io.stderr.write(`phasegate: import interrupted: ${got}\n`);
      return 130;
    }
    const summary = {
      source: redact(source),
      target: redact(target),
      streams: checker.heads.size,
      events,
      appended,
      alreadyThere,
    };
    if (values.json === true) printJson(io, summary);
    else {
      const what = `${counted(events, 'event')} in ${counted(checker.heads.size, 'stream')}`;
      io.stdout.write(
        `imported ${what} into ${redact(target)} (${appended} appended, ${alreadyThere} already there)\n`,
      );
    }
    return 0;
  },
};

/** Says how far an import that stopped got, and that running it again completes it (stored events are skipped). */
function howFar(appended: number, alreadyThere: number, events: number): string {
  return (
    `phasegate: ${(appended + alreadyThere).toLocaleString('en')} of ${counted(events, 'event')} are in the store ` +
    `(${appended} appended, ${alreadyThere} already there); every batch is whole, and running the same import again ` +
    'completes it (what is there already is skipped)'
  );
}

/** Yields a source's events in its order: a JSONL file read as it is, or any store read in commit order. */
async function* sourceEvents(source: string): AsyncGenerator<RecordedEvent> {
  if (/\.jsonl$/i.test(source)) {
    for await (const record of readJsonlFile(source)) {
      if (!record.bytes.equals(Buffer.from(encodeEvent(record.event)))) {
        throw new IntegrityError(
          `"${source}" line ${record.line} is not in canonical form (RFC 8785), so its bytes would not survive a round trip`,
        );
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
