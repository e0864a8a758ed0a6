// verify of a SQLite store reads its rows whole (src/audit/storedRows.ts): each body checked as a JSONL line is, and
// held to its row's columns. A store object that is not the SQLite store's own (a copy of its methods) is read
// through `readStream`, the path every store has: the two must give the same report for any damage to a body, and
// the row path must also name a row whose columns disagree with its body (docs/performance.md, README "Auditing a
// log").
import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, encodeEvent, sha256Hex, type EventStore, type RecordedEvent } from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import {
  createCheckpoint,
  createKeyRegistry,
  createSigner,
  generateSigningKey,
  publicEntryOf,
  verifyStore,
  type VerifyOptions,
  type VerifyReport,
} from '../../src/entries/audit.ts';
import { fcSeed } from '../fcSeed.ts';
import { sealChain, temporaryDirectory } from '../support/logs.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());
const base = dir.file('base.db');
const key = generateSigningKey({ keyId: 'twa-1', actorId: 'twa-guangzhou', validFrom: '2011-01-01T00:00:00Z' });
const keys = createKeyRegistry([publicEntryOf(key)]);
/** Stream `a` spans three pages of rows (1,000 a page); `b` is signed; `c` is short. */
const lengths = { a: 2300, b: 40, c: 30 };

beforeAll(async () => {
  const store = await openSqliteEventStore(base);
  const specs = Object.entries(lengths).flatMap(([stream, length]) => Array.from({ length }, () => ({ stream })));
  const all = sealChain(specs, createSigner([key]));
  for (const stream of Object.keys(lengths)) {
    // Only `b` keeps its signatures.
    const events = all
      .filter((e) => e.stream === stream)
      .map(({ sig, ...e }) => (stream === 'b' ? { ...e, sig: sig! } : e));
    for (let i = 0; i < events.length; i += 100)
      await store.append(stream, events.slice(i, i + 100), { expectedSeq: i });
  }
  await store.close();
}, 60_000);

let copies = 0;
/** Damages a copy of the base store with `damage`, and verifies it both ways. */
async function both(
  damage: (db: Database.Database) => void,
  options: VerifyOptions = {},
): Promise<{ rows: VerifyReport; read: VerifyReport }> {
  const path = dir.file(`copy-${++copies}.db`);
  copyFileSync(base, path);
  const db = new Database(path);
  damage(db);
  db.close();
  const store = await openSqliteEventStore(path, { readOnly: true });
  try {
    const read: EventStore = { ...store };
    return { rows: await verifyStore(store, options), read: await verifyStore(read, options) };
  } finally {
    await store.close();
  }
}

const bodyOf = (db: Database.Database, stream: string, seq: number): string =>
  db
    .prepare<[string, number], string>('SELECT body FROM events WHERE stream = ? AND seq = ?')
    .pluck()
    .get(stream, seq)!;
const setBody = (db: Database.Database, stream: string, seq: number, body: unknown) =>
  db.prepare('UPDATE events SET body = ? WHERE stream = ? AND seq = ?').run(body, stream, seq);
const eventOf = (db: Database.Database, stream: string, seq: number) =>
  JSON.parse(bodyOf(db, stream, seq)) as RecordedEvent;
/** The event with `change` made and its hash recomputed (a forger with the hash function). */
function resealed(event: RecordedEvent, change: Partial<RecordedEvent>): RecordedEvent {
  const { hash: _hash, sig: _sig, ...rest } = { ...event, ...change };
  return { ...rest, hash: sha256Hex(canonicalJson(rest)) };
}

/** A damage: the event at `seq` of `stream` changed by `change` and hashed again, stored with its hash column. */
const resealRow = (stream: string, seq: number, change: Partial<RecordedEvent>) => (db: Database.Database) => {
  const forged = resealed(eventOf(db, stream, seq), change);
  db.prepare('UPDATE events SET body = ?, hash = ? WHERE stream = ? AND seq = ?').run(
    encodeEvent(forged),
    forged.hash,
    stream,
    seq,
  );
};

