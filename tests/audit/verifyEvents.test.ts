/**
 * The point of this file: verify fed a store's events one at a time, and verify told to stop at the first problem
 * (README "Auditing a log"). A changed event, a record that is not an envelope and an event stored after a later one
 * are named at their seq, the first event included; `stopAtFirstProblem` stops reading once a problem is settled, and
 * a missing event is not settled while the log goes on (it may come later, out of order).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore, type EventStore, type RecordedEvent } from '../../src/index.ts';
import { verifyJsonlFile, verifyStore } from '../../src/entries/audit.ts';
import { sealChain, temporaryDirectory, toJsonl } from '../support/logs.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());

const edited = (event: RecordedEvent): RecordedEvent => ({ ...event, data: { ...event.data, topics: ['edited'] } });
const chain = (length: number) => sealChain(Array.from({ length }, () => ({ stream: 'lcz' })));

/** A store that holds `events` but yields `records` when its stream is read, as a damaged database would. */
async function storeYielding(events: readonly RecordedEvent[], records: readonly unknown[]): Promise<EventStore> {
  const store = createMemoryEventStore();
  await store.append('lcz', events, { expectedSeq: 0 });
  return {
    ...store,
    readStream: async function* () {
      yield* records as RecordedEvent[];
    },
  };
}

describe('verify: the events of a store, one event at a time', () => {
  it('names an event whose content does not match its hash at its seq, and stops that stream there', async () => {
    const events = chain(5);
    const report = await verifyStore(
      await storeYielding(
        events,
        events.map((e) => (e.seq === 3 ? edited(e) : e)),
      ),
    );
    expect(report.problems).toEqual([
      {
        stream: 'lcz',
        seq: 3,
        kind: 'altered',
        message: 'seq 3: its content does not match its hash (the event was changed after it was recorded)',
      },
    ]);
    expect(report.events).toBe(3);
  });

  it('names a changed first event at seq 1, with nothing verified', async () => {
    const events = chain(3);
    const report = await verifyStore(await storeYielding(events, [edited(events[0]!), ...events.slice(1)]));
    expect(report.problems).toMatchObject([{ stream: 'lcz', seq: 1, kind: 'altered' }]);
    expect(report.streams).toMatchObject([{ stream: 'lcz', verified: 0, head: null }]);
  });

  it('names a first record that is not an event envelope as unreadable at seq 1', async () => {
    const events = chain(2);
    const report = await verifyStore(await storeYielding(events, [{ seq: 1 }, events[1]]));
    expect(report.problems).toMatchObject([{ stream: 'lcz', seq: 1, kind: 'unreadable' }]);
    expect(report.problems[0]!.message).toMatch(/^seq 1: the stored record is not an event envelope \(.+\)$/);
  });

  it('reads on past a missing event and names it reordered when it comes later, changed or not', async () => {
    const events = chain(4);
    for (const late of [events[1]!, edited(events[1]!)]) {
      const report = await verifyStore(await storeYielding(events, [events[0], events[2], late, events[3]]));
      expect(report.problems).toEqual([
        {
          stream: 'lcz',
          seq: 2,
          kind: 'reordered',
          message: 'seq 2: it is stored after a later event: the order of events was changed',
        },
      ]);
    }
  });
});

describe('verify: stopping at the first problem', () => {
  // Long enough to be read in more than one chunk.
  const events = chain(5000);
  const lines = toJsonl(events).trimEnd().split('\n');
  const file = (name: string, log: readonly string[]) => dir.file(name, `${log.join('\n')}\n`);

  it('stops reading once a problem is settled, and reads the whole log without the option', async () => {
    const path = file('altered.jsonl', [
      ...lines.slice(0, 9),
      toJsonl([edited(events[9]!)]).trimEnd(),
      ...lines.slice(10),
    ]);
    const stopped = await verifyJsonlFile(path, { stopAtFirstProblem: true });
    expect(stopped.problems).toMatchObject([{ stream: 'lcz', seq: 10, kind: 'altered', line: 10 }]);
    expect(stopped.events).toBeGreaterThan(10);
    expect(stopped.events).toBeLessThan(lines.length);
    expect((await verifyJsonlFile(path)).events).toBe(lines.length);
  });

  it('does not stop at a missing event, which the end of the log shows was moved', async () => {
    const path = file('moved.jsonl', [...lines.slice(0, 9), ...lines.slice(10), lines[9]!]);
    const report = await verifyJsonlFile(path, { stopAtFirstProblem: true });
    expect(report.problems).toMatchObject([{ stream: 'lcz', seq: 10, kind: 'reordered' }]);
    expect(report.events).toBe(lines.length);
  });
});
