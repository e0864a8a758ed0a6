/**
 * The point of this file: which stream verify puts a damaged line of a JSONL log in, when the line's own stream name
 * or seq cannot be trusted: the stream it names when that stream is known, the one stream its seq continues, a new
 * stream it starts, or the stream of the line before it; and a damaged first event put back in its stream once that
 * stream turns out to miss it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/index.ts';
import { verifyJsonlFile, type VerifyReport } from '../../src/entries/audit.ts';
import { sealChain, temporaryDirectory, toJsonl } from '../support/logs.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());

let files = 0;
const verifyText = (text: string): Promise<VerifyReport> => verifyJsonlFile(dir.file(`damaged-${++files}.jsonl`, text));
const edited = (event: RecordedEvent): RecordedEvent => ({ ...event, data: { ...event.data, topics: ['edited'] } });
/** The JSONL lines of a log of streams named in order, one event each. */
const linesOf = (streams: readonly string[]) =>
  toJsonl(sealChain(streams.map((stream) => ({ stream }))))
    .split('\n')
    .slice(0, streams.length);
const join = (lines: readonly string[]) => lines.join('\n') + '\n';
/** `line` naming stream `to` instead of its own, `from`. */
const renamed = (line: string, from: string, to: string) => line.replace(`"stream":"${from}"`, `"stream":"${to}"`);
const streamsOf = (report: VerifyReport) => report.streams.map((s) => s.stream);

describe('verify: which stream a damaged line is put in', () => {
  const log = sealChain(['a', 'a', 'b', 'a', 'b', 'a'].map((stream) => ({ stream })));
  const lines = toJsonl(log).split('\n').slice(0, 6);
  const withLine = (index: number, line: string) => lines.map((l, i) => (i === index ? line : l)).join('\n') + '\n';

  it('a line that is not JSON goes to the stream of the line before it', async () => {
    const report = await verifyText(withLine(4, 'not json at all'));
    expect(report.problems).toMatchObject([{ stream: 'a', seq: 4, kind: 'unreadable', line: 5 }]);
    expect(report.streams.map((s) => s.stream)).toEqual(['a', 'b']);
  });

  it('a first line that names no stream goes to "(unknown stream)"', async () => {
    const report = await verifyText(withLine(0, 'not json at all'));
    expect(report.problems[0]).toMatchObject({ stream: '(unknown stream)', seq: 1, kind: 'unreadable', line: 1 });
  });

  it('a line whose stream name was damaged goes to the one stream its seq continues', async () => {
    // a's third event (line 4) names stream "ax"; only a is at seq 2, so it is a's seq 3.
    const report = await verifyText(withLine(3, lines[3]!.replace('"stream":"a"', '"stream":"ax"')));
    expect(report.problems).toMatchObject([{ stream: 'a', seq: 3, kind: 'altered', line: 4 }]);
    expect(report.streams.map((s) => s.stream)).toEqual(['a', 'b']);
  });

  it('a last line whose stream name was damaged goes to the one stream its seq continues, with no later event to show it', async () => {
    // a's fourth event (line 6) is the last line and names stream "ax"; only a is at seq 3.
    const report = await verifyText(withLine(5, lines[5]!.replace('"stream":"a"', '"stream":"ax"')));
    expect(report.problems).toMatchObject([{ stream: 'a', seq: 4, kind: 'altered', line: 6 }]);
    expect(report.streams.map((s) => s.stream)).toEqual(['a', 'b']);
  });

  it('a first event whose stream name was damaged is put back in its stream once that stream misses it', async () => {
    // b's first event (line 3) names stream "bx": it looks like a new stream until b starts at seq 2.
    const report = await verifyText(withLine(2, lines[2]!.replace('"stream":"b"', '"stream":"bx"')));
    expect(report.problems).toEqual([
      {
        stream: 'b',
        seq: 1,
        kind: 'altered',
        line: 3,
        message: 'seq 1: its content does not match its hash (the event was changed after it was recorded)',
      },
    ]);
    expect(report.streams.map((s) => s.stream)).toEqual(['a', 'b']);
  });

  it('a damaged first event of a new stream starts that stream', async () => {
    const report = await verifyText(withLine(2, lines[2]!.replace('"topics":["follow-up"]', '"topics":["edited"]')));
    expect(report.problems).toMatchObject([{ stream: 'b', seq: 1, kind: 'altered', line: 3 }]);
  });

  it('a damaged line goes to the stream it names when it continues it, also when another one fits', async () => {
    // Line 5 is b's seq 2; a is at seq 3 and b at seq 1 when it comes, so only b fits seq 2.
    const report = await verifyText(withLine(4, lines[4]!.replace('"topics":["follow-up"]', '"topics":["edited"]')));
    expect(report.problems).toMatchObject([{ stream: 'b', seq: 2, kind: 'altered', line: 5 }]);
    const twoFit = sealChain(['a', 'b', 'a', 'b'].map((stream) => ({ stream })));
    const text = toJsonl(twoFit.map((e) => (e.stream === 'b' && e.seq === 2 ? edited(e) : e)));
    expect((await verifyText(text)).problems).toMatchObject([{ stream: 'b', seq: 2, kind: 'altered', line: 4 }]);
  });

  it('an unterminated last line is a torn tail when it cannot be read, and altered when it can', async () => {
    const torn = await verifyText(`${lines.slice(0, 5).join('\n')}\n${lines[5]!.slice(0, -30)}`);
    expect(torn.problems).toMatchObject([{ stream: 'a', seq: 4, kind: 'torn_tail', line: 6 }]);
    expect(torn.problems[0]!.message).toMatch(
      /^seq 4: the last line is cut short \(.+\): a crash during an append, or tampering$/,
    );
    const alteredLast = lines[5]!.replace('"topics":["follow-up"]', '"topics":["edited"]');
    const altered = await verifyText(`${lines.slice(0, 5).join('\n')}\n${alteredLast}`);
    expect(altered.problems).toMatchObject([{ stream: 'a', seq: 4, kind: 'altered', line: 6 }]);
  });

  it('a torn tail cut before its stream and seq goes to the stream of the line before it', async () => {
    const torn = await verifyText(`${lines.slice(0, 5).join('\n')}\n${lines[5]!.slice(0, 50)}`);
    expect(torn.problems).toMatchObject([{ stream: 'b', seq: 3, kind: 'torn_tail', line: 6 }]);
  });
});

