import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  createEngine,
  encodeEvent,
  sha256Hex,
  type RecordedEvent,
} from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import {
  createCheckpoint,
  verifyJsonlFile,
  verifyStore,
  type Checkpoint,
  type VerifyReport,
} from '../../src/entries/audit.ts';
import { programmeVersions } from '../../machines/index.ts';
import { envelopeProblem } from '../../src/envelope/contract.ts';
import { fcSeed } from '../fcSeed.ts';
import { seedProposals } from '../support/lifecycle.ts';
import { sealChain, temporaryDirectory, toJsonl } from '../support/logs.ts';
import type { Engine } from '../../src/index.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());

let files = 0;
async function verifyText(text: string, options: Parameters<typeof verifyJsonlFile>[1] = {}): Promise<VerifyReport> {
  return verifyJsonlFile(dir.file(`log-${++files}.jsonl`, text), options);
}

/** Re-seals events in order (a forger with the hash function but no keys), each continuing the chain before it. */
function reseal(events: readonly RecordedEvent[], from: RecordedEvent | null): RecordedEvent[] {
  let prev = from?.hash ?? GENESIS_HASH;
  let seq = from?.seq ?? 0;
  return events.map((event) => {
    const { hash: _hash, sig: _sig, ...rest } = event;
    const unhashed = { ...rest, seq: ++seq, prev };
    const sealed = { ...unhashed, hash: sha256Hex(canonicalJson(unhashed)) } as RecordedEvent;
    prev = sealed.hash;
    return sealed;
  });
}

const checkpointOf = (events: readonly RecordedEvent[]): Checkpoint => {
  const last = events.at(-1)!;
  return createCheckpoint(
    [{ stream: last.stream, seq: last.seq, head: last.hash, recordedAt: last.recordedAt }],
    '2026-01-05T12:00:00Z',
  );
};

describe('verify: structural tampering by class, with the chain alone and against a checkpoint', () => {
  const log = sealChain(Array.from({ length: 1000 }, () => ({ stream: 'lcz' })));
  const checkpoint = checkpointOf(log);
  const forged = (event: RecordedEvent): RecordedEvent =>
    reseal([{ ...event, data: { ...event.data, topics: ['forged'] } }], log[event.seq - 2] ?? null)[0]!;
  const classes: Array<{
    name: string;
    tampered: RecordedEvent[];
    chain: [string, number] | null;
    withCheckpoint: [string, number];
  }> = [
    {
      name: 'content edited in place',
      tampered: log.map((e) => (e.seq === 400 ? { ...e, data: { ...e.data, topics: ['edited'] } } : e)),
      chain: ['altered', 400],
      withCheckpoint: ['altered', 400],
    },
    {
      name: 'one event deleted',
      tampered: log.filter((e) => e.seq !== 400),
      chain: ['missing', 400],
      withCheckpoint: ['missing', 400],
    },
    {
      name: 'two events swapped',
      tampered: [...log.slice(0, 399), log[400]!, log[399]!, ...log.slice(401)],
      chain: ['reordered', 400],
      withCheckpoint: ['reordered', 400],
    },
    {
      name: 'an event moved far back',
      tampered: [...log.slice(0, 399), ...log.slice(400, 700), log[399]!, ...log.slice(700)],
      chain: ['reordered', 400],
      withCheckpoint: ['reordered', 400],
    },
    {
      name: 'one event duplicated',
      tampered: [...log.slice(0, 400), log[399]!, ...log.slice(400)],
      chain: ['duplicated', 401],
      withCheckpoint: ['duplicated', 401],
    },
    {
      name: 'a forged event spliced in, re-hashed',
      tampered: log.map((e) => (e.seq === 400 ? forged(e) : e)),
      chain: ['chain_broken', 400],
      withCheckpoint: ['chain_broken', 400],
    },
    { name: 'the tail truncated', tampered: log.slice(0, 990), chain: null, withCheckpoint: ['truncated', 991] },
    {
      name: 'the suffix rewritten with a recomputed chain',
      tampered: [
        ...log.slice(0, 399),
        ...reseal(
          log.slice(399).map((e) => ({ ...e, data: { ...e.data, topics: ['rewritten'] } })),
          log[398]!,
        ),
      ],
      chain: null,
      withCheckpoint: ['rewritten', 1000],
    },
    {
      name: 'the whole history rewritten',
      tampered: reseal(
        log.map((e) => ({ ...e, actor: { id: 'impostor', role: 'programme_manager' } })),
        null,
      ),
      chain: null,
      withCheckpoint: ['rewritten', 1000],
    },
  ];
  const table: Array<{ class: string; chainAlone: string; againstCheckpoint: string }> = [];
  afterAll(() => {
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/tampering-classes.json', `${JSON.stringify(table, null, 2)}\n`);
  });

  it.each(classes)('$name: detected as expected', async ({ name, tampered, chain, withCheckpoint }) => {
    const text = toJsonl(tampered);
    const alone = await verifyText(text);
    const against = await verifyText(text, { checkpoint });
    const found = (r: VerifyReport) => (r.problems[0] ? [r.problems[0].kind, r.problems[0].seq] : null);
    table.push({
      class: name,
      chainAlone: alone.ok ? 'missed' : `${alone.problems[0]!.kind} at seq ${alone.problems[0]!.seq}`,
      againstCheckpoint: against.ok ? 'missed' : `${against.problems[0]!.kind} at seq ${against.problems[0]!.seq}`,
    });
    expect(found(alone)).toEqual(chain);
    expect(alone.ok).toBe(chain === null);
    expect(found(against)).toEqual(withCheckpoint);
  });

  it('reports a stream the checkpoint holds but the log has lost entirely as truncated at seq 1', async () => {
    const other = sealChain([{ stream: 'other' }]);
    const report = await verifyText(toJsonl(other), { checkpoint });
    expect(report.problems).toMatchObject([{ stream: 'lcz', kind: 'truncated', seq: 1 }]);
  });
});

