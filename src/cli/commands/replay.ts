import { IntegrityError } from '../../errors.ts';
import { emptyPosition, foldStream } from '../../engine/streamFold.ts';
import { toStreamState, streamStateJson } from '../../engine/streamState.ts';
import { openStore } from '../../store/openStore.ts';
import { required, type Command } from '../command.ts';
import { printJson, sanitize } from '../io.ts';

/** `phasegate replay`: folds every stream (or one) under the workflows its events name; stops at the first bad event. */
export const replayCommand: Command = {
  name: 'replay',
  usage: 'replay <store> [--stream S] [--json]',
  summary: 're-check every event against the workflow it names; prints each stream\'s final state',
  options: { stream: { type: 'string' } },
  async run({ registry, io }, positionals, values) {
    const storeUrl = required(this, positionals, 0, '<store>');
    const store = await openStore(storeUrl, { create: false });
    try {
      const streams = typeof values.stream === 'string' ? [values.stream] : await store.listStreams();
      let failures = 0;
      for (const stream of streams) {
        try {
          const { position } = await foldStream(registry, emptyPosition(registry.latest()), store.readStream(stream));
          const state = toStreamState(stream, position.workflow, position.snapshot, position);
          if (values.json === true) printJson(io, { ok: true, ...streamStateJson(state) });
          else io.stdout.write(`ok    ${stream}  seq ${state.seq}  ${state.workflow}  ${typeof state.state === 'string' ? state.state : state.state.join(' + ')}\n`);
        } catch (error) {
          if (!(error instanceof IntegrityError)) throw error;
          failures++;
          if (values.json === true) printJson(io, { ok: false, stream, seq: error.seq ?? null, message: error.message });
          else io.stdout.write(`FAIL  ${stream}  ${sanitize(error.message)}\n`);
        }
      }
      if (failures > 0) io.stderr.write(`phasegate: ${failures} of ${streams.length} stream(s) do not replay\n`);
      return failures > 0 ? 4 : 0;
    } finally {
      await store.close();
    }
  },
};
