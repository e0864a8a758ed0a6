import { existsSync } from 'node:fs';
import { parseSigningKey } from '../../audit/keys.ts';
import { createSigner } from '../../audit/signatures.ts';
import { createEngine, type EngineOptions } from '../../engine/createEngine.ts';
import { encodeEvent } from '../../envelope/canonical.ts';
import { InvalidInputError, UsageError } from '../../errors.ts';
import type { EventStore } from '../../store/eventStore.ts';
import { createMemoryEventStore } from '../../store/memoryEventStore.ts';
import { openStore } from '../../store/openStore.ts';
import type { WorkflowRegistry } from '../../workflow/registry.ts';
import { catchUpAfterAppend } from '../readModels.ts';
import { required, wholeNumber, type Command } from '../command.ts';
import { keysOption, readText } from '../io.ts';
import { readProposals } from '../proposalInput.ts';
import { createProgressBar } from '../progress.ts';

/**
 * `phasegate record`: decides and appends proposals (one JSON object, or NDJSON) as one all-or-nothing batch. With
 * `--keys FILE`, each event must verify with a key of its actor (every one, with `--require-signatures`): signed by
 * the `--sign` key of its actor, or refused (exit 3).
 */
export const recordCommand: Command = {
  name: 'record',
  usage:
    'record <store> <stream> [file|-] [--expect-seq N] [--workflow NAME[@V]] [--sign KEY_FILE]... [--keys FILE [--require-signatures]] [--record-refusals] [--json]',
  maxPositionals: 3,
  summary: 'append proposals (one JSON object, or NDJSON) as one atomic batch; prints the stored events as NDJSON',
  options: {
    'expect-seq': { type: 'string' },
    workflow: { type: 'string' },
    sign: { type: 'string', multiple: true },
    keys: { type: 'string' },
    'require-signatures': { type: 'boolean' },
    'record-refusals': { type: 'boolean' },
  },
  async run({ registry, readModels, io }, positionals, values) {
    const storeUrl = required(this, positionals, 0, '<store>');
    const stream = required(this, positionals, 1, '<stream>');
    if (storeUrl.startsWith('memory:')) {
      throw new UsageError(
        'memory: keeps nothing once the command ends; record into a file (.db, .jsonl) or a postgres:// URL',
      );
    }
    const expectedSeq = wholeNumber('expect-seq', values['expect-seq']);
    const workflow = typeof values.workflow === 'string' ? values.workflow : undefined;
    if (workflow !== undefined) registry.resolve(workflow); // an unregistered one: exit 2 before anything is read
    const proposals = await readProposals(io, positionals[2]);
    // --sign may be given several times (one key per recording actor); parseArgs then hands over an array.
    const keyFiles = (values.sign as unknown as string[] | undefined) ?? [];
    const keys = await Promise.all(keyFiles.map(async (file) => parseSigningKey(await readText(file), file)));
    const requireSignatures = values['require-signatures'] === true;
    if (requireSignatures && typeof values.keys !== 'string') {
      throw new UsageError(
        `--require-signatures needs --keys FILE, the registry the signatures are checked with\nusage: phasegate ${this.usage}`,
      );
    }
    const registryOfKeys = await keysOption(values);
    const engineOptions = (store: EventStore): EngineOptions => ({
      workflows: registry,
      store,
      // With a key registry the engine judges an unsigned event (a refusal, exit 3); without one, asking to sign and
      // having no key for an actor is a usage error, so nothing is stored unsigned by mistake.
      ...(keys.length > 0 ? { signer: createSigner(keys, { required: registryOfKeys === undefined }) } : {}),
      ...(registryOfKeys === undefined ? {} : { keys: registryOfKeys, requireSignatures }),
      ...(values['record-refusals'] === true ? { recordRefusals: true } : {}),
    });
    const options = {
      ...(expectedSeq === undefined ? {} : { expectedSeq }),
      ...(workflow === undefined ? {} : { workflow }),
    };
    // A store that does not exist yet is created only for a batch that is stored: decided first against an empty
    // store, a refused or invalid batch leaves no file behind (with --record-refusals, a refusal is itself stored).
    if (isNewFile(storeUrl) && values['record-refusals'] !== true) {
      await createEngine(engineOptions(createMemoryEventStore())).recordBatch(stream, proposals, options);
    }
    const store = await openStore(storeUrl);
    try {
      const engine = createEngine(engineOptions(store));
      if (workflow !== undefined) {
        await refuseOtherWorkflow(engine.registry, stream, workflow, store, () => engine.state(stream));
      }
      // A batch of many proposals shows how far deciding it got, on a terminal only (README, "Command line").
      const progress = createProgressBar(io, 'record');
      const onDecided = (done: number, total: number) => progress.update(done, total, done);
      const { events } = await engine
        .recordBatch(stream, proposals, { ...options, ...(proposals.length >= 1000 ? { onDecided } : {}) })
        .finally(() => progress.done());
      io.stdout.write(events.map((event) => `${encodeEvent(event)}\n`).join(''));
      await catchUpAfterAppend(storeUrl, store, readModels, registry, io);
      return 0;
    } finally {
      await store.close();
    }
  },
};

/** Whether `url` names a SQLite or JSONL file that is not there yet (record would create it). */
function isNewFile(url: string): boolean {
  const path = url.replace(/^sqlite:/, '');
  return /\.(db|sqlite|sqlite3|jsonl)$/i.test(path) && !/^[a-z]+:\/\//i.test(path) && !existsSync(path);
}

/**
 * `--workflow` chooses the version a new stream starts under; on a stream that exists it would be ignored, so one
 * that names another version than the stream's is refused (exit 2) rather than silently dropped.
 */
async function refuseOtherWorkflow(
  registry: WorkflowRegistry,
  stream: string,
  workflow: string,
  store: EventStore,
  state: () => Promise<{ readonly workflow: string }>,
): Promise<void> {
  if ((await store.head(stream)) === null) return;
  const wanted = registry.resolve(workflow).ref;
  const current = (await state()).workflow;
  if (current === wanted) return;
  throw new InvalidInputError(
    `stream "${stream}" is under ${current}, not ${wanted}: --workflow only chooses the version a new stream starts ` +
      `under. Leave it out to record under ${current}, or move the stream to another version with a workflow ` +
      'migration.',
  );
}