describe('verify: unreadable lines and torn tails', () => {
  const log = toJsonl(sealChain(Array.from({ length: 5 }, () => ({ stream: 'lcz' }))));
  const lines = log.split('\n').slice(0, 5);

  it('names a line that is not JSON, with its line number', async () => {
    const report = await verifyText([...lines.slice(0, 2), '{"oops', ...lines.slice(3)].join('\n') + '\n');
    expect(report.problems).toMatchObject([{ stream: 'lcz', seq: 3, kind: 'unreadable', line: 3 }]);
  });

  it('calls a cut-short last line a torn tail', async () => {
    const report = await verifyText(`${lines.slice(0, 4).join('\n')}\n${lines[4]!.slice(0, 40)}`);
    expect(report.problems).toMatchObject([{ stream: 'lcz', seq: 5, kind: 'torn_tail', line: 5 }]);
  });

  it('accepts a complete last line that only lacks its newline', async () => {
    const report = await verifyText(lines.join('\n'));
    expect(report.ok).toBe(true);
    expect(report.streams[0]!.verified).toBe(5);
  });

  it('flags a line that is valid JSON with the right hash but not in canonical form', async () => {
    const pretty = JSON.stringify(JSON.parse(lines[1]!), null, 1).replaceAll('\n', '');
    const report = await verifyText([lines[0], pretty, ...lines.slice(2)].join('\n') + '\n');
    expect(report.problems).toMatchObject([{ seq: 2, kind: 'altered' }]);
    expect(report.problems[0]!.message).toMatch(/canonical form/);
  });

  it('flags an event whose stream field names another stream as altered, in the stream it was taken from', async () => {
    const events = sealChain([{ stream: 'a' }, { stream: 'b' }, { stream: 'a' }, { stream: 'b' }]);
    const text = toJsonl(events).replace(
      '"stream":"b","type":"NetworkMeetingHeld","workflow":"programme@2"}\n{"actor"',
      '"stream":"c","type":"NetworkMeetingHeld","workflow":"programme@2"}\n{"actor"',
    );
    const report = await verifyText(text);
    expect(report.problems).toMatchObject([{ stream: 'b', seq: 1, kind: 'altered' }]);
  });
});

