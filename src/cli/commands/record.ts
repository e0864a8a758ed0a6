import { parseSigningKey } from '../../audit/keys.ts';
import { createSigner } from '../../audit/signatures.ts';
import { createEngine } from '../../engine/createEngine.ts';
import { encodeEvent } from '../../envelope/canonical.ts';
import { parseProposalsText } from '../../envelope/parse.ts';
import { openStore } from '../../store/openStore.ts';
import { catchUpAfterAppend } from '../readModels.ts';
import { required, wholeNumber, type Command } from '../command.ts';
import { UsageError } from '../../errors.ts';
import { keysOption, readInput, readText } from '../io.ts';

/**
 * `phasegate record`: decides and appends proposals (one JSON object, or NDJSON) as one all-or-nothing batch. With
 * `--keys FILE`, each event must verify with a key of its actor (every one, with `--require-signatures`): signed by
 * the `--sign` key of its actor, or refused (exit 3).
 */
export const recordCommand: Command = {
  name: 'record',
  usage: 'record <store> <stream> [file|-] [--expect-seq N] [--workflow NAME[@V]] [--sign KEY_FILE]... [--keys FILE [--require-signatures]] [--record-refusals] [--json]',
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
    const expectedSeq = wholeNumber('expect-seq', values['expect-seq']);
    const source = positionals[2] ?? '-';
    const proposals = parseProposalsText(await readInput(io, source), undefined, source === '-' ? 'stdin' : source);
    // --sign may be given several times (one key per recording actor); parseArgs then hands over an array.
    const keyFiles = (values.sign as unknown as string[] | undefined) ?? [];
    const keys = await Promise.all(keyFiles.map(async (file) => parseSigningKey(await readText(file), file)));
    const requireSignatures = values['require-signatures'] === true;
    if (requireSignatures && typeof values.keys !== 'string') {
      throw new UsageError(`--require-signatures needs --keys FILE, the registry the signatures are checked with\nusage: phasegate ${this.usage}`);
    }
    const registryOfKeys = await keysOption(values);
    const store = await openStore(storeUrl);
    try {
      const engine = createEngine({
        workflows: registry,
        store,
        // With a key registry the engine judges an unsigned event (a refusal, exit 3); without one, asking to sign and
        // having no key for an actor is a usage error, so nothing is stored unsigned by mistake.
        ...(keys.length > 0 ? { signer: createSigner(keys, { required: registryOfKeys === undefined }) } : {}),
        ...(registryOfKeys === undefined ? {} : { keys: registryOfKeys, requireSignatures }),
        ...(values['record-refusals'] === true ? { recordRefusals: true } : {}),
      });
      const { events } = await engine.recordBatch(stream, proposals, {
        ...(expectedSeq === undefined ? {} : { expectedSeq }),
        ...(typeof values.workflow === 'string' ? { workflow: values.workflow } : {}),
      });
      io.stdout.write(events.map((event) => `${encodeEvent(event)}\n`).join(''));
      await catchUpAfterAppend(storeUrl, store, readModels, registry, io);
      return 0;
    } finally {
      await store.close();
    }
  },
};
