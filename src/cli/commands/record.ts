import { createEngine } from '../../engine/createEngine.ts';
import { encodeEvent } from '../../event/canonical.ts';
import { parseProposalsText } from '../../event/parse.ts';
import { openStore } from '../../store/openStore.ts';
import { required, wholeNumber, type Command } from '../command.ts';
import { readInput } from '../io.ts';

/** `phasegate record`: decides and appends proposals (one JSON object, or NDJSON) as one all-or-nothing batch. */
export const recordCommand: Command = {
  name: 'record',
  usage: 'record <store> <stream> [file|-] [--expect-seq N] [--workflow NAME@V] [--json]',
  summary: 'append proposals (one JSON object, or NDJSON) as one atomic batch; prints the stored events as NDJSON',
  options: { 'expect-seq': { type: 'string' }, workflow: { type: 'string' } },
  async run({ registry, io }, positionals, values) {
    const storeUrl = required(this, positionals, 0, '<store>');
    const stream = required(this, positionals, 1, '<stream>');
    const expectedSeq = wholeNumber('expect-seq', values['expect-seq']);
    const source = positionals[2] ?? '-';
    const proposals = parseProposalsText(await readInput(io, source), undefined, source === '-' ? 'stdin' : source);
    const store = await openStore(storeUrl);
    try {
      const engine = createEngine({ workflows: registry, store });
      const { events } = await engine.recordBatch(stream, proposals, {
        ...(expectedSeq === undefined ? {} : { expectedSeq }),
        ...(typeof values.workflow === 'string' ? { workflow: values.workflow } : {}),
      });
      io.stdout.write(events.map((event) => `${encodeEvent(event)}\n`).join(''));
      return 0;
    } finally {
      await store.close();
    }
  },
};
