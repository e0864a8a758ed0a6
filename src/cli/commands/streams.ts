import { createEngine } from '../../engine/createEngine.ts';
import { openStore } from '../../store/openStore.ts';
import { isRefusalsStream, refusalsSuffix } from '../../workflow/refusalsWorkflow.ts';
import { stateText } from '../../workflow/statePath.ts';
import { counted } from '../../words.ts';
import { required, type Command } from '../command.ts';
import { printJson } from '../io.ts';
import { textTable } from '../table.ts';

/** One stream as `phasegate streams` lists it. */
type StreamRow = {
  readonly stream: string;
  readonly events: number;
  readonly head: string;
  readonly recordedAt: string | null;
  readonly workflow: string;
  readonly state: string | readonly string[];
  /** For a `<stream>.refusals` stream: the stream whose refused proposals it keeps. */
  readonly refusalsOf?: string;
};

/**
 * `phasegate streams`: the streams a store holds, with their length, head hash, workflow version and state, so
 * nobody has to provoke an error to learn their names (README, "Command line"). A `<stream>.refusals` stream is
 * marked as the refusals of its stream; its "state" is how many refusals it holds.
 */
export const streamsCommand: Command = {
  name: 'streams',
  usage: 'streams <store> [--json]',
  summary: 'list the streams of a store: events, head, workflow version and state (refusal streams marked)',
  options: {},
  usesReadModels: false,
  async run({ registry, io }, positionals, values) {
    const storeUrl = required(this, positionals, 0, '<store>');
    const store = await openStore(storeUrl, { readOnly: true });
    const rows: StreamRow[] = [];
    try {
      const engine = createEngine({ workflows: registry, store });
      for (const stream of (await store.listStreams()).sort()) {
        const state = await engine.state(stream);
        const refusals = isRefusalsStream(stream);
        rows.push({
          stream,
          events: state.seq,
          head: state.hash,
          recordedAt: state.recordedAt,
          workflow: state.workflow,
          state: refusals ? counted(state.seq, 'refusal') : state.state,
          ...(refusals ? { refusalsOf: stream.slice(0, -refusalsSuffix.length) } : {}),
        });
      }
    } finally {
      await store.close();
    }
    if (values.json === true) {
      printJson(io, { store: store.location, streams: rows });
      return 0;
    }
    if (rows.length === 0) {
      io.stderr.write(`phasegate: ${store.location} holds no streams; phasegate record adds one\n`);
      return 0;
    }
    const table = rows.map((r) => [
      r.stream,
      r.events,
      r.head.slice(0, 12),
      r.workflow,
      r.refusalsOf === undefined ? stateText(r.state) : `refusals of ${r.refusalsOf}: ${String(r.state)}`,
    ]);
    io.stdout.write(textTable(['stream', 'events', 'head', 'workflow', 'state'], table));
    io.stderr.write(`phasegate: ${counted(rows.length, 'stream')} in ${store.location}\n`);
    return 0;
  },
};
