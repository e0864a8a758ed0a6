import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordedEvent } from '../../src/index.ts';
import { verifyJsonlFile } from '../../src/entries/audit.ts';
import { fcSeed } from '../fcSeed.ts';
import { seedProposals } from '../support/lifecycle.ts';
import { sealChain, temporaryDirectory, toJsonl } from '../support/logs.ts';

/** A 10k-event log of one stream whose payloads are the seed timeline's facts, cycled (nested data, quotes, non-ASCII). */
function tenThousandEvents(): RecordedEvent[] {
  const seed = seedProposals();
  return sealChain(
    Array.from({ length: 10_000 }, (_, i) => {
      const proposal = seed[i % seed.length]!;
      return { stream: 'lcz-10k', type: proposal.type, actor: proposal.actor, data: { ...proposal.data, copy: i } };
    }),
  );
}

describe(`single-byte flips in a 10k-event JSONL log (seed ${fcSeed})`, () => {
  const dir = temporaryDirectory();
  let path = '';
  let bytes = Buffer.alloc(0);
  let lineStarts: number[] = [];
  const outcomes = { flips: 0, detectedAtExactSeq: 0, detectedElsewhere: 0, missed: 0 };

  /** The 1-based line (= seq: one stream) that holds byte `offset`; a newline belongs to the line it ends. */
  const lineOf = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };

  beforeAll(() => {
    const text = toJsonl(tenThousandEvents());
    path = dir.file('lcz-10k.jsonl', text);
    bytes = Buffer.from(text, 'utf8');
    lineStarts = [0];
    for (let i = bytes.indexOf(10); i !== -1 && i < bytes.length - 1; i = bytes.indexOf(10, i + 1))
      lineStarts.push(i + 1);
  });

  afterAll(() => {
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync(
      'test-artifacts/tampering-flips.json',
      `${JSON.stringify({ seed: fcSeed, events: 10_000, bytes: bytes.length, ...outcomes }, null, 2)}\n`,
    );
    dir.dispose();
  });

  it('verifies the clean log without a false alarm', async () => {
    const report = await verifyJsonlFile(path);
    expect(report.problems).toEqual([]);
    expect(report.streams).toMatchObject([{ stream: 'lcz-10k', verified: 10_000 }]);
  });

  it('detects each of 1,000 random single-byte flips at the exact seq of the line it hit', async () => {
    const fd = openSync(path, 'r+');
    try {
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (offset, mask) => {
          const original = bytes[offset]!;
          writeSync(fd, Buffer.from([original ^ mask]), 0, 1, offset);
          try {
            const report = await verifyJsonlFile(path, { stopAtFirstProblem: true });
            const seq = report.problems[0]?.seq;
            outcomes.flips++;
            if (seq === undefined) outcomes.missed++;
            else if (seq === lineOf(offset)) outcomes.detectedAtExactSeq++;
            else outcomes.detectedElsewhere++;
            expect(report.ok, `flip of byte ${offset} (${original} ^ ${mask}) was not detected`).toBe(false);
            expect(seq, `flip of byte ${offset} in line ${lineOf(offset)}`).toBe(lineOf(offset));
          } finally {
            writeSync(fd, Buffer.from([original]), 0, 1, offset);
          }
        }),
        { numRuns: 1000 },
      );
    } finally {
      closeSync(fd);
    }
    expect(outcomes).toMatchObject({ flips: 1000, detectedAtExactSeq: 1000, missed: 0 });
  }, 900_000); // about 20 s alone; over 4 minutes seen on a 2-core machine busy with other suites: a hang guard, not a budget
});
