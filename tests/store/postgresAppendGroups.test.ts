import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore, VersionConflictError, type EventStore, type RecordedEvent } from '../../src/index.ts';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { verifyStore } from '../../src/entries/audit.ts';
import { encodeEvent } from '../../src/envelope/canonical.ts';
import { appendGroups } from '../../src/store/postgresAppendGroups.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { dropSchemas, pgUrl, sql, uniqueSchema } from './storeFixtures.ts';

// README "Stores": an append of one store that comes while others are in flight waits for the turn of the event loop
// to end, and the appends that waited go to the server together (schema 8's `append8`), one member per stream, in one
// transaction; a member whose head moved, or whose id is stored already, makes the group store nothing, and each
// member is then appended alone, deciding as it would have alone. An append that comes when nothing is in flight
// goes at once, alone.
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

async function openFresh(name: string): Promise<{ store: EventStore; schema: string }> {
  const schema = uniqueSchema(name);
  schemas.push(schema);
  return { store: await openPostgresEventStore(pgUrl, { schema, pollMs: 600_000 }), schema };
}

/** How many transactions wrote the events of a store (each row keeps its transaction id). */
async function transactions(schema: string): Promise<{ rows: number; transactions: number }> {
  const [row] = await sql<{ rows: string; transactions: string }>(
    `SELECT count(*) AS rows, count(DISTINCT txid) AS transactions FROM "${schema}".events`,
  );
  return { rows: Number(row!.rows), transactions: Number(row!.transactions) };
}

type Call = readonly [stream: string, events: readonly RecordedEvent[], expectedSeq: number];

/** Makes `calls` in one turn of the event loop; each settles to its outcome, or to its error's class and message. */
async function sameTurn(store: EventStore, calls: readonly Call[]) {
  const settled = await Promise.allSettled(
    calls.map(([stream, events, expectedSeq]) => store.append(stream, events, { expectedSeq })),
  );
  return settled.map((s) =>
    s.status === 'fulfilled'
      ? { outcome: s.value.outcome }
      : { error: (s.reason as Error).constructor.name, message: (s.reason as Error).message },
  );
}

/** The same calls one after another on a memory store holding `before`: what each append decides alone. */
async function alone(before: readonly Call[], calls: readonly Call[]) {
  const memory = createMemoryEventStore();
  for (const call of before) await sameTurn(memory, [call]); // as stored, whatever each decided
  const out = [];
  for (const call of calls) out.push(...(await sameTurn(memory, [call])));
  return out.map((o) => ('error' in o ? { error: o.error } : o));
}

const withoutMessages = (outcomes: Awaited<ReturnType<typeof sameTurn>>) =>
  outcomes.map((o) => ('error' in o ? { error: o.error } : o));

