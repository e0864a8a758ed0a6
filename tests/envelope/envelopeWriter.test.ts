import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, encodeEvent, hashEvent, sha256Hex, type UnhashedEvent } from '../../src/index.ts';
import { sealWithBytes, sealedValuesJson } from '../../src/envelope/canonical.ts';
import { fcSeed } from '../fcSeed.ts';

// Sealing writes the envelope's own shapes (src/envelope/envelopeWriter.ts) apart from any other shape (jcs.ts): these
// hold the two byte-equal, and both to the canonicalize library (RFC 8785), on envelopes whose members hold anything.

const awkward = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', '\u001f', '\u2028', '"\\', '\ud83d\ude00', 'é', 'e\u0301', '\u007f', '</script>', ''),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, 1, 1e21, 1e-7, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    awkward,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'grapheme' }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A member's value: mostly of its type, often from a small pool (so values repeat from event to event), or anything. */
const member = (pool: readonly (string | number)[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...pool) },
    { weight: 2, arbitrary: awkward },
    { weight: 1, arbitrary: json },
  );

const envelope = fc.record(
  {
    id: member(['e1', 'e2', 'x"y']),
    stream: member(['s', 'programme-1', 'é']),
    seq: member([1, 2, 3, 10]),
    type: member(['DocumentLinked', 'Started', '\u2028']),
    schema: member([1, 2]),
    workflow: member(['programme@1', 'w@2']),
    occurredAt: member(['2011-07-02', '2011-07-03']),
    recordedAt: member(['2011-07-02T00:00:00.000Z', '2011-07-04T00:00:00.000Z']),
    actor: fc.oneof(
      fc.constantFrom({ id: 'nl-agency', role: 'programme_manager' }, { role: 'r', id: 'ü' }),
      fc.record({ id: fc.string({ unit: 'grapheme' }), role: fc.string() }),
      json,
    ),
    data: json,
    causationId: member(['c1', 'c2']),
    correlationId: member(['k1', 'k2']),
    prev: member(['0'.repeat(64), 'f'.repeat(64)]),
  },
  { requiredKeys: [] },
);

/** The envelope's members in an order of their own (the engine's, or shuffled); `prev` chained when `chain` says. */
const events = fc.array(fc.tuple(envelope, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 2 })), {
  minLength: 1,
  maxLength: 12,
});

const required = [
  'actor',
  'data',
  'id',
  'occurredAt',
  'prev',
  'recordedAt',
  'schema',
  'seq',
  'stream',
  'type',
  'workflow',
];

/** An unhashed envelope of the engine's shape, with `changes` made to it. */
const envelopeWith = (changes: Record<string, unknown> = {}): UnhashedEvent => ({
  id: 'e1',
  stream: 's',
  seq: 1,
  type: 'T',
  schema: 1,
  workflow: 'w@1',
  occurredAt: '2011-07-02',
  recordedAt: '2011-07-02T00:00:00.000Z',
  actor: { id: 'a', role: 'r' },
  data: {},
  prev: '0'.repeat(64),
  ...changes,
});

