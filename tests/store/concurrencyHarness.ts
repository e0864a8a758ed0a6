// N separate processes append to one stream through the engine, retrying on conflict;
// afterwards every intended event must be stored exactly once, seqs gapless, each writer's order kept.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  assertChain,
  createEngine,
  createWorkflowRegistry,
  openStore,
  type PositionedEvent,
  type RecordedEvent,
} from '../../src/index.ts';
import { programmeVersions } from '../../machines/index.ts';
import { untyped } from '../support/untyped.ts';

const writerScript = fileURLToPath(new URL('./fixtures/engineWriter.mjs', import.meta.url));
const seedFile = fileURLToPath(new URL('../../examples/lcz-shenzhen.jsonl', import.meta.url));

/** What a concurrency run found. */
export type ConcurrencyReport = {
  readonly store: string;
  readonly writers: number;
  readonly appendsPerWriter: number;
  readonly stored: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  readonly conflictsRetried: number;
  readonly chainVerified: boolean;
  /** What a subscriber in the test process received while the writer processes appended. */
  readonly subscriber: { readonly delivered: number; readonly duplicated: number; readonly outOfOrder: number };
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly seconds: number;
};

function runWriter(
  url: string,
  stream: string,
  writer: number,
  count: number,
): Promise<{ conflicts: number; p50Ms: number; p99Ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerScript, url, stream, String(writer), String(count)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // 'close', not 'exit': the writer's last output may still be in the pipe when it exits.
    child.once('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim()) as { conflicts: number; p50Ms: number; p99Ms: number });
      else reject(new Error(`writer ${writer} failed with code ${code}:\n${stderr}`));
    });
  });
}

/** Registers a programme on `stream`, runs `writers` processes of `appends` records each, and checks the result. */
export async function runConcurrentWriters(
  url: string,
  stream: string,
  writers: number,
  appends: number,
): Promise<ConcurrencyReport> {
  const started = Date.now();
  const registration = JSON.parse(readFileSync(seedFile, 'utf8').split('\n')[0]!) as unknown;
  const setup = await openStore(url);
  await untyped(createEngine({ workflows: createWorkflowRegistry(programmeVersions), store: setup })).record(
    stream,
    registration,
  );
  const delivered: PositionedEvent[] = [];
  const subscription = setup.subscribe({}, (item) => void delivered.push(item));

  const results = await Promise.all(Array.from({ length: writers }, (_, i) => runWriter(url, stream, i + 1, appends)));
  const until = Date.now() + 30_000;
  while (delivered.length < writers * appends + 1 && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate would arrive now
  await subscription.stop();
  await setup.close();
  const deliveredIds = delivered.map((p) => p.event.id);
  const subscriber = {
    delivered: delivered.length,
    duplicated: deliveredIds.length - new Set(deliveredIds).size,
    outOfOrder: delivered.filter((p, i) => i > 0 && p.position <= delivered[i - 1]!.position).length,
  };

  const store = await openStore(url, { create: false });
  const events: RecordedEvent[] = [];
  let chainVerified: boolean;
  try {
    const collect = async function* () {
      for await (const event of store.readStream(stream)) {
        events.push(event);
        yield event;
      }
    };
    await assertChain(stream, collect());
    chainVerified = true;
  } finally {
    await store.close();
  }
  const seen = new Map<string, number>();
  const lastByWriter = new Map<number, number>();
  let outOfOrder = 0;
  for (const event of events.slice(1)) {
    const docId = (event.data as { docId: string }).docId;
    seen.set(docId, (seen.get(docId) ?? 0) + 1);
    const [writer, n] = docId.slice(1).split('-').map(Number) as [number, number];
    if ((lastByWriter.get(writer) ?? 0) >= n) outOfOrder++;
    lastByWriter.set(writer, n);
  }
  let lost = 0;
  for (let w = 1; w <= writers; w++) for (let n = 1; n <= appends; n++) if (!seen.has(`w${w}-${n}`)) lost++;
  const duplicated = [...seen.values()].reduce((sum, times) => sum + times - 1, 0);
  return {
    store: url.startsWith('postgres') ? 'postgres' : url.endsWith('.jsonl') ? 'jsonl' : 'sqlite',
    writers,
    appendsPerWriter: appends,
    stored: events.length - 1,
    lost,
    duplicated,
    outOfOrder,
    conflictsRetried: results.reduce((sum, r) => sum + r.conflicts, 0),
    chainVerified,
    subscriber,
    p50Ms: Math.max(...results.map((r) => r.p50Ms)),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    seconds: (Date.now() - started) / 1000,
  };
}
