import { once } from 'node:events';
import { createWebSocketInspector } from '@statelyai/inspect';
import { createInspectorServer } from '@statelyai/inspect/server';
import { assertStreamExists } from '../../audit/source.ts';
import { keepGuardNames } from '../../inspect/inspector.ts';
import { replayIntoInspector } from '../../inspect/replayIntoInspector.ts';
import { openStore } from '../../store/openStore.ts';
import { required, wholeNumber, type Command } from '../command.ts';

/** `phasegate inspect`: replays a stream into an actor connected to the Stately inspector, until Ctrl-C. */
export const inspectCommand: Command = {
  name: 'inspect',
  usage: 'inspect <store> <stream> [--port N]',
  summary: 'replay a stream into the Stately inspector (a local WebSocket server; the inspector page itself needs the internet)',
  options: { port: { type: 'string' } },
  async run({ registry, io }, positionals, values) {
    const storeUrl = required(this, positionals, 0, '<store>');
    const stream = required(this, positionals, 1, '<stream>');
    const port = wholeNumber('port', values.port) ?? 8080;
    const store = await openStore(storeUrl, { readOnly: true });
    let server: ReturnType<typeof createInspectorServer> | undefined;
    let inspector: ReturnType<typeof createWebSocketInspector> | undefined;
    try {
      await assertStreamExists({ kind: 'store', store }, stream);
      server = createInspectorServer({ port, autoOpen: false });
      inspector = createWebSocketInspector({
        url: `ws://localhost:${port}`,
        serialize: keepGuardNames(registry.all.map((w) => w.machine)),
        maxDeferredEvents: 100_000,
      });
      const { events } = await replayIntoInspector(registry, stream, store.readStream(stream), inspector);
      io.stderr.write(
        `phasegate: replayed ${events} event(s) of "${stream}" into the Stately inspector.\n` +
          `Open http://localhost:${port} in a browser (it loads the inspector from stately.ai; the server keeps the last 200 messages).\n` +
          'Press Ctrl-C to stop.\n',
      );
      const stop = new AbortController();
      await Promise.race([once(process, 'SIGINT', { signal: stop.signal }), once(process, 'SIGTERM', { signal: stop.signal })]);
      stop.abort();
      return 0;
    } finally {
      inspector?.stop();
      server?.stop();
      await store.close();
    }
  },
};
