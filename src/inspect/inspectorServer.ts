import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { inspectorPage } from './inspectorPage.ts';
import { keepGuardNames } from './inspector.ts';
import { inspectStream, type StreamInspection } from './streamInspection.ts';

/** What {@link startInspectorServer} serves. */
export type InspectorServerOptions = {
  readonly registry: WorkflowRegistry;
  readonly stream: string;
  /** Reads the stream from its first event: called once for each browser that connects. */
  readonly history: () => AsyncIterable<RecordedEvent>;
  readonly port: number;
  /** @defaultValue '127.0.0.1' */
  readonly host?: string;
  /** The stream's last seq when the server starts (what the page reports until browsers connect). */
  readonly seq?: number;
  /** The Stately inspector's address, loaded by the served page. @defaultValue 'https://stately.ai/inspect' */
  readonly inspectorUrl?: string;
  /** How long the page waits for the inspector to answer before it says it is not reachable. @defaultValue 15000 */
  readonly offlineAfterMs?: number;
};

/** A running inspector server. */
export type InspectorServer = {
  /** `http://host:port`: the page to open. */
  readonly url: string;
  readonly port: number;
  /** Sends an event appended after the server started to every browser (and keeps the stream's head). */
  follow(event: RecordedEvent): void;
  /** How many events of the stream the server knows (replayed plus followed), and whether it follows new ones. */
  status(): { readonly stream: string; readonly events: number; readonly following: boolean; readonly clients: number };
  /** Marks the server as following the store (shown on the page). */
  setFollowing(following: boolean): void;
  stop(): Promise<void>;
};

type Client = {
  readonly socket: WebSocket;
  live: boolean;
  readonly queue: RecordedEvent[];
  inspection: StreamInspection | null;
};

/**
 * Starts an HTTP and WebSocket server for the Stately inspector. The page at `/` says what phasegate is serving and
 * whether the inspector (loaded from stately.ai) came online, and relays the socket's messages to it. Every browser
 * that connects, at any time, is sent the whole stream from the start, replayed for it alone from `history()`: the
 * actor with its machine and initial snapshot, then each event and the snapshot after it, in seq order; then every
 * event passed to `follow`. Messages a client sends (another process's inspector) are relayed to the others.
 * Resolves once listening; rejects with the listen error (a busy port: `EADDRINUSE`).
 */
export async function startInspectorServer(options: InspectorServerOptions): Promise<InspectorServer> {
  const { registry, stream } = options;
  const host = options.host ?? '127.0.0.1';
  const clients = new Set<Client>();
  let following = false;
  let known = options.seq ?? 0;
  const serialize = keepGuardNames(registry.all.map((w) => w.machine));

  const http: Server = createServer((request, response) => {
    if (request.url === '/status') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify(server.status()));
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    const inspectorUrl = options.inspectorUrl ?? 'https://stately.ai/inspect';
    response.end(inspectorPage({ stream, inspectorUrl, offlineAfterMs: options.offlineAfterMs ?? 15_000 }));
  });

  const replayTo = async (client: Client) => {
    const send = (message: StatelyInspectionEvent) => {
      if (client.socket.readyState === WebSocket.OPEN) client.socket.send(JSON.stringify(message));
    };
    const inspection = inspectStream(
      registry,
      stream,
      createInspector({ send }, { serialize, serializationDepthLimit: 64 }),
    );
    client.inspection = inspection;
    try {
      for await (const event of options.history()) {
        if (client.socket.readyState !== WebSocket.OPEN) return;
        inspection.push(event);
        if (client.socket.bufferedAmount > 1 << 20) await drained(client.socket);
      }
      // Events followed while this client was replayed, that its read did not reach.
      for (const event of client.queue.splice(0)) if (event.seq === inspection.seq + 1) inspection.push(event);
      known = Math.max(known, inspection.seq);
      client.live = true;
    } catch (error) {
      client.socket.close(1011, (error instanceof Error ? error.message : 'replay failed').slice(0, 120));
    }
  };

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  // Attached once listening: a WebSocket server re-emits its HTTP server's errors (a busy port) as its own.
  const sockets = new WebSocketServer({ server: http });
  sockets.on('error', () => {});
  sockets.on('connection', (socket) => {
    const client: Client = { socket, live: false, queue: [], inspection: null };
    clients.add(client);
    socket.on('close', () => clients.delete(client));
    socket.on('message', (data) => {
      for (const other of clients)
        if (other !== client && other.socket.readyState === WebSocket.OPEN) other.socket.send(textOf(data));
    });
    void replayTo(client);
  });

  const port = (http.address() as AddressInfo).port;

  const server: InspectorServer = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    follow(event) {
      known = Math.max(known, event.seq);
      for (const client of clients) {
        if (!client.live) client.queue.push(event);
        else if (client.inspection !== null && event.seq === client.inspection.seq + 1) client.inspection.push(event);
      }
    },
    status: () => ({ stream, events: known, following, clients: clients.size }),
    setFollowing(value) {
      following = value;
    },
    async stop() {
      for (const client of clients) client.socket.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  return server;
}

function drained(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    const check = () =>
      socket.bufferedAmount < 1 << 18 || socket.readyState !== WebSocket.OPEN ? resolve() : setTimeout(check, 10);
    check();
  });
}

/** Returns a WebSocket message as text, whichever of ws's forms (a Buffer, fragments, an ArrayBuffer) it came in. */
function textOf(data: RawData): string {
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString(
    'utf8',
  );
}
