// Streams claimed as threads become free (src/parallel/claims.ts): each index to exactly one claimant, each
// claimant's in increasing order, and a worker thread shares the counter (a SharedArrayBuffer is not copied).
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimed, createClaims } from '../../src/parallel/claims.ts';

describe('claimed', () => {
  it('hands every index to exactly one of the claimants, each in increasing order, however they interleave', () => {
    fc.assert(
      fc.property(
        fc.nat(40),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(4), { maxLength: 80 }),
        (count, n, turns) => {
          const claims = createClaims();
          const claimants = Array.from({ length: n }, () => claimed(claims, count));
          const got = Array.from({ length: n }, () => [] as number[]);
          const done = new Set<number>();
          // The claimants take turns in the order `turns` gives, then each drains what is left.
          const order = [...turns.map((t) => t % n), ...Array.from({ length: n }, (_, i) => i)];
          for (const who of order) {
            if (done.has(who)) continue;
            const next = claimants[who]!.next();
            if (next.done) done.add(who);
            else got[who]!.push(next.value);
          }
          for (let who = 0; who < n; who++) for (const index of claimants[who]!) got[who]!.push(index);
          for (const own of got) expect(own).toEqual([...own].sort((a, b) => a - b));
          expect(got.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
        },
      ),
    );
  });

  it('claims nothing of an empty list, and nothing once the list is spent (the counter stands past its end)', () => {
    const claims = createClaims();
    expect([...claimed(claims, 0)]).toEqual([]);
    expect([...claimed(claims, 3)]).toEqual([1, 2]);
    expect([...claimed(claims, 3)]).toEqual([]);
  });

  it('shares the counter with a worker thread', async () => {
    const claims = createClaims();
    const here = claimed(claims, 10);
    expect(here.next().value).toBe(0);
    // The worker claims what is left after this thread's first; this thread then finds none.
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const counter = new Int32Array(workerData);
       const got = [];
       for (let i; (i = Atomics.add(counter, 0, 1)) < 10; ) got.push(i);
       parentPort.postMessage(got);`,
      { eval: true, workerData: claims },
    );
    const got = await new Promise<number[]>((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...here]).toEqual([]);
  });
});
