/**
 * The point of this file: verify's verdict stream by stream. A checkpoint that covers only the start of a log that
 * grew since, the streams an auditor selects, the order of the verdicts, and the message of each kind of problem
 * (which stream a damaged line is put in: damagedLines.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, createMemoryEventStore, sha256Hex, type RecordedEvent } from '../../src/index.ts';
import {
  createCheckpoint,
  verifyJsonlFile,
  verifyStore,
  type Checkpoint,
  type VerifyReport,
} from '../../src/entries/audit.ts';
import { sealChain, temporaryDirectory, toJsonl } from '../support/logs.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());

let files = 0;
const verifyText = (text: string, options: Parameters<typeof verifyJsonlFile>[1] = {}): Promise<VerifyReport> =>
  verifyJsonlFile(dir.file(`streams-${++files}.jsonl`, text), options);
const issuedAt = '2026-01-05T12:00:00Z';
const checkpointAt = (...heads: RecordedEvent[]): Checkpoint =>
  createCheckpoint(
    heads.map((e) => ({ stream: e.stream, seq: e.seq, head: e.hash, recordedAt: e.recordedAt })),
    issuedAt,
  );
/** Re-seals `events` as a forger would (new content, recomputed hashes), continuing the chain after `from`. */
function reseal(events: readonly RecordedEvent[], from: RecordedEvent): RecordedEvent[] {
  let prev = from.hash;
  return events.map((event) => {
    const { hash: _hash, ...rest } = event;
    const unhashed = { ...rest, data: { ...event.data, topics: ['rewritten'] }, prev };
    const sealed = { ...unhashed, hash: sha256Hex(canonicalJson(unhashed)) } as RecordedEvent;
    prev = sealed.hash;
    return sealed;
  });
}
const edited = (event: RecordedEvent): RecordedEvent => ({ ...event, data: { ...event.data, topics: ['edited'] } });
const at = (log: readonly RecordedEvent[], seq: number) => log[seq - 1]!;

describe('verify: a checkpoint that covers only the start of a log that grew since', () => {
  const log = sealChain(Array.from({ length: 80 }, () => ({ stream: 'lcz' })));
  const checkpoint = checkpointAt(at(log, 50));

  it('verifies the whole longer log when the events up to the checkpoint are the ones it holds', async () => {
    const report = await verifyText(toJsonl(log), { checkpoint });
    expect(report.ok).toBe(true);
    expect(report.streams).toMatchObject([
      { stream: 'lcz', verified: 80, problem: null, head: { seq: 80, hash: at(log, 80).hash } },
    ]);
  });

  it('reports history rewritten before the checkpoint at the checkpoint, even when the log goes on', async () => {
    const rewritten = [...log.slice(0, 39), ...reseal(log.slice(39), at(log, 39))];
    const report = await verifyText(toJsonl(rewritten), { checkpoint });
    expect(report.problems).toEqual([
      {
        stream: 'lcz',
        seq: 50,
        kind: 'rewritten',
        message:
          `seq 50: the event here is not the one the checkpoint of ${issuedAt} holds ` +
          `(head ${at(log, 50).hash.slice(0, 12)}…, found ${at(rewritten, 50).hash.slice(0, 12)}…): ` +
          'the history up to seq 50 was rewritten',
      },
    ]);
  });

  it('reports the rewriting rather than a later problem of the rewritten log', async () => {
    const rewritten = [...log.slice(0, 39), ...reseal(log.slice(39), at(log, 39))];
    const damaged = rewritten.map((e) => (e.seq === 70 ? edited(e) : e));
    const report = await verifyText(toJsonl(damaged), { checkpoint });
    expect(report.problems).toMatchObject([{ stream: 'lcz', seq: 50, kind: 'rewritten' }]);
  });

  it('reports a problem after the checkpoint where it is, and one before it where it is', async () => {
    const later = await verifyText(toJsonl(log.map((e) => (e.seq === 70 ? edited(e) : e))), { checkpoint });
    expect(later.problems).toMatchObject([{ stream: 'lcz', seq: 70, kind: 'altered' }]);
    expect(later.streams[0]!.verified).toBe(69);
    const earlier = await verifyText(toJsonl(log.map((e) => (e.seq === 30 ? edited(e) : e))), { checkpoint });
    expect(earlier.problems).toMatchObject([{ stream: 'lcz', seq: 30, kind: 'altered' }]);
  });

  it('says where a log cut short of the checkpoint ends', async () => {
    const report = await verifyText(toJsonl(log.slice(0, 45)), { checkpoint });
    expect(report.problems).toEqual([
      {
        stream: 'lcz',
        seq: 46,
        kind: 'truncated',
        message: `seq 46: the log ends at seq 45, but the checkpoint of ${issuedAt} holds seq 50: the tail was cut off`,
      },
    ]);
  });

  it('checks each stream against its own entry, and a stream it does not hold against nothing', async () => {
    const mixed = sealChain(Array.from({ length: 30 }, (_, i) => ({ stream: ['b', 'a', 'c'][i % 3]! })));
    const inA = mixed.filter((e) => e.stream === 'a');
    const inB = mixed.filter((e) => e.stream === 'b');
    const checkpoint = checkpointAt(at(inA, 4), at(inB, 10));
    const report = await verifyText(toJsonl(mixed), { checkpoint });
    expect(report.ok).toBe(true);
    const cut = await verifyText(toJsonl(mixed.filter((e) => !(e.stream === 'b' && e.seq > 6))), { checkpoint });
    expect(cut.problems).toMatchObject([{ stream: 'b', seq: 7, kind: 'truncated' }]);
  });
});

