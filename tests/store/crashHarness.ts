// Kills a writer with SIGKILL at random moments while it appends, then reopens
// the store and checks: every acknowledged event is there, a batch in flight is wholly there or wholly absent, a torn
// tail is reported, and at the end the hash chain verifies.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { assertChain, type EventStore } from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import { openJsonlEventStore } from '../../src/entries/jsonl.ts';
import { collect } from './storeEvents.ts';

const writerScript = fileURLToPath(new URL('./fixtures/crashWriter.mjs', import.meta.url));

/** What a crash run found. */
export type CrashReport = {
  readonly store: 'jsonl' | 'sqlite';
  readonly kills: number;
  /** Writers that died inside write() on purpose (JSONL), leaving part of a batch in the file. */
  readonly killedInsideWrite: number;
  /** Kills while a batch was being appended and not yet acknowledged. */
  readonly killedMidBatch: number;
  readonly acknowledgedEvents: number;
  readonly storedEvents: number;
  readonly acknowledgedLost: number;
  readonly partialBatches: number;
  readonly tornTailsDetected: number;
  readonly chainVerified: boolean;
  readonly integrityCheck: string;
  readonly seconds: number;
};

/** Returns a small seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Life = {
  acked: { seq: number; hash: string } | null;
  inflight: { from: number; to: number } | null;
  tore: boolean;
};

type Writer = { readonly run: (delayMs: number) => Promise<Life> };

/**
 * Starts a writer process that loads its code and then waits; `run` lets it open the store and append, kills it
 * `delayMs` after it is ready, and returns what it acknowledged and was appending. Starting the next writer while
 * the current one runs keeps process start-up off the critical path.
 */
function startWriter(kind: string, url: string, seed: number, tear: boolean): Writer {
  const args = [writerScript, kind, url, 'crash', String(seed), tear ? '1' : '0'];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const life: Life = { acked: null, inflight: null, tore: false };
  let buffered = '';
  let stderr = '';
  let ready: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const [word, a, b] = buffered.slice(0, newline).split(' ');
      buffered = buffered.slice(newline + 1);
      if (word === 'ready') ready();
      if (word === 'tear') life.tore = true;
      if (word === 'try') life.inflight = { from: Number(a), to: Number(b) };
      if (word === 'ack') life.acked = { seq: Number(a), hash: b! };
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => {}); // the writer may be gone already
  // 'close', not 'exit': an ack may still be in the pipe when the writer dies.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    async run(delayMs) {
      child.stdin.write('go\n');
      await Promise.race([isReady, exited]);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      const code = await exited;
      if (code !== null) throw new Error(`the writer exited by itself (code ${code}) before it was killed:\n${stderr}`);
      return life;
    },
  };
}

/** Runs `kills` kill-and-reopen cycles against a fresh JSONL or SQLite store in `dir`. */
export async function runCrashTest(
  kind: 'jsonl' | 'sqlite',
  kills: number,
  seed: number,
  dir: string,
): Promise<CrashReport> {
  const started = Date.now();
  const url = join(dir, kind === 'jsonl' ? 'crash.jsonl' : 'crash.db');
  const random = seededRandom(seed);
  let tornTails = 0;
  const open = async (): Promise<EventStore> =>
    kind === 'jsonl' ? openJsonlEventStore(url, { onTornTail: () => tornTails++ }) : openSqliteEventStore(url);
  let acked = { seq: 0, hash: '0'.repeat(64) };
  let acknowledgedLost = 0;
  let partialBatches = 0;
  let killedMidBatch = 0;
  let killedInsideWrite = 0;
  // JSONL: one life in four ends inside write() (the writer tears its own write and SIGKILLs itself).
  const nextWriter = (kill: number) => startWriter(kind, url, seed + kill, kind === 'jsonl' && random() < 0.25);
  let writer = nextWriter(0);
  for (let kill = 0; kill < kills; kill++) {
    const life = await writer.run(Math.floor(random() * 40));
    if (kill + 1 < kills) writer = nextWriter(kill + 1);
    if (life.tore) killedInsideWrite++;
    if (life.acked) acked = life.acked;
    const store = await open();
    try {
      const head = (await store.head('crash'))?.seq ?? 0;
      const [atAck] =
        acked.seq === 0 ? [] : await collect(store.readStream('crash', { fromSeq: acked.seq, toSeq: acked.seq }));
      if (head < acked.seq || (acked.seq > 0 && atAck?.hash !== acked.hash))
        acknowledgedLost += Math.max(1, acked.seq - head);
      const inflight = life.inflight && life.inflight.to > acked.seq ? life.inflight : null;
      if (inflight) killedMidBatch++;
      if (head !== acked.seq && head !== inflight?.to) partialBatches++;
      const last =
        head === acked.seq ? null : (await collect(store.readStream('crash', { fromSeq: head, toSeq: head })))[0]!;
      if (last) acked = { seq: last.seq, hash: last.hash }; // a whole unacknowledged batch is there: the chain goes on from it
    } finally {
      await store.close();
    }
  }
  const store = await open();
  let chainVerified: boolean;
  let storedEvents: number;
  try {
    storedEvents = (await assertChain('crash', store.readStream('crash'))).seq;
    chainVerified = true;
  } finally {
    await store.close();
  }
  let integrityCheck = 'n/a';
  if (kind === 'sqlite') {
    const db = new Database(url, { readonly: true });
    integrityCheck = String(db.pragma('integrity_check', { simple: true }));
    db.close();
  }
  return {
    store: kind,
    kills,
    killedInsideWrite,
    killedMidBatch,
    acknowledgedEvents: acked.seq,
    storedEvents,
    acknowledgedLost,
    partialBatches,
    tornTailsDetected: tornTails,
    chainVerified,
    integrityCheck,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Writes a test's figures to test-artifacts/<name>.json and prints them. */
export function reportFigures(name: string, figures: unknown): void {
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync(join('test-artifacts', `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`${name}: ${JSON.stringify(figures)}`);
}