describe('verify: lines of any length', () => {
  // Short lines, lines of a few KiB, lines longer than 64 KiB, and short ones again after them, in one stream.
  const sizes = [0, 0, 5_000, 0, 100_000, 0, 70_000, 0, 0];
  const log = sealChain(
    sizes.map((size, i) => ({
      stream: 'lcz',
      data: { meetingId: `m-${i}`, minutes: 'x'.repeat(size) },
    })),
  );
  const lines = toJsonl(log).split('\n').slice(0, sizes.length);

  it('verifies every line whatever its length, and the short lines after long ones', async () => {
    const report = await verifyText(`${lines.join('\n')}\n`);
    expect(report.ok).toBe(true);
    expect(report.streams[0]!.verified).toBe(sizes.length);
  });

  it('names an edit in a long line, and in a short line after it, at the seq of the line edited', async () => {
    for (const at of [4, 5, 6, 7]) {
      const edited = lines.map((line, i) => (i === at ? line.replace('"meetingId":"m-', '"meetingId":"n-') : line));
      const report = await verifyText(`${edited.join('\n')}\n`);
      expect(report.problems).toMatchObject([{ stream: 'lcz', seq: at + 1, kind: 'altered', line: at + 1 }]);
    }
  });
});

describe(`verify: no false alarm on clean logs (seed ${fcSeed})`, () => {
  const payload = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 6 },
  );
  // Payloads the engine accepts: no `__proto__` or `constructor` key anywhere (the envelope contract refuses them).
  const accepted = payload.filter((data) => !/"(?:__proto__|constructor)":/.test(JSON.stringify(data)));
  const spec = fc.record({ stream: fc.constantFrom('lcz', 'lcz.refusals', 'other-1', 'x_2'), data: accepted });

  it('verifies 1,000 random multi-stream logs (any JSON payload, any Unicode) as intact', async () => {
    let logs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 40 }), async (specs) => {
        const events = sealChain(
          specs.map((s) => ({ stream: s.stream, data: JSON.parse(JSON.stringify(s.data)) as Record<string, unknown> })),
        );
        const report = await verifyText(toJsonl(events));
        logs++;
        expect(report.problems).toEqual([]);
        expect(report.events).toBe(events.length);
      }),
      { numRuns: 1000 },
    );
    expect(logs).toBeGreaterThanOrEqual(1000);
  });
});

describe('verify: a SQLite store', () => {
  it('verifies the seed timeline recorded through the engine, then names a row edited in the database', async () => {
    const path = dir.file('lcz.db');
    const store = await openSqliteEventStore(path);
    const engine: Engine = createEngine({
      workflows: [...programmeVersions],
      store,
      clock: () => new Date('2013-01-01T00:00:00Z'),
    });
    await engine.recordBatch('lcz', seedProposals());
    expect((await verifyStore(store)).ok).toBe(true);
    await store.close();
    const db = new Database(path);
    const row = db.prepare<[], { body: string }>('SELECT body FROM events WHERE seq = 12').get()!;
    db.prepare('UPDATE events SET body = ? WHERE seq = 12').run(row.body.replace('"side":"CN"', '"side":"NL"'));
    db.prepare('UPDATE events SET body = ? WHERE seq = 30').run('{"not":"an event"');
    db.close();
    const reopened = await openSqliteEventStore(path);
    const report = await verifyStore(reopened);
    await reopened.close();
    expect(report.problems).toMatchObject([{ stream: 'lcz', seq: 12, kind: 'altered' }]);
  });

  it('names a row that is not JSON as unreadable at its seq', async () => {
    const path = dir.file('lcz-unreadable.db');
    const store = await openSqliteEventStore(path);
    for (const event of sealChain(Array.from({ length: 30 }, () => ({ stream: 'lcz' }))))
      await store.append('lcz', [event], { expectedSeq: event.seq - 1 });
    await store.close();
    const db = new Database(path);
    db.prepare('UPDATE events SET body = ? WHERE seq = 17').run('{"not":"an event"');
    db.close();
    const reopened = await openSqliteEventStore(path);
    const report = await verifyStore(reopened);
    await reopened.close();
    expect(report.problems).toMatchObject([{ stream: 'lcz', seq: 17, kind: 'unreadable' }]);
  });

  it('writes the same bytes as a JSONL line, so the fast path and the store path agree', () => {
    const [event] = sealChain([{ stream: 'lcz' }]);
    expect(encodeEvent(event!)).toBe(canonicalJson(event));
  });
});

