/**
 * `phasegate inspect` on real streams: a browser that connects at any time gets the machine and the whole history from
 * the initial state, in order; `--follow` adds what other processes record; the page says what it is doing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createMemoryEventStore, createWorkflowRegistry, type RecordedEvent } from '../../src/index.ts';
import { startInspectorServer } from '../../src/entries/inspect.ts';
import { main } from '../../src/cli/main.ts';
import { programmeVersions } from '../../machines/index.ts';
import { generateEvents } from '../../bench/generateLog.ts';
import { launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/freePort.ts';
import { temporaryDirectory } from '../support/logs.ts';
import { seedProposals } from '../support/seedLog.ts';

const registry = createWorkflowRegistry([...programmeVersions]);
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Message = {
  type: string;
  sessionId: string;
  snapshot?: { value: unknown };
  event?: { type: string; seq?: number };
  definition?: string;
};

/** Connects like the served page does, and collects every message. */
async function connect(url: string): Promise<Message[]> {
  const received: Message[] = [];
  const socket = new WebSocket(url.replace(/^http/, 'ws'));
  cleanups.push(() => socket.terminate());
  socket.on('message', (data) => received.push(JSON.parse((data as Buffer).toString('utf8')) as Message));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return received;
}

async function until(done: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const snapshots = (messages: readonly Message[]) => messages.filter((m) => m.type === '@xstate.snapshot');

describe('the inspector server', () => {
  it('sends a late browser the actor and all 1,000 events of a long stream, from the initial state, in order', async () => {
    const events = [...generateEvents(1000, 'long')];
    const store = createMemoryEventStore();
    await store.append('long', events, { expectedSeq: 0 });
    const server = await startInspectorServer({
      registry,
      stream: 'long',
      port: 0,
      history: () => store.readStream('long'),
    });
    cleanups.push(() => server.stop());
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const first = await connect(server.url);
    await until(() => snapshots(first).length === 1000, 'the first browser');
    await sleep(200); // the server has long finished with the stream when the late browser comes
    const late = await connect(server.url);
    await until(() => snapshots(late).length === 1000, 'the late browser');
    expect(late[0]!.type).toBe('@xstate.actor');
    expect(late[0]!.sessionId).toBe('long');
    expect(late[0]!.snapshot!.value).toBe('unregistered');
    expect(JSON.parse(late[0]!.definition!).id).toBe('programme');
    expect(snapshots(late).map((m) => m.event!.seq)).toEqual(events.map((e) => e.seq));
    // Each event comes just before the snapshot it led to.
    const kinds = late.slice(1, 7).map((m) => m.type);
    expect(kinds).toEqual([
      '@xstate.event',
      '@xstate.snapshot',
      '@xstate.event',
      '@xstate.snapshot',
      '@xstate.event',
      '@xstate.snapshot',
    ]);
    expect(snapshots(late)[0]!.snapshot!.value).toEqual({ running: { feasibility: 'active' } });
    expect(late.filter((m) => m.type === '@xstate.actor')).toHaveLength(1);
    expect(server.status()).toMatchObject({ stream: 'long', events: 1000, clients: 2 });
  });

  it('follows: events appended later reach browsers already connected and browsers connecting mid-way', async () => {
    const store = createMemoryEventStore();
    const events = [...generateEvents(60, 'live')];
    await store.append('live', events.slice(0, 30), { expectedSeq: 0 });
    const server = await startInspectorServer({
      registry,
      stream: 'live',
      port: 0,
      seq: 30,
      history: () => store.readStream('live'),
    });
    cleanups.push(() => server.stop());
    const early = await connect(server.url);
    await until(() => snapshots(early).length === 30, 'the replay');
    const follow = async (batch: RecordedEvent[], expectedSeq: number) => {
      await store.append('live', batch, { expectedSeq });
      for (const e of batch) server.follow(e);
    };
    await follow(events.slice(30, 45), 30);
    const middle = await connect(server.url);
    await follow(events.slice(45), 45);
    await until(() => snapshots(early).length === 60 && snapshots(middle).length === 60, 'the followed events');
    for (const received of [early, middle])
      expect(snapshots(received).map((m) => m.event!.seq)).toEqual(events.map((e) => e.seq));
    expect(server.status().events).toBe(60);
  });

  it('refuses a busy port with an error, not a hang', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    cleanups.push(() => blocker.close());
    await new Promise((resolve) => blocker.once('listening', resolve));
    await expect(
      startInspectorServer({ registry, stream: 's', port, history: async function* () {} }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('phasegate inspect --follow', () => {
  it('serves a file store and shows what another process records after it started', async () => {
    const dir = temporaryDirectory('phasegate-inspect-');
    cleanups.push(() => dir.dispose());
    const io = () => {
      const out: string[] = [];
      return {
        out,
        io: {
          stdout: { write: (t: string) => void out.push(t) },
          stderr: { write: (t: string) => void out.push(t) },
          readStdin: async () => '',
        },
      };
    };
    const db = join(dir.path, 'lcz.db');
    const seed = dir.file(
      'seed.jsonl',
      seedProposals
        .slice(0, 20)
        .map((p) => JSON.stringify(p))
        .join('\n'),
    );
    expect(await main(['record', db, 'lcz', seed], io().io)).toBe(0);
    const port = await freePort();
    const cli = io();
    const running = main(['inspect', db, 'lcz', '--port', String(port), '--follow'], cli.io);
    cleanups.push(async () => {
      process.emit('SIGINT');
      await running;
    });
    await until(() => cli.out.join('').includes('Press Ctrl-C'), 'inspect to start');
    expect(cli.out.join('')).toContain(`Open http://127.0.0.1:${port}`);
    expect(cli.out.join('')).toContain('Following: events recorded from now on');
    const received = await connect(`http://127.0.0.1:${port}`);
    await until(() => snapshots(received).length === 20, 'the replay');
    const more = dir.file(
      'more.jsonl',
      seedProposals
        .slice(20, 25)
        .map((p) => JSON.stringify(p))
        .join('\n'),
    );
    expect(await main(['record', db, 'lcz', more], io().io)).toBe(0);
    await until(() => snapshots(received).length === 25, 'the recorded events');
    expect(snapshots(received).map((m) => m.event!.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(snapshots(received).map((m) => m.event!.type)).toEqual(seedProposals.slice(0, 25).map((p) => p.type));
  });
});

describe('the page inspect serves', () => {
  it('says what phasegate serves, and that the inspector is online once it answers; or why it is not', async () => {
    // A stand-in for the Stately inspector: it says it is connected, and keeps what it is sent.
    const fake = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(
        '<!DOCTYPE html><script>window.got = []; addEventListener("message", (e) => got.push(e.data)); ' +
          'parent.postMessage({ type: "@statelyai.connected" }, "*");</script>',
      );
    }).listen(0, '127.0.0.1');
    cleanups.push(() => fake.close());
    await new Promise((resolve) => fake.once('listening', resolve));
    const fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/inspect`;
    const store = createMemoryEventStore();
    const events = [...generateEvents(40, 'paged')];
    await store.append('paged', events, { expectedSeq: 0 });
    const online = await startInspectorServer({
      registry,
      stream: 'paged',
      port: 0,
      seq: 40,
      inspectorUrl: fakeUrl,
      history: () => store.readStream('paged'),
    });
    cleanups.push(() => online.stop());
    const offline = await startInspectorServer({
      registry,
      stream: 'paged',
      port: 0,
      seq: 40,
      inspectorUrl: 'http://127.0.0.1:9/inspect',
      offlineAfterMs: 1500,
      history: () => store.readStream('paged'),
    });
    cleanups.push(() => offline.stop());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.context.newPage();
    await page.goto(online.url);
    await until(() => true, '');
    await page.waitForFunction(() => document.getElementById('inspector-state')?.textContent === 'online', undefined, {
      timeout: 30_000,
    });
    await page.waitForFunction(
      () => /81 message\(s\) received for 40 event\(s\)/.test(document.getElementById('served')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.locator('#bar').textContent()).toContain('phasegate is serving stream paged');
    const got = await page
      .frameLocator('#inspector')
      .locator('html')
      .evaluate(() => (window as unknown as { got: Array<{ type: string }> }).got.map((m) => m.type));
    expect(got[0]).toBe('@xstate.actor');
    expect(got.filter((t) => t === '@xstate.snapshot')).toHaveLength(40);
    const second = await browser.context.newPage();
    await second.goto(offline.url);
    await second.waitForFunction(
      () => /not reachable/.test(document.getElementById('inspector-state')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    expect(await second.locator('#inspector-state').textContent()).toContain('needs the internet');
  });
});