describe('verify: the streams an auditor selects', () => {
  const log = sealChain(Array.from({ length: 12 }, (_, i) => ({ stream: i % 2 === 0 ? 'a' : 'b' })));
  const damagedA = log.map((e) => (e.stream === 'a' && e.seq === 3 ? edited(e) : e));

  it('verifies only the selected streams of a file, leaving the damage of others out', async () => {
    const report = await verifyText(toJsonl(damagedA), { streams: ['b'] });
    expect(report.ok).toBe(true);
    expect(report.streams.map((s) => [s.stream, s.verified])).toEqual([['b', 6]]);
    const onlyA = await verifyText(toJsonl(damagedA), { streams: ['a'] });
    expect(onlyA.problems).toMatchObject([{ stream: 'a', seq: 3, kind: 'altered' }]);
  });

  it('never puts a damaged line of a stream left out in a selected stream whose seq it would continue', async () => {
    // Line 4 is a's seq 3 with its stream name damaged; b is at seq 1 then, so only a (not selected) can own it.
    const lines = toJsonl(sealChain(['a', 'a', 'b', 'a', 'b'].map((stream) => ({ stream })))).split('\n');
    const renamed = lines.map((line, i) => (i === 3 ? line.replace('"stream":"a"', '"stream":"q"') : line));
    const report = await verifyText(renamed.join('\n'), { streams: ['b'] });
    expect(report.ok).toBe(true);
    expect(report.streams.map((s) => [s.stream, s.verified])).toEqual([['b', 2]]);
    // A line that is not JSON goes to the stream of the line before it, selected or not: here a's seq 2.
    const other = toJsonl(sealChain(['b', 'a', 'a', 'b'].map((stream) => ({ stream })))).split('\n');
    const garbage = other.map((line, i) => (i === 2 ? 'not json' : line));
    expect((await verifyText(garbage.join('\n'), { streams: ['b'] })).ok).toBe(true);
  });

  it('leaves out an unreadable line that belongs to a stream not selected', async () => {
    const lines = toJsonl(log).split('\n');
    lines[4] = '{"oops'; // a's third event, after a line of b... and of a: put in the stream of the line before it
    const report = await verifyText(lines.join('\n'), { streams: ['a'] });
    expect(report.streams.map((s) => s.stream)).toEqual(['a']);
    const other = await verifyText(lines.join('\n'), { streams: ['b'] });
    expect(other.streams.map((s) => s.stream)).toEqual(['b']);
  });

  it('checks a selected stream against the checkpoint and skips the entries of the others', async () => {
    const inA = log.filter((e) => e.stream === 'a');
    const inB = log.filter((e) => e.stream === 'b');
    const checkpoint = checkpointAt(at(inA, 6), { ...at(inB, 6), seq: 9 });
    const report = await verifyText(toJsonl(log), { streams: ['a'], checkpoint });
    expect(report.ok).toBe(true);
    const onlyB = await verifyText(toJsonl(log), { streams: ['b'], checkpoint });
    expect(onlyB.problems).toMatchObject([{ stream: 'b', kind: 'truncated', seq: 7 }]);
  });

  it('verifies only the selected streams of a store', async () => {
    const store = createMemoryEventStore();
    for (const stream of ['a', 'b']) {
      await store.append(
        stream,
        log.filter((e) => e.stream === stream),
        { expectedSeq: 0 },
      );
    }
    const damaged = {
      ...store,
      readStream: async function* (stream: string) {
        yield* damagedA.filter((e) => e.stream === stream);
      },
    };
    const report = await verifyStore(damaged, { streams: ['b'] });
    expect(report.ok).toBe(true);
    expect(report.streams.map((s) => [s.stream, s.verified])).toEqual([['b', 6]]);
  });
});