describe('verify: a damaged line among streams that could each own it', () => {
  it('a line whose seq was damaged goes to the known stream it names, not to the stream of the line before it', async () => {
    // a's seq 3 (line 4, after b's seq 1) claims seq 5: no stream is at seq 4, and it names a.
    const lines = linesOf(['a', 'a', 'b', 'a', 'b']);
    const report = await verifyText(join(lines.map((l, i) => (i === 3 ? l.replace('"seq":3', '"seq":5') : l))));
    expect(report.problems).toMatchObject([{ stream: 'a', seq: 3, kind: 'altered', line: 4 }]);
    expect(streamsOf(report)).toEqual(['a', 'b']);
  });

  it('a line that names an unknown stream and continues none goes to the stream of the line before it', async () => {
    // a's seq 3 (line 4, after b's seq 1) names "zz" and claims seq 5: it starts no stream, as only seq 1 could.
    const lines = linesOf(['a', 'a', 'b', 'a', 'b']);
    const damaged = renamed(lines[3]!, 'a', 'zz').replace('"seq":3', '"seq":5');
    const report = await verifyText(join(lines.map((l, i) => (i === 3 ? damaged : l))));
    expect(report.problems).toMatchObject([{ stream: 'b', seq: 2, kind: 'altered', line: 4 }]);
    expect(streamsOf(report)).toEqual(['a', 'b']);
  });

  it('a line with a seq 1 and no stream name goes to the stream of the line before it', async () => {
    const lines = linesOf(['a', 'a', 'b']);
    const report = await verifyText(join([...lines.slice(0, 2), lines[2]!.replace('"stream":"b"', '"stream":7')]));
    expect(report.problems).toMatchObject([{ stream: 'a', seq: 3, line: 3 }]);
    expect(streamsOf(report)).toEqual(['a']);
  });

  it('a stream with a problem continues nothing: a line it would fit goes to the one intact stream it fits', async () => {
    // b's seq 2 is edited (b stays at seq 1); a's seq 2 then names "ax": of the streams at seq 1, only a is intact.
    const log = sealChain(['a', 'b', 'b', 'a'].map((stream) => ({ stream })));
    const lines = toJsonl(log.map((e) => (e.stream === 'b' && e.seq === 2 ? edited(e) : e)))
      .split('\n')
      .slice(0, 4);
    const report = await verifyText(join([...lines.slice(0, 3), renamed(lines[3]!, 'a', 'ax')]));
    expect(report.problems).toMatchObject([
      { stream: 'a', seq: 2, kind: 'altered', line: 4 },
      { stream: 'b', seq: 2, kind: 'altered', line: 3 },
    ]);
    expect(streamsOf(report)).toEqual(['a', 'b']);
  });

  it('a damaged first event goes back to the stream that misses its seq, not to another stream that misses one', async () => {
    // b's seq 1 (line 2) names "bx"; a misses its seq 3 (deleted) and b its seq 1, both after line 2.
    const lines = linesOf(['a', 'b', 'a', 'a', 'a', 'b']);
    const report = await verifyText(join([lines[0]!, renamed(lines[1]!, 'b', 'bx'), lines[2]!, lines[4]!, lines[5]!]));
    expect(report.problems).toMatchObject([
      { stream: 'a', seq: 3, kind: 'missing', line: 4 },
      { stream: 'b', seq: 1, kind: 'altered', line: 2 },
    ]);
    expect(streamsOf(report)).toEqual(['a', 'b']);
  });

  it('a damaged first line goes back to its stream with the seq that stream misses', async () => {
    // b's seq 3, moved to the top and named "bx", looks like a stream of its own until b misses seq 3.
    const lines = linesOf(['a', 'b', 'b', 'b', 'b']);
    const report = await verifyText(join([renamed(lines[3]!, 'b', 'bx'), ...lines.slice(0, 3), lines[4]!]));
    expect(report.problems).toEqual([
      {
        stream: 'b',
        seq: 3,
        kind: 'altered',
        line: 1,
        message: 'seq 3: its content does not match its hash (the event was changed after it was recorded)',
      },
    ]);
    expect(streamsOf(report)).toEqual(['a', 'b']);
  });

  it('a damaged event stays where it is when its stream missed that seq before it, and one-event streams stay whole', async () => {
    // b's seq 1 is moved after b's seq 2 and named "bx": b missed seq 1 already, at line 2.
    const lines = linesOf(['a', 'b', 'b', 'c']);
    const report = await verifyText(join([lines[0]!, lines[2]!, lines[3]!, renamed(lines[1]!, 'b', 'bx')]));
    expect(report.problems).toMatchObject([
      { stream: 'b', seq: 1, kind: 'missing', line: 2 },
      { stream: 'bx', seq: 1, kind: 'altered', line: 4 },
    ]);
    expect(streamsOf(report)).toEqual(['a', 'b', 'bx', 'c']);
  });

  it("a stream of two damaged lines is not put back in the stream that misses the first one's seq", async () => {
    // b's seq 1 and 2 both name "bx" (a is at seq 2 by then, so neither fits a): they make a stream of their own,
    // which stays, and b misses seq 1 after it.
    const lines = linesOf(['a', 'a', 'b', 'b', 'b']);
    const damaged = [lines[0]!, lines[1]!, renamed(lines[2]!, 'b', 'bx'), renamed(lines[3]!, 'b', 'bx'), lines[4]!];
    const report = await verifyText(join(damaged));
    expect(report.problems).toMatchObject([
      { stream: 'b', seq: 1, kind: 'missing', line: 5 },
      { stream: 'bx', seq: 1, kind: 'altered', line: 3 },
    ]);
    expect(streamsOf(report)).toEqual(['a', 'b', 'bx']);
  });
});
