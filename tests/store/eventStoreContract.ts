// The point of this file: one contract every EventStore adapter must pass, so that no store accepts what another
// refuses and every store reads back exactly the bytes it was given. Each adapter's test file runs it once.
import { afterAll, describe, expect, it } from 'vitest';
import {
  encodeEvent,
  IdempotencyConflictError,
  IntegrityError,
  VersionConflictError,
  type EventStore,
  type PositionedEvent,
} from '../../src/index.ts';
import { fcSeed } from '../fcSeed.ts';
import { runStoreModel } from './storeModel.ts';
import { chainEvents, collect, eventually } from './storeEvents.ts';
import type { StoreFixture } from './storeFixtures.ts';

const bytes = (events: readonly { event?: unknown }[] | readonly unknown[]) =>
  (events as Parameters<typeof encodeEvent>[0][]).map((e) => encodeEvent(e));

async function withStore(fixture: StoreFixture, run: (store: EventStore) => Promise<void>): Promise<void> {
  const store = await fixture.open();
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

/** Runs the EventStore contract against one adapter. */
export function describeEventStoreContract(fixture: StoreFixture): void {
  describe(`EventStore contract: ${fixture.name} (seed ${fcSeed})`, () => {
    afterAll(() => fixture.cleanup());

    it('appends a batch and reads it back byte for byte, by stream, by id and in commit order', () =>
      withStore(fixture, async (store) => {
        const a = chainEvents('prog-a', [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }]);
        const b = chainEvents('prog-b', [{ id: 'b1' }]);
        expect((await store.append('prog-a', a, { expectedSeq: 0 })).outcome).toBe('appended');
        expect((await store.append('prog-b', b, { expectedSeq: 0 })).outcome).toBe('appended');
        expect(bytes(await collect(store.readStream('prog-a')))).toEqual(bytes(a));
        const all = await collect(store.readAll());
        expect(bytes(all.map((p) => p.event))).toEqual(bytes([...a, ...b]));
        expect(all.map((p) => p.position)).toEqual([...all.map((p) => p.position)].sort((x, y) => x - y));
        expect(await store.head('prog-a')).toEqual({
          seq: 3,
          hash: a[2]!.hash,
          recordedAt: a[2]!.recordedAt,
          workflow: 'test@1',
        });
        expect(await store.head('nothing')).toBeNull();
        expect(encodeEvent((await store.findById('b1'))!)).toBe(encodeEvent(b[0]!));
        expect(await store.findById('missing')).toBeNull();
        expect(await store.listStreams()).toEqual(['prog-a', 'prog-b']);
      }));

    it('rejects a stale expected seq and leaves the stream unchanged', () =>
      withStore(fixture, async (store) => {
        const first = chainEvents('s', [{ id: 'e1' }, { id: 'e2' }]);
        await store.append('s', first, { expectedSeq: 0 });
        const stale = chainEvents('s', [{ id: 'e3' }], { seq: 1, hash: first[0]!.hash });
        const error = await store.append('s', stale, { expectedSeq: 1 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VersionConflictError);
        expect(error).toMatchObject({ expectedSeq: 1, actualSeq: 2 });
        expect(bytes(await collect(store.readStream('s')))).toEqual(bytes(first));
      }));

    it('returns the stored events for a retry with the same ids and content, whatever seq it expects', () =>
      withStore(fixture, async (store) => {
        const batch = chainEvents('s', [{ id: 'r1' }, { id: 'r2' }]);
        await store.append('s', batch, { expectedSeq: 0 });
        await store.append('s', chainEvents('s', [{ id: 'r3' }], { seq: 2, hash: batch[1]!.hash }), { expectedSeq: 2 });
        const retry = await store.append('s', batch, { expectedSeq: 0 });
        expect(retry.outcome).toBe('already_appended');
        expect(bytes(retry.events)).toEqual(bytes(batch));
        expect((await collect(store.readStream('s'))).length).toBe(3);
      }));

    it('refuses an id reused with other content and stores nothing', () =>
      withStore(fixture, async (store) => {
        const batch = chainEvents('s', [{ id: 'x1' }]);
        await store.append('s', batch, { expectedSeq: 0 });
        const other = chainEvents('s', [{ id: 'x1', data: { n: 'other' } }], { seq: 1, hash: batch[0]!.hash });
        await expect(store.append('s', other, { expectedSeq: 1 })).rejects.toThrow(
          new IdempotencyConflictError('x1', 'is already stored as s#1 (Noted) with other content'),
        );
        const elsewhere = chainEvents('t', [{ id: 'x1' }]);
        await expect(store.append('t', elsewhere, { expectedSeq: 0 })).rejects.toBeInstanceOf(IdempotencyConflictError);
        expect(await store.listStreams()).toEqual(['s']);
      }));

    it('refuses a batch that continues its head but reuses a stored id in a later event, and stores none of it', () =>
      withStore(fixture, async (store) => {
        await store.append('s', chainEvents('s', [{ id: 'u1' }]), { expectedSeq: 0 });
        const batch = chainEvents('t', [{ id: 'u2' }, { id: 'u1', data: { n: 'other' } }, { id: 'u3' }]);
        await expect(store.append('t', batch, { expectedSeq: 0 })).rejects.toBeInstanceOf(IdempotencyConflictError);
        expect(await store.head('t')).toBeNull();
        expect(await store.findById('u2')).toBeNull();
        const fresh = chainEvents('t', [{ id: 'u2' }, { id: 'u3' }]);
        expect((await store.append('t', fresh, { expectedSeq: 0 })).outcome).toBe('appended');
        expect(bytes(await collect(store.readStream('t')))).toEqual(bytes(fresh));
      }));

    // 37 events: a store that writes several rows a statement (SQLite: 16) meets full statements and a remainder.
    it('stores a batch of 37 in order, and refuses one whose 20th event reuses a stored id, storing none of it', () =>
      withStore(fixture, async (store) => {
        const batch = chainEvents(
          'm',
          Array.from({ length: 37 }, (_, i) => ({ id: `m${i}` })),
        );
        expect((await store.append('m', batch, { expectedSeq: 0 })).outcome).toBe('appended');
        expect(bytes(await collect(store.readStream('m')))).toEqual(bytes(batch));
        expect(encodeEvent((await store.findById('m35'))!)).toBe(encodeEvent(batch[35]!));
        expect((await store.head('m'))!.hash).toBe(batch[36]!.hash);
        const reusing = chainEvents(
          'n',
          Array.from({ length: 37 }, (_, i) => ({ id: i === 19 ? 'm3' : `n${i}` })),
        );
        await expect(store.append('n', reusing, { expectedSeq: 0 })).rejects.toBeInstanceOf(IdempotencyConflictError);
        expect(await store.head('n')).toBeNull();
        expect(await store.findById('n0')).toBeNull();
        expect(await store.listStreams()).toEqual(['m']);
      }));

    it('refuses a batch that is partly stored already, whole', () =>
      withStore(fixture, async (store) => {
        const [p1, p2] = chainEvents('s', [{ id: 'p1' }, { id: 'p2' }]);
        await store.append('s', [p1!], { expectedSeq: 0 });
        await expect(store.append('s', [p1!, p2!], { expectedSeq: 0 })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        await expect(store.append('s', [p1!, p2!], { expectedSeq: 1 })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        expect(bytes(await collect(store.readStream('s')))).toEqual(bytes([p1!]));
      }));

    it('says which ids of a partly stored batch are stored and how many are not', () =>
      withStore(fixture, async (store) => {
        const [q1, q2, q3, q4] = chainEvents('s', [{ id: 'q1' }, { id: 'q2' }, { id: 'q3' }, { id: 'q4' }]);
        await store.append('s', [q1!, q2!], { expectedSeq: 0 });
        await expect(store.append('s', [q1!, q2!, q3!, q4!], { expectedSeq: 0 })).rejects.toThrow(
          new IdempotencyConflictError(
            'q1',
            'is already stored but 2 other event(s) of the batch are not (stored: q1, q2); ' +
              'a batch that is partly stored is refused whole',
          ),
        );
      }));

    it('refuses an empty batch, naming the stream', () =>
      withStore(fixture, async (store) => {
        await expect(store.append('s', [], { expectedSeq: 0 })).rejects.toSatisfy(
          (e) =>
            e instanceof IntegrityError &&
            e.stream === 's' &&
            e.message === 'An append to "s" needs at least one event',
        );
        expect(await store.listStreams()).toEqual([]);
      }));

    it('refuses a batch with a seq gap, naming the event and the seq it should have, and stores none of it', () =>
      withStore(fixture, async (store) => {
        const [g1, g2, g3] = chainEvents('s', [{ id: 'g1' }, { id: 'g2' }, { id: 'g3' }]);
        await store.append('s', [g1!], { expectedSeq: 0 });
        const [g4] = chainEvents('s', [{ id: 'g4' }], { seq: 3, hash: g3!.hash });
        await expect(store.append('s', [g2!, g4!], { expectedSeq: 1 })).rejects.toSatisfy(
          (e) =>
            e instanceof IntegrityError &&
            e.seq === 4 &&
            e.message === 'Append to "s": event 2 of 2 has seq 4, expected 3',
        );
        await expect(store.append('s', [g3!], { expectedSeq: 1 })).rejects.toThrow(
          'Append to "s": event 1 of 1 has seq 3, expected 2',
        );
        expect(bytes(await collect(store.readStream('s')))).toEqual(bytes([g1!]));
      }));

    it('refuses a batch holding an event of another stream, naming it, and stores none of it', () =>
      withStore(fixture, async (store) => {
        const [s1] = chainEvents('s', [{ id: 's1' }]);
        const [t2] = chainEvents('t', [{ id: 't2' }], { seq: 1, hash: s1!.hash });
        await expect(store.append('s', [s1!, t2!], { expectedSeq: 0 })).rejects.toSatisfy(
          (e) =>
            e instanceof IntegrityError &&
            e.stream === 's' &&
            e.message === 'Append to "s": event 2 of 2 belongs to stream "t"',
        );
        expect(await store.listStreams()).toEqual([]);
      }));

    it('refuses a batch that does not continue the chain and stores none of it', () =>
      withStore(fixture, async (store) => {
        const good = chainEvents('s', [{ id: 'g1' }]);
        await store.append('s', good, { expectedSeq: 0 });
        const next = chainEvents('s', [{ id: 'g2' }, { id: 'g3' }], { seq: 1, hash: good[0]!.hash });
        const broken = [next[0]!, { ...next[1]!, prev: '1'.repeat(64) }];
        await expect(store.append('s', broken, { expectedSeq: 1 })).rejects.toSatisfy(
          (e) =>
            e instanceof IntegrityError &&
            e.seq === 3 &&
            e.message === 'Append to "s": event 2 of 2 (seq 3) does not continue the hash chain',
        );
        const twice = [next[0]!, { ...next[1]!, id: 'g2' }];
        await expect(store.append('s', twice, { expectedSeq: 1 })).rejects.toThrow(
          new IdempotencyConflictError('g2', 'appears twice in one batch'),
        );
        expect(bytes(await collect(store.readStream('s')))).toEqual(bytes(good));
        expect(await store.findById('g2')).toBeNull();
      }));

    it('refuses an event outside the envelope contract, naming the event, its seq and the field, and stores none of it', () =>
      withStore(fixture, async (store) => {
        const [n1, n2] = chainEvents('s', [{ id: 'n1' }, { id: 'n2' }]);
        const extra = { ...n2!, approvedBy: 'org' };
        await expect(store.append('s', [n1!, extra], { expectedSeq: 0 })).rejects.toSatisfy(
          (e) =>
            e instanceof IntegrityError &&
            e.seq === 2 &&
            e.message ===
              'Append to "s": event 2 of 2 is not an event envelope (seq 2: the field "approvedBy" is not part of the event envelope)',
        );
        expect(await store.listStreams()).toEqual([]);
      }));

    it('reads a range of a stream and all streams from a position, inclusive', () =>
      withStore(fixture, async (store) => {
        const a = chainEvents('a', [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }, { id: 'a4' }]);
        await store.append('a', a.slice(0, 2), { expectedSeq: 0 });
        await store.append('b', chainEvents('b', [{ id: 'b1' }]), { expectedSeq: 0 });
        await store.append('a', a.slice(2), { expectedSeq: 2 });
        expect((await collect(store.readStream('a', { fromSeq: 2, toSeq: 3 }))).map((e) => e.id)).toEqual(['a2', 'a3']);
        const all = await collect(store.readAll());
        const from = await collect(store.readAll({ fromPosition: all[3]!.position }));
        expect(from.map((p) => p.event.id)).toEqual(['a3', 'a4']);
        expect(all.map((p) => p.event.id)).toEqual(['a1', 'a2', 'b1', 'a3', 'a4']);
      }));

    it('streams a stream longer than one page in seq order', () =>
      withStore(fixture, async (store) => {
        const events = chainEvents(
          'long',
          Array.from({ length: 2500 }, (_, i) => ({ id: `l${i}` })),
        );
        await store.append('long', events, { expectedSeq: 0 });
        let seq = 0;
        for await (const event of store.readStream('long')) expect(event.seq).toBe(++seq);
        expect(seq).toBe(2500);
        expect((await collect(store.readAll({ fromPosition: 1001 }))).length).toBe(1500);
      }));

    it('keeps every acknowledged event across a reopen', async () => {
      let store = await fixture.open();
      try {
        const events = chainEvents('s', [{ id: 'k1' }, { id: 'k2' }]);
        await store.append('s', events, { expectedSeq: 0 });
        store = await fixture.reopen(store);
        expect(bytes(await collect(store.readStream('s')))).toEqual(bytes(events));
        await expect(store.append('s', chainEvents('s', [{ id: 'k3' }]), { expectedSeq: 0 })).rejects.toBeInstanceOf(
          VersionConflictError,
        );
      } finally {
        await store.close();
      }
    });

    it('delivers stored and newly committed events to a subscriber once each, in order', () =>
      withStore(fixture, async (store) => {
        const a = chainEvents('a', [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }]);
        await store.append('a', a.slice(0, 2), { expectedSeq: 0 });
        const seen: PositionedEvent[] = [];
        const late: PositionedEvent[] = [];
        const subscription = store.subscribe({}, (item) => void seen.push(item));
        await eventually(() => seen.length === 2);
        const from = store.subscribe({ fromPosition: seen[1]!.position }, async (item) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          late.push(item);
        });
        await store.append('a', a.slice(2), { expectedSeq: 2 });
        await store.append('b', chainEvents('b', [{ id: 'b1' }]), { expectedSeq: 0 });
        await eventually(() => seen.length === 4 && late.length === 3);
        await subscription.stop();
        await from.stop();
        await subscription.done;
        expect(seen.map((p) => p.event.id)).toEqual(['a1', 'a2', 'a3', 'b1']);
        expect(late.map((p) => p.event.id)).toEqual(['a2', 'a3', 'b1']);
        expect(new Set(seen.map((p) => p.position)).size).toBe(4);
      }));

    it('ends a subscription whose handler throws, with that error', () =>
      withStore(fixture, async (store) => {
        await store.append('a', chainEvents('a', [{ id: 'a1' }]), { expectedSeq: 0 });
        const subscription = store.subscribe({}, () => {
          throw new Error('projection failed');
        });
        await expect(subscription.done).rejects.toThrow('projection failed');
      }));

    it(
      fixture.keepsSnapshots ? 'keeps the latest snapshot per stream and workflow' : 'keeps no snapshots (a plain log)',
      () =>
        withStore(fixture, async (store) => {
          const snapshot = {
            workflow: 'test@1',
            seq: 1,
            hash: 'h'.repeat(64),
            state: { value: 'open', context: { n: 1 } },
          };
          await store.saveSnapshot('s', snapshot);
          await store.saveSnapshot('s', { ...snapshot, seq: 2 });
          const loaded = await store.loadSnapshot('s', 'test@1');
          if (fixture.keepsSnapshots) expect(loaded).toEqual({ ...snapshot, seq: 2 });
          else expect(loaded).toBeNull();
          expect(await store.loadSnapshot('s', 'test@2')).toBeNull();
        }),
    );

    it('stores awkward payloads byte for byte', () =>
      withStore(fixture, async (store) => {
        const data = {
          nul: 'a\u0000b',
          controls: '\u0001\u001f\u007f\u2028\u2029',
          quote: '"\\/',
          unicode: 'Shenzhen 深圳 \u{1F600} e\u0301',
          numbers: [0, -1, 1e21, 1.5e-7, Number.MAX_SAFE_INTEGER, -0],
          nested: { z: 1, a: [{ b: null, a: true }], __proto_: 'x' },
          sql: "'; DROP TABLE events; --",
        };
        const events = chainEvents('odd', [{ id: 'o1', data }]);
        await store.append('odd', events, { expectedSeq: 0 });
        store = await fixture.reopen(store);
        const [read] = await collect(store.readStream('odd'));
        expect(encodeEvent(read!)).toBe(encodeEvent(events[0]!));
        await store.close();
      }));

    it('agrees with a simple model under generated append, retry, stale append, reuse, read and reopen commands', () =>
      runStoreModel(fixture));
  });
}
