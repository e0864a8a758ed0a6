import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { assertChain, type EventStore } from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import { openJsonlEventStore } from '../../src/entries/jsonl.ts';
import { collect } from './storeEvents.ts';
import { tempDir } from './storeFixtures.ts';

// A full disk as a real kernel fault: a writer runs under a file size limit (ulimit -f, SIGXFSZ ignored),
// so the write that crosses it fails with EFBIG (or SQLite's I/O error) exactly as a full disk fails with ENOSPC,
// at whatever point of a batch it falls. After that: every acknowledged event is there, nothing is half-written
// (no torn tail, no partial batch), the chain verifies, and the failing writer refuses to go on.
const writerScript = fileURLToPath(new URL('./fixtures/fullDiskWriter.mjs', import.meta.url));
const runs = Number(process.env.DISK_FULL_RUNS ?? 12);
const { dir, remove } = tempDir('disk-full');
afterAll(remove);

type Outcome = { acknowledged: string[]; lastAckSeq: number; failure: string; after: string };

function runUnderLimit(kind: 'jsonl' | 'sqlite', path: string, blocks: number, seed: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    // dash's ulimit -f counts 512-byte blocks; "trap '' XFSZ" makes the kernel fail the write instead of killing us
    const script = `trap '' XFSZ; ulimit -f ${blocks}; exec "${process.execPath}" "${writerScript}" ${kind} "${path}" ${seed}`;
    const child = spawn('/bin/sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`writer exited with ${code}: ${out.slice(-500)}`));
      const lines = out.trim().split('\n');
      const acks = lines.filter((l) => l.startsWith('ack '));
      resolve({
        acknowledged: acks.flatMap((l) => l.split(' ').slice(2)),
        lastAckSeq: acks.length === 0 ? 0 : Number(acks.at(-1)!.split(' ')[1]),
        failure: lines.find((l) => l.startsWith('failed ')) ?? '',
        after: lines.find((l) => l.startsWith('after ')) ?? '',
      });
    });
  });
}

describe.each(['jsonl', 'sqlite'] as const)('a %s store that runs out of room mid-append', (kind) => {
  it(`keeps every acknowledged event and no partial write, over ${runs} limits`, async () => {
    const figures = {
      runs: 0,
      acknowledgedEvents: 0,
      lost: 0,
      partialBatches: 0,
      tornTails: 0,
      refusedAfterFailure: 0,
    };
    for (let run = 1; run <= runs; run++) {
      const path = join(dir, `${kind}-${run}.${kind === 'jsonl' ? 'jsonl' : 'db'}`);
      const blocks = (kind === 'jsonl' ? 20 : 200) + run * 37; // a different cut point within a batch each run
      const outcome = await runUnderLimit(kind, path, blocks, run);
      expect(outcome.failure).toMatch(
        kind === 'jsonl'
          ? /Cannot append to JSONL store .*EFBIG.*Nothing was acknowledged/
          : /disk may be full.*Nothing was acknowledged/,
      );
      // JSONL refuses to go on after a failed write (fsyncgate); SQLite may, once its rollback freed the room
      if (kind === 'jsonl') expect(outcome.after).toBe('after StoreError');

      const tornTails: unknown[] = [];
      const store: EventStore =
        kind === 'jsonl'
          ? await openJsonlEventStore(path, { onTornTail: (t) => tornTails.push(t) })
          : await openSqliteEventStore(path);
      try {
        const stored = await collect(store.readStream('s'));
        const ids = new Set(stored.map((e) => e.id));
        const lost = outcome.acknowledged.filter((id) => !ids.has(id)).length;
        const batches = new Map<unknown, { size: unknown; stored: number }>();
        for (const { data } of stored) {
          const batch = batches.get(data['batch']) ?? { size: data['size'], stored: 0 };
          batch.stored++;
          batches.set(data['batch'], batch);
        }
        const partialBatches = [...batches.values()].filter((b) => b.stored !== b.size).length;
        expect(lost).toBe(0);
        expect(partialBatches).toBe(0);
        expect(tornTails).toEqual([]);
        await assertChain('s', stored);
        if (kind === 'jsonl') {
          expect(stored.at(-1)?.seq ?? 0).toBe(outcome.lastAckSeq); // cut back to where the failed append began
          const bytes = readFileSync(path);
          expect(bytes.length === 0 || bytes.at(-1) === 0x0a).toBe(true);
        } else {
          const db = new Database(path, { readonly: true });
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          db.close();
        }
        figures.runs++;
        figures.acknowledgedEvents += outcome.acknowledged.length;
        figures.lost += lost;
        figures.partialBatches += partialBatches;
        figures.tornTails += tornTails.length;
        if (outcome.after === 'after StoreError') figures.refusedAfterFailure++;
      } finally {
        await store.close();
      }
    }
    console.log(`disk-full-${kind}: ${JSON.stringify(figures)}`);
  }, 120_000);
});