describe('verify of a SQLite store: a damaged body gives the report the store reader gives', () => {
  it('an intact store, with and without keys', async () => {
    const plain = await both(() => {});
    expect(plain.rows).toEqual(plain.read);
    expect(plain.rows).toMatchObject({ ok: true, events: 2370, problems: [] });
    const signed = await both(() => {}, { keys, requireSignatures: true, streams: ['b'] });
    expect(signed.rows).toEqual(signed.read);
    expect(signed.rows.signatures).toEqual({ checked: true, signed: 40, valid: 40 });
  });

  it.each([
    ['an altered byte', 'a', 1500, (body: string) => body.replace('"m-', '"n-'), 'altered'],
    ['a body that is not JSON, last of its page', 'a', 1000, () => 'not json', 'unreadable'],
    ['a body that is not JSON, first of its page', 'a', 1001, () => '{"not":"an event"', 'unreadable'],
    ['JSON that is not an object', 'c', 5, () => '[1,2]', 'unreadable'],
    ['an envelope without its type', 'c', 7, (body: string) => body.replace(/,"type":"[^"]*"/, ''), 'unreadable'],
    ['an empty body', 'c', 8, () => '', 'unreadable'],
    [
      'a signature altered',
      'b',
      20,
      // Another first character: the key is made afresh each run, so the signature may start with any.
      (body: string) => body.replace(/"value":"(.)/, (_, c: string) => `"value":"${c === 'A' ? 'B' : 'A'}`),
      'bad_signature',
    ],
  ] as const)('%s', async (_name, stream, seq, change, kind) => {
    for (const options of [{}, { keys }]) {
      const { rows, read } = await both((db) => setBody(db, stream, seq, change(bodyOf(db, stream, seq))), options);
      expect(rows).toEqual(read);
      if ((kind === 'bad_signature') === 'keys' in options)
        expect(rows.problems.find((p) => p.stream === stream)).toMatchObject({ seq, kind });
    }
  });

  it.each([
    ['with whitespace', (event: RecordedEvent) => JSON.stringify(event, null, 1)],
    ['with its keys in another order', ({ seq, ...rest }: RecordedEvent) => JSON.stringify({ seq, ...rest })],
    ['with a key given twice', (event: RecordedEvent) => encodeEvent(event).replace('{', '{"seq":9,')],
  ])(
    'a body not in canonical form %s, its hash intact: altered at its seq, as such a JSONL line is',
    async (_name, write) => {
      const { rows, read } = await both((db) => setBody(db, 'c', 3, write(eventOf(db, 'c', 3))));
      expect(rows.ok).toBe(false);
      expect(rows.problems).toMatchObject([
        { stream: 'c', seq: 3, kind: 'altered', message: expect.stringContaining('not in the canonical form') },
      ]);
      // The store's own reader parses the body, and takes its content as the event: a store of another kind is read so.
      expect(read.ok).toBe(true);
    },
  );

  it('a body stored as a blob, or as text that is not UTF-8', async () => {
    const blob = await both((db) => setBody(db, 'c', 4, Buffer.from(bodyOf(db, 'c', 4))));
    expect(blob.rows).toEqual(blob.read);
    const reader = new Database(base, { readonly: true });
    const bytes = Buffer.from(bodyOf(reader, 'c', 6));
    reader.close();
    bytes[bytes.indexOf('"m-') + 1] = 0xff;
    const text = await both((db) =>
      db.prepare(`UPDATE events SET body = CAST(? AS TEXT) WHERE stream = 'c' AND seq = 6`).run(bytes),
    );
    expect(text.rows).toEqual(text.read);
    expect(text.rows.problems).toMatchObject([{ stream: 'c', seq: 6, kind: 'altered' }]);
  });

  it.each([
    [
      'a seq gap at a page boundary',
      (db: Database.Database) => db.exec(`DELETE FROM events WHERE stream = 'a' AND seq = 1001`),
      'a',
      1001,
      'missing',
    ],
    [
      'two seqs swapped',
      (db: Database.Database) =>
        db.exec(
          `UPDATE events SET seq = -20 WHERE stream = 'a' AND seq = 20; UPDATE events SET seq = 20 WHERE stream = 'a' AND seq = 21; UPDATE events SET seq = 21 WHERE stream = 'a' AND seq = -20`,
        ),
      'a',
      20,
      'reordered',
    ],
    [
      'a row moved to another stream',
      (db: Database.Database) => db.exec(`UPDATE events SET stream = 'c' WHERE stream = 'a' AND seq = 2000`),
      'a',
      2000,
      'missing',
    ],
    [
      'an event stored twice',
      (db: Database.Database) =>
        db.exec(
          `INSERT INTO events (stream, seq, id, workflow, recorded_at, hash, body) SELECT stream, 31, 'twice', workflow, recorded_at, hash, body FROM events WHERE stream = 'c' AND seq = 30`,
        ),
      'c',
      31,
      'duplicated',
    ],
    ['a wrong prev, re-hashed', resealRow('c', 10, { prev: '1'.repeat(64) }), 'c', 9, 'chain_broken'],
    ['a prev off its format, re-hashed', resealRow('c', 10, { prev: 'X'.repeat(64) }), 'c', 10, 'unreadable'],
  ] as const)('%s', async (_name, damage, stream, seq, kind) => {
    const { rows, read } = await both(damage);
    expect(rows).toEqual(read);
    expect(rows.problems.find((p) => p.stream === stream)).toMatchObject({ seq, kind });
  });

  it('against a checkpoint, and for chosen streams', async () => {
    const store = await openSqliteEventStore(base, { readOnly: true });
    const heads = (await verifyStore(store)).streams.map((s) => ({
      stream: s.stream,
      seq: s.head!.seq,
      head: s.head!.hash,
      recordedAt: s.head!.recordedAt,
    }));
    await store.close();
    const checkpoint = createCheckpoint(heads, '2013-01-01T00:00:00Z');
    const cut = (db: Database.Database) => db.exec(`DELETE FROM events WHERE stream = 'c' AND seq = 30`);
    const all = await both(cut, { checkpoint });
    expect(all.rows).toEqual(all.read);
    expect(all.rows.problems).toMatchObject([{ stream: 'c', seq: 30, kind: 'truncated' }]);
    const chosen = await both(cut, { checkpoint, streams: ['b', 'c'], keys });
    expect(chosen.rows).toEqual(chosen.read);
    expect(chosen.rows.streams.map((s) => s.stream)).toEqual(['b', 'c']);
  });

  it('any byte of any body of a stream changed: the same report', async () => {
    const path = dir.file('flips.db');
    copyFileSync(base, path);
    const db = new Database(path);
    const store = await openSqliteEventStore(path, { readOnly: true });
    const read: EventStore = { ...store };
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 30 }),
          fc.nat(),
          fc.integer({ min: 0, max: 255 }),
          async (seq, at, byte) => {
            const body = bodyOf(db, 'c', seq);
            const bytes = Buffer.from(body);
            bytes[at % bytes.length] = byte;
            db.prepare(`UPDATE events SET body = CAST(? AS TEXT) WHERE stream = 'c' AND seq = ?`).run(bytes, seq);
            try {
              expect(await verifyStore(store, { streams: ['c'] })).toEqual(await verifyStore(read, { streams: ['c'] }));
            } finally {
              setBody(db, 'c', seq, body);
            }
          },
        ),
        { numRuns: 300, seed: fcSeed },
      );
    } finally {
      await store.close();
      db.close();
    }
  }, 60_000);
});

describe('verify of a SQLite store: a row whose columns disagree with its body', () => {
  it.each([
    ['hash', `hash = '${'e'.repeat(64)}'`, 'c', 30],
    ['id', `id = 'another-id'`, 'c', 12],
    ['workflow', `workflow = 'programme@1'`, 'c', 13],
    ['recorded_at', `recorded_at = '2099-01-01T00:00:00.000Z'`, 'c', 14],
    ['seq', `seq = 99`, 'c', 30],
    ['seq', `seq = 'thirty'`, 'c', 30],
  ] as const)(
    'its %s column (%s): altered at its seq, which the body alone did not show',
    async (column, set, stream, seq) => {
      const { rows, read } = await both((db) =>
        db.exec(`UPDATE events SET ${set} WHERE stream = '${stream}' AND seq = ${seq}`),
      );
      expect(read.ok).toBe(true);
      expect(rows.problems).toMatchObject([{ stream, seq, kind: 'altered' }]);
      expect(rows.problems[0]!.message).toContain(`its row's ${column} column holds`);
      expect(rows.streams.find((s) => s.stream === stream)).toMatchObject({ verified: seq - 1 });
    },
  );

  it('two rows of a stream whose positions were swapped: reordered at the later seq', async () => {
    const { rows, read } = await both((db) => {
      const [p4, p5] = db
        .prepare<[], number>(`SELECT position FROM events WHERE stream = 'c' AND seq IN (4, 5) ORDER BY seq`)
        .pluck()
        .all();
      db.prepare('UPDATE events SET position = ? WHERE position = ?').run(-1, p4);
      db.prepare('UPDATE events SET position = ? WHERE position = ?').run(p4, p5);
      db.prepare('UPDATE events SET position = ? WHERE position = ?').run(p5, -1);
    });
    expect(read.ok).toBe(true);
    expect(rows.problems).toMatchObject([{ stream: 'c', seq: 5, kind: 'reordered' }]);
    expect(rows.problems[0]!.message).toContain('position');
  });

  it('a column altered after an earlier problem: the earlier problem stands', async () => {
    const { rows, read } = await both((db) => {
      db.exec(`DELETE FROM events WHERE stream = 'c' AND seq = 3`);
      db.exec(`UPDATE events SET hash = '${'e'.repeat(64)}' WHERE stream = 'c' AND seq = 20`);
    });
    expect(rows).toEqual(read);
    expect(rows.problems).toMatchObject([{ stream: 'c', seq: 3, kind: 'missing' }]);
  });
});