/**
 * Lines a forger shaped so that the bytes around the hash member hash to it: the hash is recomputed over the line
 * minus its hash member, exactly what a byte-sliding fast path hashes. Only a line that is canonical JSON may be
 * judged intact, so every one of these must fail at its seq, however its hash came about.
 */
describe('verify: hostile lines whose hash a forger recomputed over the bytes', () => {
  /** Where the top-level hash member is: the last one in the line (a payload comes before it). */
  const hashAt = (line: string): number =>
    line.lastIndexOf(',"hash":"', line.indexOf(',"id":"', line.lastIndexOf(',"hash":"') - 1));
  /** Rewrites the canonical line of `event` with `edit`, then puts in the hash of the edited line minus its hash member. */
  const forge = (event: RecordedEvent, edit: (line: string) => string): string => {
    const original = encodeEvent(event);
    const fromEnd = original.length - original.lastIndexOf(',"hash":"');
    const edited = edit(original);
    const at =
      edited.length - fromEnd >= 0 && edited.startsWith(',"hash":"', edited.length - fromEnd)
        ? edited.length - fromEnd
        : hashAt(edited);
    const without = edited.slice(0, at) + edited.slice(at + 74);
    return `${edited.slice(0, at)},"hash":"${sha256Hex(without)}"${edited.slice(at + 74)}`;
  };
  const [event] = sealChain([{ stream: 'lcz', data: { meetingId: 'm-1', note: 'a', topics: ['x'] } }]);
  const hostile: Array<[string, (line: string) => string]> = [
    ['whitespace inside the payload', (l) => l.replace('"note":"a"', '"note": "a"')],
    ['a duplicated payload key', (l) => l.replace('"note":"a"', '"note":"a","note":"b"')],
    ['payload keys out of order', (l) => l.replace('"meetingId":"m-1","note":"a"', '"note":"a","meetingId":"m-1"')],
    ['a trailing comma (not JSON)', (l) => l.replace('"topics":["x"]', '"topics":["x"],')],
    ['an unclosed brace in the payload', (l) => l.replace('"topics":["x"]}', '"topics":{"x":[1]}')],
    ['extra braces in the payload', (l) => l.replace('"note":"a"', '"note":"a"}}')],
    ['a raw control character in a string', (l) => l.replace('"note":"a"', '"note":"a\tb"')],
    ['a non-canonical escape', (l) => l.replace('"note":"a"', '"note":"\\u0061"')],
    ['a non-canonical number', (l) => l.replace('"schema":1', '"schema":1.0')],
    ['trailing data after the object', (l) => `${l} `],
    ['a second object after the first', (l) => `${l}{}`],
    ['an extra top-level member', (l) => l.replace('"occurredAt"', '"extra":{"a":"}"},"occurredAt"')],
  ];

  it.each(hostile)('%s is never judged intact', async (_name, edit) => {
    const report = await verifyText(`${forge(event!, edit)}\n`);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ seq: 1 });
    expect(['altered', 'unreadable']).toContain(report.problems[0]!.kind);
  });

  it.each([
    [
      'a hash member inside a payload string',
      (l: string) => l.replace('"note":"a"', `"note":"\\",\\"hash\\":\\"${'0'.repeat(64)}\\",\\"id\\":\\"x"`),
    ],
    [
      'a second, nested hash member',
      (l: string) => l.replace('"note":"a"', `"note":{"hash":"${'0'.repeat(64)}","id":"x"}`),
    ],
  ])(
    'reads the top-level hash of a well-formed line with %s (a re-hashed event, intact as a line)',
    async (_name, edit) => {
      const line = forge(event!, edit);
      const report = await verifyText(`${line}\n`);
      expect(report.problems).toEqual([]);
      expect(report.streams[0]!.head!.hash).toBe((JSON.parse(line) as RecordedEvent).hash);
    },
  );

  it('judges an invalid UTF-8 byte in a string not intact', async () => {
    const line = encodeEvent(event!).replace('"note":"a"', '"note":"a\u00ff"');
    const at = line.lastIndexOf(',"hash":"');
    const hash = createHash('sha256')
      .update(Buffer.from(line.slice(0, at) + line.slice(at + 74), 'latin1'))
      .digest('hex');
    const file = dir.file(`log-${++files}.jsonl`, '');
    writeFileSync(file, Buffer.from(`${line.slice(0, at)},"hash":"${hash}"${line.slice(at + 74)}\n`, 'latin1'));
    const report = await verifyJsonlFile(file);
    expect(report.problems[0]).toMatchObject({ seq: 1, kind: 'unreadable' });
  });

  it('keeps intact lines intact whatever their payload holds (hash members, braces and escapes in strings)', async () => {
    const tricky = fc.oneof(
      fc.string(),
      fc.constantFrom('"hash":"', ',"hash":"', '{', '}', '}{', '\\', '"', '\n', '\u2028', '\u0000', 'é', '😀'),
    );
    const payload = fc
      .dictionary(
        fc.oneof(fc.string(), tricky),
        fc.jsonValue({ maxDepth: 4 }).map((v) => v ?? null),
      )
      .filter((data) => !/"(?:__proto__|constructor)":/.test(JSON.stringify(data))); // what the engine accepts
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ note: tricky, rest: payload }), { minLength: 1, maxLength: 5 }),
        async (datas) => {
          const log = sealChain(
            datas.map((data) => ({ stream: 'lcz', data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> })),
          );
          const report = await verifyText(toJsonl(log));
          expect(report.problems).toEqual([]);
          expect(report.events).toBe(log.length);
        },
      ),
      { numRuns: 60, seed: fcSeed },
    );
  });

  it('finds an escape or a control character at any byte alignment (the line check reads four bytes at a time)', async () => {
    // A first line of varying length shifts the second line's bytes against the 4-byte words the check reads.
    await fc.assert(
      fc.asyncProperty(
        fc.nat(7),
        fc.nat(),
        fc.constantFrom('\\', '\t', '\u0000', '\u001f', '\\"'),
        async (pad, where, insert) => {
          const [first] = sealChain([{ stream: 'pad', data: { meetingId: 'm-0', note: 'x'.repeat(pad), topics: [] } }]);
          const forged = forge(event!, (line) => {
            const at = line.lastIndexOf(',"hash":"');
            const i = 1 + (where % (at - 1));
            return line.slice(0, i) + insert + line.slice(i);
          });
          const report = await verifyText(`${encodeEvent(first!)}\n${forged}\n`);
          let intact: boolean;
          try {
            const parsed = JSON.parse(forged) as RecordedEvent;
            const { hash, sig: _sig, ...hashed } = parsed;
            intact =
              encodeEvent(parsed) === forged &&
              envelopeProblem(parsed) === null &&
              sha256Hex(canonicalJson(hashed)) === hash;
          } catch {
            intact = false;
          }
          expect(report.ok).toBe(intact);
          expect(report.streams.find((s) => s.stream === 'pad')?.problem).toBeNull();
        },
      ),
      { numRuns: 300, seed: fcSeed },
    );
  });

  it('judges a payload edited in any one place not intact, even with its hash recomputed over the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.constantFrom(' ', ',', '}', '{', '"', '\\', '\t', '0'), async (where, insert) => {
        const forged = forge(event!, (line) => {
          const at = line.lastIndexOf(',"hash":"');
          const i = 1 + (where % (at - 1)); // anywhere in the bytes before the hash member
          return line.slice(0, i) + insert + line.slice(i);
        });
        const report = await verifyText(`${forged}\n`);
        // Intact only if the edit is still the canonical JSON of an envelope whose hash matches (a re-hashed event).
        let intact: boolean;
        try {
          const parsed = JSON.parse(forged) as RecordedEvent;
          const { hash, sig: _sig, ...hashed } = parsed;
          intact =
            encodeEvent(parsed) === forged &&
            envelopeProblem(parsed) === null &&
            sha256Hex(canonicalJson(hashed)) === hash;
        } catch {
          intact = false;
        }
        expect(report.ok).toBe(intact);
      }),
      { numRuns: 300, seed: fcSeed },
    );
  });
});
