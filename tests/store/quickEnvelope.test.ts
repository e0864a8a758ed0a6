import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/envelope/canonical.ts';
import { envelopeFields, envelopeProblem, forbiddenKeys } from '../../src/envelope/contract.ts';
import { isDigest, isQuickEnvelope } from '../../src/envelope/quickEnvelope.ts';
import { fcSeed } from '../fcSeed.ts';
import { envelope, hex, hostileValue, text } from './envelopeArbitraries.ts';

// The stores' quick judgement of a parsed event (src/envelope/quickEnvelope.ts) may only accept what the whole
// envelope contract accepts, and must accept every event as a store keeps it (canonical JSON, parsed), else reads
// pay for both. Events come in runs, as a stream reads them, so that what a rule remembers from one event meets the
// next; some are then changed: a field replaced by something hostile, a field taken away, a member added (an
// unknown name, `__proto__`, `constructor`, an optional field holding undefined), the members' order changed.
const fieldName = fc.constantFrom(...envelopeFields, 'approvedBy');
/** A digest with one character that is no lowercase hex digit, or one too many or too few. */
const nearHex = fc.oneof(
  fc
    .tuple(hex, fc.nat(63), fc.constantFrom('A', 'F', 'g', '/', ':', '`', '\u0660', '\u0130', 'é', '\ud83d'))
    .map(([digest, at, odd]) => digest.slice(0, at) + odd + digest.slice(at + 1)),
  hex.map((digest) => digest.slice(1)),
  hex.map((digest) => `${digest}0`),
);
const change = fc.oneof(
  fc.record({ replace: fieldName, value: fc.oneof(hostileValue, text, hex) }),
  fc.record({ replace: fc.constantFrom('hash', 'prev'), value: nearHex }),
  fc.record({ remove: fieldName }),
  fc.record({
    add: fc.constantFrom('__proto__', 'constructor', 'approvedBy', 'causationId', 'sig'),
    value: hostileValue,
  }),
  fc.record({ undefinedField: fc.constantFrom('causationId', 'correlationId', 'sig', 'id') }),
  fc.record({ last: fieldName }),
  fc.record({ deep: fc.constantFrom('__proto__', 'constructor'), inActor: fc.boolean() }),
);

