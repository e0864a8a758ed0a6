import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportFigures } from './crashHarness.ts';
import { fillStream, readInSmallHeap } from './readScaleHarness.ts';
import { tempDir } from './storeFixtures.ts';

const events = Number(process.env.READ_SCALE_EVENTS ?? 60_000);
const heapMb = 32;
const { dir, remove } = tempDir('read-scale');
afterAll(remove);

describe(`reading a ${events / 1000}k-event stream in a ${heapMb} MB heap`, () => {
  it.each([
    ['sqlite', 'long.db'],
    ['jsonl', 'long.jsonl'],
  ])(
    'streams it from %s with flat memory',
    async (kind, file) => {
      const url = join(dir, file);
      await fillStream(url, 'long', events);
      const report = readInSmallHeap(kind, url, 'long', heapMb);
      reportFigures(`read-scale-${kind}`, report);
      // The reader ran to the end in a heap far smaller than the stream parsed (~1.5 KB an event): it streamed.
      expect(report).toMatchObject({ events, all: events });
    },
    5 * 60_000,
  );
});
