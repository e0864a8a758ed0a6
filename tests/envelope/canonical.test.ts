import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  createEngine,
  createMemoryEventStore,
  encodeEvent,
  hashEvent,
  sha256Hex,
} from '../../src/index.ts';
import { createToyWorkflow, toy } from '../fixtures/toyWorkflow.ts';
import { generateEvents } from '../../bench/generateLog.ts';
import { fcSeed } from '../fcSeed.ts';
import type { Engine, UnhashedEvent } from '../../src/index.ts';
import { sealWithBytes, sealedValuesJson } from '../../src/envelope/canonical.ts';
import { toRow } from '../../src/store/postgresRows.ts';

const awkward = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('\u0000', '\u2028', '\u2029', '"\\', '\ud83d\ude00', 'é', 'e\u0301', '\u007f', '</script>'),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, 1e21, 1e-7, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    awkward,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'grapheme' }), tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe(`canonicalJson (seed ${fcSeed})`, () => {
  it('writes exactly the bytes the canonicalize library (RFC 8785) writes', () =>
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    ));

  it('sorts the keys of objects met one after another in the same, in other and in overlapping orders', () =>
    fc.assert(
      fc.property(
        fc.array(fc.shuffledSubarray(['b', 'a', 'c', '10', '9', 'é', 'B', ''], { minLength: 0 }), { maxLength: 12 }),
        (orders) => {
          for (const keys of orders) {
            const value = Object.fromEntries(keys.map((key, i) => [key, { [key]: i, z: keys }]));
            expect(canonicalJson(value)).toBe(canonicalize(value));
          }
        },
      ),
      { numRuns: 300 },
    ));

  it('writes objects of a few shapes met over and over, their strings repeating or not, as RFC 8785 does', () =>
    fc.assert(
      fc.property(
        // More shapes than the encoder keeps at once (16), values from a small pool so that a member often holds the
        // string it held last time, and sometimes another of its length, a number or nothing in its place.
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 23 }),
            fc.array(
              fc.oneof(
                fc.constantFrom('a', 'b', 'é', '"', 'ab', 'ba', '\u2028', '\ud83d\ude00'),
                fc.integer(),
                fc.constant(undefined),
              ),
              { minLength: 4, maxLength: 4 },
            ),
          ),
          { maxLength: 60 },
        ),
        (objects) => {
          const keys = ['id', 'b', 'a', '10', '9', 'é', ''];
          for (const [shape, values] of objects) {
            const names = keys.filter((_, i) => ((shape + 1) >> i) % 2 === 1 || i === shape % keys.length);
            const value = Object.fromEntries(names.map((name, i) => [name, values[i % values.length]]));
            const nested = { [names[0]!]: value, list: [value, values[0]] };
            expect(canonicalJson(value)).toBe(canonicalize(value));
            expect(canonicalJson(nested)).toBe(canonicalize(nested));
          }
        },
      ),
      { numRuns: 500 },
    ));

  it('writes objects nested in objects of their own shape, the first members and the last repeating, as RFC 8785 does', () =>
    fc.assert(
      fc.property(
        // One shape written within itself (its kept strings and its run of first members changing mid-object), and
        // strings met once, then again, then replaced: each written as the reference writes it.
        fc.array(
          fc.letrec((tie) => ({
            node: fc.record({
              a: fc.constantFrom('x', 'y', 'é', '"', 'a long plain string', 'a long plain strinG'),
              b: fc.oneof(fc.constantFrom('x', 'programme_manager', '\u2028', 'z'), fc.integer()),
              c: fc.oneof({ depthSize: 'small' }, fc.constant(undefined), fc.constantFrom('x', 'w'), tie('node')),
              d: fc.constantFrom('x', 'programme_manager', 'q\u0000'),
            }),
          })).node,
          { maxLength: 20 },
        ),
        (nodes) => {
          for (const node of nodes) expect(canonicalJson(node)).toBe(canonicalize(node));
        },
      ),
      { numRuns: 500 },
    ));

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson(['\ud800'])).toThrow('Lone surrogate');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow('Circular reference');
  });

  it('hashes an event over its canonical envelope without hash and sig, and stores the whole envelope', () => {
    for (const event of generateEvents(50)) {
      const { hash, ...unhashed } = event;
      expect(hash).toBe(sha256Hex(canonicalize(unhashed)!));
      expect(hashEvent(event)).toBe(hash);
      expect(encodeEvent(event)).toBe(canonicalize(event));
    }
  });

  it('seals any event to the bytes and hash RFC 8785 gives, signed or not', () =>
    fc.assert(
      fc.property(
        fc.record(
          {
            id: fc.string({ minLength: 1 }),
            stream: fc.string(),
            seq: fc.nat(),
            type: fc.string(),
            data: fc.dictionary(fc.string({ unit: 'grapheme' }), json, { maxKeys: 4 }),
            correlationId: fc.string(),
            zz: awkward,
          },
          { requiredKeys: ['id', 'stream', 'seq', 'type', 'data'] },
        ),
        fc.option(fc.record({ keyId: fc.string(), alg: fc.constant('ed25519' as const), value: fc.string() })),
        (event, sig) => {
          const unhashed = event as unknown as UnhashedEvent;
          const { event: sealed, bytes } = sealWithBytes(unhashed, sig === null ? undefined : () => sig);
          expect(bytes).toBe(canonicalize(sealed));
          expect(encodeEvent(sealed)).toBe(bytes);
          expect(sealed.hash).toBe(sha256Hex(canonicalize(unhashed)!));
          // The next event of the stream: most members repeat the strings just written.
          const following = { ...unhashed, id: `${unhashed.id}x`, seq: unhashed.seq + 1, prev: sealed.hash };
          const second = sealWithBytes(following);
          expect(second.bytes).toBe(canonicalize(second.event));
          expect(second.event.hash).toBe(sha256Hex(canonicalize(following)!));
        },
      ),
      { numRuns: 500 },
    ));

  it("gives the engine's sealed events the same stored bytes and hash as encoding them afresh", async () => {
    const engine: Engine = createEngine({ workflows: createToyWorkflow(), store: createMemoryEventStore() });
    const { event } = await engine.record('t', { ...toy('Counted', { by: 3 }), correlationId: 'c-1' });
    expect(Object.isFrozen(event)).toBe(true);
    expect(encodeEvent(event)).toBe(canonicalize(event));
    expect(encodeEvent({ ...event })).toBe(encodeEvent(event));
    expect(hashEvent(event)).toBe(event.hash);
  });

  it('keeps the stored bytes with the sealed event only: a copy or an object built on it is encoded afresh', () => {
    const { hash: _hash, ...unhashed } = [...generateEvents(1)][0]!;
    const { event, bytes } = sealWithBytes(unhashed);
    expect(Object.keys(event)).not.toContain('bytes');
    expect(Reflect.ownKeys(event)).toEqual(Object.keys(event)); // no hidden member a reflective copy could carry off
    expect(JSON.stringify(event)).toBe(JSON.stringify({ ...event }));
    const heir = Object.create(event) as typeof event;
    expect(encodeEvent(heir)).toBe('{}');
    expect(sealedValuesJson(heir)).toBeUndefined();
    expect(encodeEvent({ ...event, type: 'Other' })).toBe(canonicalize({ ...event, type: 'Other' }));
    expect(encodeEvent(event)).toBe(bytes);
  });

  it('seals as canonicalJson writes: members JSON leaves out are left out, a lone surrogate is refused', () => {
    const { hash: _hash, ...unhashed } = [...generateEvents(1)][0]!;
    const odd = { ...unhashed, zz: () => 1, yy: undefined } as unknown as UnhashedEvent;
    const { event, bytes } = sealWithBytes(odd);
    expect(bytes).toBe(canonicalJson(event));
    expect(event.hash).toBe(hashEvent(event));
    expect(() => sealWithBytes({ ...unhashed, type: 'a\ud800' })).toThrow('Lone surrogate');
    const withProto = JSON.parse(`{"__proto__":{"a":1},${JSON.stringify(unhashed).slice(1)}`) as UnhashedEvent;
    const sealedProto = sealWithBytes(withProto);
    expect(Object.getPrototypeOf(sealedProto.event)).toBe(Object.prototype);
    expect(sealedProto.bytes).toBe(canonicalize(sealedProto.event));
    const sig = { keyId: 'k', alg: 'ed25519' as const, value: 'v' };
    const presigned = sealWithBytes({ ...unhashed, sig } as UnhashedEvent);
    expect(presigned.bytes).toBe(canonicalize(presigned.event));
    expect(presigned.event.hash).toBe(hashEvent(presigned.event));
    expect(() => sealWithBytes({ ...unhashed, data: { ['\udc00']: 1 } })).toThrow('Lone surrogate');
  });

  it('keeps the canonical JSON of each member a sealed event was encoded from, so a store need not encode it again', () =>
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('actor', 'data', 'sig', 'type', 'x', 'hash'), json), (members) => {
        const { hash: _hash, ...rest } = [...generateEvents(1)][0]!;
        const { event } = sealWithBytes({ ...rest, ...members });
        const values = sealedValuesJson(event)!;
        for (const key of Object.keys(event).filter((k) => k !== 'hash' && k !== 'sig'))
          expect(values.get(key)).toBe(canonicalJson((event as Record<string, unknown>)[key]));
        expect([...values.keys()].sort()).toEqual(
          Object.keys(event)
            .filter((k) => k !== 'hash' && k !== 'sig')
            .sort(),
        );
        expect(sealedValuesJson({ ...event })).toBeUndefined();
        // The PostgreSQL row built from the kept values is the row built by encoding afresh.
        expect(toRow(event)).toEqual(toRow({ ...event }));
      }),
      { numRuns: 300 },
    ));
});