describe('verify: the verdicts', () => {
  it('come stream by stream in name order, whatever order the streams first appear in', async () => {
    const log = sealChain(['lcz.refusals', 'lcz', 'b-2', 'lcz', 'abc', 'b-10'].map((stream) => ({ stream })));
    const report = await verifyText(toJsonl(log));
    expect(report.streams.map((s) => s.stream)).toEqual(['abc', 'b-10', 'b-2', 'lcz', 'lcz.refusals']);
  });

  it('say how a duplicated event was stored', async () => {
    const log = sealChain(Array.from({ length: 6 }, () => ({ stream: 'lcz' })));
    const twice = await verifyText(toJsonl([...log.slice(0, 4), at(log, 4), ...log.slice(4)]));
    expect(twice.problems).toEqual([
      { stream: 'lcz', seq: 5, kind: 'duplicated', line: 5, message: 'seq 5: seq 4 is stored twice in a row' },
    ]);
    const again = await verifyText(toJsonl([...log.slice(0, 4), at(log, 2), ...log.slice(4)]));
    expect(again.problems).toEqual([
      {
        stream: 'lcz',
        seq: 5,
        kind: 'duplicated',
        line: 5,
        message: 'seq 5: seq 2 is stored again where seq 5 belongs',
      },
    ]);
    // Another event claiming seq 4 (re-sealed on seq 3) is not the same event twice.
    const forged = reseal([at(log, 4)], at(log, 3));
    const other = await verifyText(toJsonl([...log.slice(0, 4), ...forged, ...log.slice(4)]));
    expect(other.problems).toMatchObject([
      { seq: 5, kind: 'duplicated', message: 'seq 5: seq 4 is stored again where seq 5 belongs' },
    ]);
  });

  it('say how events were deleted, swapped or spliced', async () => {
    const log = sealChain(Array.from({ length: 6 }, () => ({ stream: 'lcz' })));
    const missing = await verifyText(toJsonl(log.filter((e) => e.seq !== 3)));
    expect(missing.problems).toEqual([
      {
        stream: 'lcz',
        seq: 3,
        kind: 'missing',
        line: 3,
        message: 'seq 3: the event is missing: seq 4 comes right after seq 2',
      },
    ]);
    const swapped = await verifyText(toJsonl([at(log, 1), at(log, 2), at(log, 4), at(log, 3), at(log, 5)]));
    expect(swapped.problems).toEqual([
      {
        stream: 'lcz',
        seq: 3,
        kind: 'reordered',
        line: 3,
        message: 'seq 3: it is stored after a later event: the order of events was changed',
      },
    ]);
    const spliced = await verifyText(toJsonl([at(log, 1), ...reseal([at(log, 2)], at(log, 1)), ...log.slice(2)]));
    expect(spliced.problems).toEqual([
      {
        stream: 'lcz',
        seq: 2,
        kind: 'chain_broken',
        line: 3,
        message: "seq 2: it is not the event seq 3 was chained to: seq 2 was replaced (or seq 3's link forged)",
      },
    ]);
    expect(spliced.streams[0]).toMatchObject({ verified: 1, head: { seq: 1, hash: at(log, 1).hash } });
    const headless = await verifyText(toJsonl(log.slice(1)).replace(/"seq":2,/, '"seq":1,'));
    expect(headless.problems[0]).toMatchObject({ seq: 1 });
  });

  it('say that a first event that does not start a chain does not', async () => {
    const [first] = reseal(sealChain([{ stream: 'lcz' }]), { hash: '1'.repeat(64) } as RecordedEvent);
    const report = await verifyText(toJsonl([first!]));
    expect(report.problems).toEqual([
      {
        stream: 'lcz',
        seq: 1,
        kind: 'chain_broken',
        line: 1,
        message: 'seq 1: the first event does not start a chain (its prev is not 64 zeros)',
      },
    ]);
    expect(report.streams[0]).toMatchObject({ verified: 0, head: null });
  });

  it('say that an event of another stream is misplaced (a store returns it for the stream asked for)', async () => {
    const store = createMemoryEventStore();
    const [a1] = sealChain([{ stream: 'a' }]);
    const [b1] = sealChain([{ stream: 'b' }]);
    await store.append('a', [a1!], { expectedSeq: 0 });
    const tampered = {
      ...store,
      readStream: async function* () {
        yield b1!;
      },
    };
    const report = await verifyStore(tampered);
    expect(report.problems).toEqual([
      { stream: 'a', seq: 1, kind: 'misplaced', message: 'seq 1: an event of stream "b" is stored in "a"' },
    ]);
  });
});
