/**
 * verify's speed against the limit: hashing the same bytes with node:crypto (one-shot `crypto.hash` per line), in one
 * run, as a ratio; and memory while a long log streams through verify.
 *
 *   npx tsx bench/verify.ts [events=200000] [--memory] [--signed]
 *     --memory: a 1M-event log through verify, peak RSS and heap
 *     --signed: events signed with Ed25519 (two keys, rotated midway), verified against the key registry
 */
import { hash, verify as verifySignature, type KeyObject } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import {
  canonicalJson,
  encodeEvent,
  GENESIS_HASH,
  sha256Hex,
  type EventSigner,
  type RecordedEvent,
  type UnhashedEvent,
} from '../src/index.ts';
import {
  createKeyRegistry,
  createSigner,
  eventSignatureMessage,
  generateSigningKey,
  publicEntryOf,
} from '../src/entries/audit.ts';
import { forEachJsonlLine } from '../src/store/jsonlLines.ts';
import { verifyJsonlFile } from '../src/audit/verify.ts';
import { reportGoal } from './goals.ts';

const args = process.argv.slice(2);
const memory = args.includes('--memory');
const signed = args.includes('--signed');
const rotation = new Date(
  1_331_830_800_000 + 0.5 * 1000 * (Number(args.find((a) => /^\d+$/.test(a)) ?? 0) || 200_000),
).toISOString();
const keys = [
  generateSigningKey({
    keyId: 'twa-1',
    actorId: 'twa-guangzhou',
    validFrom: '2000-01-01T00:00:00Z',
    validTo: rotation,
  }),
  generateSigningKey({ keyId: 'twa-2', actorId: 'twa-guangzhou', validFrom: rotation }),
];
const signer: EventSigner | undefined = signed ? createSigner(keys) : undefined;
const registry = createKeyRegistry(keys.map(publicEntryOf));
const count = Number(
  args.find((a) => /^\d+$/.test(a)) ?? process.env.BENCH_VERIFY_EVENTS ?? (memory ? 1_000_000 : 200_000),
);

/** Writes a log of `n` events of a few streams (~300-450 bytes a line, like the seed's facts). */
async function writeLog(path: string, n: number): Promise<number> {
  const out = createWriteStream(path);
  const heads = new Map<string, { seq: number; hash: string }>();
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const stream = `programme-${i % 7}`;
    const head = heads.get(stream) ?? { seq: 0, hash: GENESIS_HASH };
    const unhashed: UnhashedEvent = {
      id: `ev${i.toString(36).padStart(19, '0')}`,
      stream,
      seq: head.seq + 1,
      type: 'NetworkMeetingHeld',
      schema: 1,
      workflow: 'programme@2',
      occurredAt: '2012-03-15',
      recordedAt: new Date(1_331_830_800_000 + i * 1000).toISOString(),
      actor: { id: 'twa-guangzhou', role: 'programme_manager' },
      data: {
        meetingId: `m-${i}`,
        date: '2012-03-15',
        participantIds: ['sz-gov', 'eli', 'tu-delft'],
        topics: ['feasibility of the zone', `follow-up ${i}`],
      },
      prev: head.hash,
    };
    const sealed: RecordedEvent = { ...unhashed, hash: sha256Hex(canonicalJson(unhashed)) };
    const sig = signer?.(sealed);
    const event: RecordedEvent = sig ? { ...sealed, sig } : sealed;
    heads.set(stream, { seq: event.seq, hash: event.hash });
    const line = `${encodeEvent(event)}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** Returns the CPU seconds (user + system) of this process spent in `run`: steadier than wall time on a shared machine. */
async function timeIt(run: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

const dir = await mkdtemp(join(tmpdir(), 'phasegate-bench-'));
try {
  const path = join(dir, 'log.jsonl');
  const bytes = await writeLog(path, count);
  console.log(`log: ${count.toLocaleString('en')} events, ${(bytes / 1e6).toFixed(1)} MB`);
  if (memory) {
    globalThis.gc?.();
    const marks = new Map<number, string>();
    let peakRss = 0;
    let peakHeap = 0;
    const before = process.memoryUsage();
    const report = await verifyJsonlFile(path, {
      onProgress: ({ done, total }) => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
        const decile = Math.floor((done / total) * 10);
        if (!marks.has(decile))
          marks.set(
            decile,
            `${decile * 10}%: rss ${(m.rss / 1e6).toFixed(0)} MB, heap ${(m.heapUsed / 1e6).toFixed(0)} MB`,
          );
      },
    });
    console.log(`verify ok=${report.ok} events=${report.events}`);
    console.log(`before: rss ${(before.rss / 1e6).toFixed(0)} MB, heap ${(before.heapUsed / 1e6).toFixed(0)} MB`);
    for (const line of marks.values()) console.log(`  ${line}`);
    console.log(
      `peak while verifying: rss ${(peakRss / 1e6).toFixed(0)} MB, heap used ${(peakHeap / 1e6).toFixed(0)} MB`,
    );
  } else {
    const rounds = signed ? 3 : 9;
    const hashRuns: number[] = [];
    const verifyRuns: number[] = [];
    for (let r = 0; r < rounds; r++) {
      hashRuns.push(await timeIt(() => forEachJsonlLine(path, ({ bytes: line }) => void hash('sha256', line, 'hex'))));
      verifyRuns.push(
        await timeIt(async () => {
          const report = await verifyJsonlFile(path, signed ? { keys: registry } : {});
          if (!report.ok || (signed && report.signatures.valid !== count)) throw new Error('clean log did not verify');
        }),
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const h = count / median(hashRuns);
    const v = count / median(verifyRuns);
    console.log(
      `hash each line (node:crypto, same reader): ${Math.round(h).toLocaleString('en')} events per CPU second`,
    );
    console.log(
      `verify (hash + chain + seq checks${signed ? ' + Ed25519' : ''}):        ${Math.round(v).toLocaleString('en')} events per CPU second`,
    );
    if (!signed) {
      console.log(
        `ratio verify / hashing: ${(v / h).toFixed(2)} (verify also proves each line canonical JSON: a one-pass scan that costs more than the hash)`,
      );
      reportGoal('verify-hash', v / h);
    }
    if (signed) {
      const key = registry.keys[0]!.publicKey as KeyObject;
      const message = eventSignatureMessage('0'.repeat(64));
      const { sign } = await import('node:crypto');
      const signature = sign(null, message, keys[0]!.privateKey as KeyObject);
      const n = 20_000;
      const seconds = await timeIt(async () => {
        for (let i = 0; i < n; i++) verifySignature(null, message, key, signature);
      });
      console.log(
        `Ed25519 verifications alone (node:crypto): ${Math.round(n / seconds).toLocaleString('en')} per CPU second`,
      );
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