describe(`sealing an envelope (seed ${fcSeed})`, () => {
  it('writes the bytes and hash RFC 8785 gives, and keeps each member as the general encoder writes it', () =>
    fc.assert(
      fc.property(events, (runs) => {
        let lastHash = '0'.repeat(64);
        for (const [members, chain, reversed, fill] of runs) {
          // Mostly the whole envelope (required members from a fixed stand-in when the record left them out), so the
          // envelope's writer is taken; sometimes a member missing, and so the general encoder.
          const stand = { id: 'e', stream: 's', seq: 1, type: 't', schema: 1, workflow: 'w@1', occurredAt: '2011' };
          const base: Record<string, unknown> = {
            ...stand,
            recordedAt: '2011',
            actor: { id: 'a', role: 'r' },
            data: {},
          };
          const whole: Record<string, unknown> = fill === 0 ? { ...members } : { ...base, prev: lastHash, ...members };
          if (chain) whole.prev = lastHash;
          const keys = Object.keys(whole);
          const ordered = Object.fromEntries((reversed ? keys.reverse() : keys).map((key) => [key, whole[key]]));
          const unhashed = ordered as unknown as UnhashedEvent;
          let general: string;
          try {
            general = canonicalJson(unhashed);
          } catch (error) {
            // What the general encoder refuses (a lone surrogate), sealing refuses with the same words.
            expect(() => sealWithBytes(unhashed)).toThrow((error as Error).message);
            continue;
          }
          const expected = canonicalize(unhashed)!;
          expect(general).toBe(expected);
          const { event, bytes } = sealWithBytes(unhashed);
          expect(event.hash).toBe(sha256Hex(expected));
          expect(bytes).toBe(canonicalize(event));
          expect(bytes).toBe(canonicalJson({ ...event }));
          expect(encodeEvent(event)).toBe(bytes);
          expect(hashEvent(event)).toBe(event.hash);
          expect(Object.isFrozen(event)).toBe(true);
          expect(Object.keys(event).sort()).toEqual([...keys, 'hash'].sort());
          for (const key of keys) expect((event as Record<string, unknown>)[key]).toBe(whole[key]);
          const values = sealedValuesJson(event)!;
          for (const key of keys) expect(values.get(key)).toBe(canonicalJson(whole[key]));
          expect([...values.keys()]).toEqual([...keys].sort());
          lastHash = event.hash;
        }
      }),
      { numRuns: 600 },
    ));

  it('seals the engine-shaped envelope with its members in canonical order, links or not', () => {
    const links = [{}, { causationId: 'c' }, { correlationId: 'k' }, { causationId: 'c', correlationId: 'k' }];
    for (const extra of links) {
      const unhashed = envelopeWith({ data: { b: [1, 'x'], a: { '\u2028': null } }, ...extra });
      const { event, bytes } = sealWithBytes(unhashed);
      expect(Object.keys(event)).toEqual([...required, ...Object.keys(extra), 'hash'].sort());
      expect(bytes).toBe(canonicalize(event));
      // The next event, chained to this one: its prev is the hash just made.
      const next = sealWithBytes({ ...unhashed, id: 'e2', seq: 2, prev: event.hash });
      expect(next.bytes).toBe(canonicalize(next.event));
      expect(next.event.hash).toBe(sha256Hex(canonicalize({ ...unhashed, id: 'e2', seq: 2, prev: event.hash })!));
    }
  });

  it('writes a member that holds an object afresh each time: the object may have changed since', () => {
    const type: Record<string, unknown> = { a: 1 };
    const schema = [1];
    const event = envelopeWith({ type, schema });
    expect(sealWithBytes(event).bytes).toBe(canonicalize(sealWithBytes(event).event));
    type.a = 2;
    schema.push(2);
    const again = sealWithBytes(event);
    expect(again.bytes).toContain('"type":{"a":2}');
    expect(again.bytes).toBe(canonicalize(again.event));
  });

  it('refuses what JSON cannot carry in any member, as the general encoder does, and writes the next event right', () => {
    const good = envelopeWith();
    const other = { stream: 't', type: 'U', schema: 2, workflow: 'v@1', occurredAt: 'y', recordedAt: 'x' };
    for (const key of required) {
      for (const bad of ['\ud800', Number.NaN, Number.POSITIVE_INFINITY]) {
        sealWithBytes(good);
        const event = { ...good, ...other, [key]: bad } as UnhashedEvent;
        expect(() => canonicalJson(event)).toThrow(TypeError);
        expect(() => sealWithBytes(event)).toThrow(TypeError);
        // Nothing of a run half built when the refusal came is kept: the event before's members are written again.
        const after = sealWithBytes(good);
        expect(after.bytes).toBe(canonicalize(after.event));
        const values = sealedValuesJson(after.event)!;
        for (const name of required) expect(values.get(name)).toBe(canonicalJson(good[name as keyof UnhashedEvent]));
      }
    }
  });
});
