// Fills a store with one long stream and reads it back in a child process with a small heap limit: a store that
// held the stream (or a page of unbounded size) in memory would crash it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GENESIS_HASH, hashEvent, openStore, type RecordedEvent } from '../../src/index.ts';

const readerScript = fileURLToPath(new URL('./fixtures/readAll.mjs', import.meta.url));

/** What the reader reported. */
export type ReadScaleReport = {
  readonly kind: string;
  readonly events: number;
  readonly all: number;
  readonly heapAfterOpenMb: number;
  readonly peakHeapMb: number;
  readonly peakRssMb: number;
};

/** Appends `count` chained events of ~500 bytes to `stream`, in batches of 5000, hashing as it goes. */
export async function fillStream(url: string, stream: string, count: number): Promise<void> {
  const store = await openStore(url);
  try {
    let prev = GENESIS_HASH;
    for (let from = 0; from < count; from += 5000) {
      const batch: RecordedEvent[] = [];
      for (let seq = from + 1; seq <= Math.min(count, from + 5000); seq++) {
        const unhashed = {
          id: `e${seq}`,
          stream,
          seq,
          type: 'DocumentLinked',
          schema: 1,
          workflow: 'programme@1',
          occurredAt: '2011-07-02',
          recordedAt: '2011-07-02T00:00:00.000Z',
          actor: { id: 'nl-agency', role: 'programme_manager' },
          data: {
            docId: `d${seq}`,
            title: 'A document linked to the programme, with a title of some length',
            url: 'https://example.org/doc',
          },
          prev,
        };
        const event = { ...unhashed, hash: hashEvent(unhashed) } as RecordedEvent;
        batch.push(event);
        prev = event.hash;
      }
      await store.append(stream, batch, { expectedSeq: from });
    }
  } finally {
    await store.close();
  }
}

/** Reads the stream back in a child process whose old space is limited to `heapMb`. */
export function readInSmallHeap(kind: string, url: string, stream: string, heapMb: number): ReadScaleReport {
  const out = execFileSync(process.execPath, [`--max-old-space-size=${heapMb}`, readerScript, kind, url, stream], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim()) as ReadScaleReport;
}
