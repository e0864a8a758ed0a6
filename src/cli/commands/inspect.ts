import { once } from 'node:events';
import { assertStreamExists } from '../../audit/source.ts';
import { emptyPosition, foldEvent } from '../../engine/streamFold.ts';
import { UsageError } from '../../errors.ts';
import type { InspectorServer } from '../../inspect/inspectorServer.ts';
import { withDriver } from '../../platform/optionalPeer.ts';
import { openStore } from '../../store/openStore.ts';
import type { Subscription } from '../../store/eventStore.ts';
import { required, wholeNumber, type Command } from '../command.ts';
import { sanitize } from '../io.ts';
import { counted } from '../../words.ts';

/** `phasegate inspect`: serves a stream to the Stately inspector, every browser from the first event; until Ctrl-C. */
export const inspectCommand: Command = {
  name: 'inspect',
  usage: 'inspect <store> <stream> [--port N] [--host ADDRESS] [--follow]',
  summary:
    'show a stream in the Stately inspector: every browser that connects gets it from the first event; --follow adds new events as they are recorded',
  options: { port: { type: 'string' }, host: { type: 'string' }, follow: { type: 'boolean' } },
  usesReadModels: false,
  async run({ registry, io }, positionals, values) {
    const storeUrl = required(this, positionals, 0, '<store>');
    const stream = required(this, positionals, 1, '<stream>');
    const port = wholeNumber('port', values.port) ?? 8080;
    const follow = values.follow === true;
    // Only this machine by default: the page serves the programme's events to whoever reaches it (README).
    const host = typeof values.host === 'string' && values.host !== '' ? values.host : '127.0.0.1';
    const store = await openStore(storeUrl, { readOnly: true });
    let server: InspectorServer | undefined;
    let subscription: Subscription | undefined;
    try {
      await assertStreamExists({ kind: 'store', store }, stream);
      // Replay once before serving, so a stream that does not replay is reported here, not in a browser.
      let position = emptyPosition(registry.latest());
      for await (const event of store.readStream(stream)) position = foldEvent(registry, position, event);
      const served = position.seq;
      // The server's packages (optional peer dependencies) are loaded by this command only, not by every command.
      const load = (): Promise<typeof import('../../inspect/inspectorServer.ts')> =>
        import('../../inspect/inspectorServer.ts');
      const what = 'phasegate inspect';
      const { startInspectorServer } = await withDriver('ws', what, () => withDriver('@statelyai/inspect', what, load));
      try {
        server = await startInspectorServer({
          registry,
          stream,
          port,
          host,
          seq: served,
          history: () => store.readStream(stream),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new UsageError(`port ${port} is in use on ${host}: choose another with --port`);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
          throw new UsageError(`cannot listen on ${host} port ${port} (${code}): choose another --host or --port`);
        }
        throw error;
      }
      if (follow) {
        server.setFollowing(true);
        const target = server;
        subscription = store.subscribe({}, ({ event }) => {
          if (event.stream === stream && event.seq > served) target.follow(event);
        });
      }
      // Listen for Ctrl-C before saying so: a signal that came first would otherwise end the process unhandled.
      const stop = new AbortController();
      const stopped = Promise.race([
        once(process, 'SIGINT', { signal: stop.signal }),
        once(process, 'SIGTERM', { signal: stop.signal }),
      ]);
      io.stderr.write(
        `phasegate: serving "${sanitize(stream)}" (${counted(served, 'event')}) to the Stately inspector. Open ${server.url} in a browser: ` +
          'every browser that connects is sent the whole stream from its first event (the inspector itself loads from stately.ai, ' +
          'which needs the internet).\n' +
          (follow
            ? 'Following: events recorded from now on, by any process, are shown as they arrive.\n'
            : 'Add --follow to show events recorded from now on.\n') +
          'Press Ctrl-C to stop.\n',
      );
      await stopped;
      stop.abort();
      return 0;
    } finally {
      await subscription?.stop();
      await server?.stop();
      await store.close();
    }
  },
};