/** Sets an own, enumerable member (also `__proto__`, which an assignment would not make own). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function changed(event: Record<string, unknown>, how: Record<string, unknown>): object {
  if ('replace' in how) setOwn(event, how.replace as string, how.value);
  else if ('remove' in how) delete event[how.remove as string];
  else if ('add' in how) setOwn(event, how.add as string, how.value);
  else if ('undefinedField' in how) setOwn(event, how.undefinedField as string, undefined);
  else if ('last' in how) {
    const key = how.last as string;
    if (Object.hasOwn(event, key)) {
      const value = event[key];
      delete event[key];
      setOwn(event, key, value);
    }
  } else {
    const holder = how.inActor ? event.actor : event.data;
    if (typeof holder === 'object' && holder !== null) setOwn(holder as Record<string, unknown>, how.deep as string, 1);
  }
  return event;
}

describe(`the quick envelope judgement (seed ${fcSeed})`, () => {
  it('accepts every event as a store keeps it, and a changed one only when the whole contract accepts it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(envelope, fc.option(change, { nil: undefined }), fc.boolean()), { maxLength: 8 }),
        (events) => {
          // A chained event's prev is the hash of the event before it, as in a stream (the judgement remembers the
          // last hash that passed), or that event's changed hash when it was changed.
          let before: unknown;
          for (const [spec, how, chained] of events) {
            const fields = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
            if (chained && typeof before === 'string' && !/[\ud800-\udfff]/.test(before)) fields.prev = before;
            const stored = JSON.parse(canonicalJson({ data: {}, ...fields })) as Record<string, unknown>;
            before = stored.hash;
            if (how === undefined) {
              // Refused only when chained to a changed hash that is no digest, as the contract refuses it.
              expect(isQuickEnvelope(stored)).toBe(envelopeProblem(stored) === null);
              continue;
            }
            const value = changed(stored, how) as Record<string, unknown>;
            before = value.hash; // maybe a near miss: the next event's prev must not pass for having met it
            if (isQuickEnvelope(value)) expect(envelopeProblem(value)).toBeNull();
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts an envelope whose members are in another order as the contract does, and refuses what is no object', () => {
    const [spec] = fc.sample(envelope, { numRuns: 1, seed: fcSeed });
    const stored = JSON.parse(canonicalJson({ data: {}, ...spec })) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(stored).reverse());
    expect(isQuickEnvelope(reordered)).toBe(true);
    expect(isQuickEnvelope({ ...reordered })).toBe(true); // the same order again
    expect(envelopeProblem(reordered)).toBeNull();
    const { prev: _prev, ...noPrev } = reordered;
    expect(isQuickEnvelope(noPrev)).toBe(false);
    for (const value of [null, [], 'x', 1, [stored]]) expect(isQuickEnvelope(value)).toBe(false);
  });

  it('does not let an inherited actor member pass', () => {
    const [spec] = fc.sample(envelope, { numRuns: 1, seed: fcSeed });
    const stored = JSON.parse(canonicalJson({ data: {}, ...spec })) as Record<string, unknown>;
    stored.actor = Object.assign(Object.create({ role: 'admin' }) as object, { id: 'a', extra: 'b' });
    expect(isQuickEnvelope(stored)).toBe(false);
  });

  it('refuses every key the contract forbids, anywhere inside data or as a member', () => {
    const [spec] = fc.sample(envelope, { numRuns: 1, seed: fcSeed });
    for (const key of forbiddenKeys) {
      for (const data of [`{"${key}":1}`, `{"a":{"b":[{"${key}":{}}]}}`]) {
        const event = JSON.parse(canonicalJson({ ...spec, data: {} })) as Record<string, unknown>;
        event.data = JSON.parse(data) as unknown;
        expect(envelopeProblem(event)).not.toBeNull();
        expect(isQuickEnvelope(event), `${key} in ${data}`).toBe(false);
      }
    }
  });

  it('refuses every near miss of every field that the whole contract refuses, in every field', () => {
    // The generated changes above reach each near miss only now and then; here each one meets each field, once in
    // an event whose values are fresh and once right after the same event passed (what the rules remember).
    const nearMisses: unknown[] = [
      0,
      -1,
      1.5,
      2 ** 53,
      '1',
      '',
      'x"y',
      '2011-13-45',
      'a@0',
      'A'.repeat(64),
      'g'.repeat(64),
      'a'.repeat(63),
      'a'.repeat(65),
      `${'a'.repeat(63)}\u0161`, // a code unit past the ASCII range, whose low byte ("a") is a hex digit
      `${'0'.repeat(32)}:${'0'.repeat(31)}`,
      null,
      [],
      {},
      [{}],
      { id: 5, role: 'clerk' },
      { id: 'a', role: 7 },
      { id: 'a' },
      { id: 'a', role: 'b', extra: 'c' },
      { list: [{ constructor: 1 }] },
      JSON.parse('{"nested":{"deeper":[[{"__proto__":1}]]}}') as unknown,
    ];
    const [spec] = fc.sample(envelope, { numRuns: 1, seed: fcSeed });
    const base = JSON.parse(canonicalJson({ data: {}, ...spec, causationId: 'c1' })) as Record<string, unknown>;
    let refused = 0;
    for (const field of envelopeFields) {
      for (const miss of nearMisses) {
        for (const warm of [false, true]) {
          const event = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
          if (warm) expect(isQuickEnvelope(JSON.parse(JSON.stringify(base)))).toBe(true);
          setOwn(event, field, JSON.parse(JSON.stringify(miss)) as unknown);
          if (envelopeProblem(event) === null) continue;
          refused++;
          expect(isQuickEnvelope(event), `${field}: ${JSON.stringify(miss)}`).toBe(false);
        }
      }
    }
    expect(refused).toBeGreaterThan(envelopeFields.length * nearMisses.length);
  });

  it('takes as a digest exactly 64 lowercase hex digits: every UTF-16 code unit tried in every place', () => {
    const digest = '0123456789abcdef'.repeat(4);
    expect(isDigest(digest)).toBe(true);
    for (let unit = 0; unit < 0x10000; unit++) {
      const at = unit % 64;
      const odd = digest.slice(0, at) + String.fromCharCode(unit) + digest.slice(at + 1);
      expect(isDigest(odd)).toBe(/^[0-9a-f]$/.test(String.fromCharCode(unit)));
    }
    for (const wrong of [digest.slice(1), `${digest}0`, '', 64, null, [digest]]) expect(isDigest(wrong)).toBe(false);
  });
});