describe('PostgreSQL appends made together', () => {
  it('store 8 writers on 8 streams in shared transactions, in position order, each chain intact', async () => {
    const { store, schema } = await openFresh('groups8');
    try {
      const logs = Array.from({ length: 8 }, (_, w) =>
        chainEvents(
          `w${w}`,
          Array.from({ length: 30 }, (_, n) => ({ id: `w${w}-${n}` })),
        ),
      );
      // Each writer appends its stream in batches of 1 to 3, awaiting each.
      await Promise.all(
        logs.map(async (events, w) => {
          for (let at = 0; at < events.length;) {
            const size = 1 + ((at + w) % 3);
            const batch = events.slice(at, at + size);
            expect((await store.append(batch[0]!.stream, batch, { expectedSeq: at })).outcome).toBe('appended');
            at += batch.length;
          }
        }),
      );
      for (const events of logs) {
        expect((await collect(store.readStream(events[0]!.stream))).map(encodeEvent)).toEqual(events.map(encodeEvent));
      }
      const all = await collect(store.readAll());
      expect(all).toHaveLength(240);
      expect(all.every((p, i) => i === 0 || p.position > all[i - 1]!.position)).toBe(true);
      const stored = await transactions(schema);
      expect(stored.rows).toBe(240);
      expect(stored.transactions).toBeLessThan(100); // about 110 appends: some went together
      expect((await verifyStore(store)).problems).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('decide each member as alone when one has a stale seq or an id stored already; the rest are appended', async () => {
    const { store, schema } = await openFresh('groups_mixed');
    try {
      const [a1, a2] = chainEvents('a', [{ id: 'a1' }, { id: 'a2' }]);
      const before: Call[] = [['a', [a1!, a2!], 0]];
      for (const [stream, events, expectedSeq] of before) await store.append(stream, events, { expectedSeq });
      const [a3] = chainEvents('a', [{ id: 'a3' }], { seq: 2, hash: a2!.hash });
      const calls: Call[] = [
        ['b', chainEvents('b', [{ id: 'b1' }, { id: 'b2' }]), 0],
        ['a', [a2!], 1], // a retry of a2: already appended
        ['c', chainEvents('c', [{ id: 'a1' }]), 0], // an id stored on stream a
        ['d', chainEvents('d', [{ id: 'd1' }]), 0],
        ['e', chainEvents('e', [{ id: 'e1' }], { seq: 4, hash: a2!.hash }), 4], // past the head of a new stream
      ];
      const outcomes = await sameTurn(store, calls);
      expect(withoutMessages(outcomes)).toEqual(await alone(before, calls));
      expect(outcomes.map((o) => ('outcome' in o ? o.outcome : o.error))).toEqual([
        'appended',
        'already_appended',
        'IdempotencyConflictError',
        'appended',
        'VersionConflictError',
      ]);
      // A group whose heads all hold but one of whose ids is stored already fails on the id index as a whole.
      const reused: Call[] = [
        ['x', chainEvents('x', [{ id: 'x1' }]), 0],
        ['y', chainEvents('y', [{ id: 'b1' }]), 0],
        ['z', chainEvents('z', [{ id: 'z1' }]), 0],
      ];
      const reusedOutcomes = await sameTurn(store, reused);
      expect(withoutMessages(reusedOutcomes)).toEqual(await alone([...before, ...calls], reused));
      expect(reusedOutcomes.map((o) => ('outcome' in o ? o.outcome : o.error))).toEqual([
        'appended',
        'IdempotencyConflictError',
        'appended',
      ]);
      // Then members that all continue their heads: the first goes alone (nothing is in flight), the others together.
      const more: Call[] = [
        ['a', [a3!], 2],
        ['f', chainEvents('f', [{ id: 'f1' }]), 0],
        ['g', chainEvents('g', [{ id: 'g1' }, { id: 'g2' }, { id: 'g3' }]), 0],
      ];
      const rowsBefore = await transactions(schema);
      expect(withoutMessages(await sameTurn(store, more))).toEqual(more.map(() => ({ outcome: 'appended' })));
      const rowsAfter = await transactions(schema);
      expect(rowsAfter).toEqual({ rows: rowsBefore.rows + 5, transactions: rowsBefore.transactions + 2 });
      // Members that went alone went concurrently, in any order.
      const ids = (await collect(store.readAll())).map((p) => p.event.id);
      expect(ids.slice(0, 2)).toEqual(['a1', 'a2']);
      expect(ids.slice(2, 7).sort()).toEqual(['b1', 'b2', 'd1', 'x1', 'z1']);
      expect(ids.slice(7).sort()).toEqual(['a3', 'f1', 'g1', 'g2', 'g3']);
      expect(ids.join(' ')).toContain('f1 g1 g2 g3'); // the group's events in one run of positions
      expect((await verifyStore(store)).problems).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('of two stores racing for the same new streams: one append wins each stream, the other is refused', async () => {
    const { store: first, schema } = await openFresh('groups_race');
    const second = await openPostgresEventStore(pgUrl, { schema, pollMs: 600_000 });
    try {
      for (let round = 0; round < 5; round++) {
        const streams = ['p', 'q', 'r'].map((name) => `${name}${round}`);
        const ours = streams.map((stream) => chainEvents(stream, [{ id: `${stream}-first` }]));
        const theirs = streams.map((stream) => chainEvents(stream, [{ id: `${stream}-second` }]));
        const settled = await Promise.allSettled([
          ...ours.map((events) => first.append(events[0]!.stream, events, { expectedSeq: 0 })),
          ...[...theirs].reverse().map((events) => second.append(events[0]!.stream, events, { expectedSeq: 0 })),
        ]);
        for (const s of settled) if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(VersionConflictError);
        for (const stream of streams) {
          const stored = await collect(first.readStream(stream));
          expect(stored).toHaveLength(1);
        }
        expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(streams.length);
      }
      expect((await verifyStore(first)).problems).toEqual([]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('send a second append to a stream after the first, when both come in one turn', async () => {
    const { store } = await openFresh('groups_same');
    try {
      const [h1, h2, h3] = chainEvents('h', [{ id: 'h1' }, { id: 'h2' }, { id: 'h3' }]);
      const outcomes = await sameTurn(store, [
        ['h', [h1!], 0],
        ['i', chainEvents('i', [{ id: 'i1' }]), 0],
        ['h', [h2!, h3!], 1],
      ]);
      expect(outcomes).toEqual([{ outcome: 'appended' }, { outcome: 'appended' }, { outcome: 'appended' }]);
      expect((await collect(store.readStream('h'))).map(encodeEvent)).toEqual([h1!, h2!, h3!].map(encodeEvent));
    } finally {
      await store.close();
    }
  });
});

describe('appendGroups', () => {
  it('send a member that comes with nothing in flight at once, alone, and those that came meanwhile once it settles, even when it fails', async () => {
    const calls: string[] = [];
    let fail: (error: Error) => void = () => {};
    const send = appendGroups<{ stream: string; size: number }, string>({
      alone: (member) => {
        calls.push(`alone ${member.stream}`);
        if (calls.length > 1) return Promise.resolve(`alone ${member.stream}`);
        return new Promise((_, reject) => (fail = reject));
      },
      together: (members) => {
        calls.push(`together ${members.map((m) => m.stream).join(' ')}`);
        return Promise.resolve('together');
      },
    });
    const first = send({ stream: 'a', size: 1 });
    first.catch(() => {});
    expect(calls).toEqual(['alone a']); // in the call itself
    const rest = [send({ stream: 'b', size: 1 }), send({ stream: 'a', size: 1 }), send({ stream: 'c', size: 1 })];
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 3; i++) await turn(); // the group has come back, let go of its streams, and a has waited on
    expect(calls).toEqual(['alone a', 'together b c']); // the second append to a waits for the first
    fail(new Error('cut'));
    await expect(first).rejects.toThrow('cut');
    expect(await Promise.all(rest)).toEqual(['together', 'alone a', 'together']);
    expect(calls).toEqual(['alone a', 'together b c', 'alone a']);
  });
});
