/**
 * mergeContext is XState's `Object.assign({}, context, partial)` without the copy when the assigner returned the
 * whole next context: for contexts and partials of every shape (the context itself, a spread with replaced or added
 * keys, a subset, other key orders, `__proto__` and symbol keys, non-enumerable properties, class instances, frozen
 * objects, getters, and values that are not objects), the result has the same prototype, own keys in the same order and the same property
 * descriptors as Object.assign's, and the inputs are left as they were.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeContext, vouchPlain } from '../../src/workflow/fold/mergeContext.ts';
import { fcSeed } from '../fcSeed.ts';
import { shape } from '../fixtures/objectShape.ts';

const marker = Symbol('marker');
class Counter {
  constructor(public n: number) {}
}

const key = fc.constantFrom('a', 'b', 'c', 'd', '1', '0', '__proto__', 'toString');
const value = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant({ nested: true }));
/** A plain object built by defining keys in the drawn order (so `__proto__` is an own key, not the prototype). */
const plainObject = fc.array(fc.tuple(key, value), { maxLength: 6 }).map((entries) => {
  const object: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
  return object;
});
/** A context, sometimes with a symbol key, a non-enumerable key or another prototype, or frozen. */
const context = fc.tuple(plainObject, fc.nat(6)).map(([object, twist]) => {
  if (twist === 1) return { ...object, [marker]: 'kept' };
  if (twist === 4) return Object.freeze({ ...object });
  if (twist === 2) return Object.defineProperty({ ...object }, 'hidden', { value: 1, enumerable: false });
  if (twist === 3) return Object.assign(new Counter(1), object);
  return object;
});

/**
 * What the assigner returns, given the context: itself, a spread with changes, a subset, another object, a frozen or
 * sealed copy, a copy with a getter, no object.
 */
function partialOf(ctx: Record<string, unknown>, kind: number, extra: Record<string, unknown>, drop: number): unknown {
  switch (kind) {
    case 0:
      return ctx;
    case 1:
      return Object.assign({ ...ctx }, extra);
    case 2:
      return Object.fromEntries(Object.entries(ctx).slice(drop));
    case 3:
      return Object.fromEntries(Object.entries(ctx).reverse());
    case 4:
      return extra;
    case 5:
      return { ...ctx, [marker]: 'added' };
    case 6:
      return drop % 2 === 0
        ? Object.defineProperty({ ...ctx }, 'hidden', { value: 2, enumerable: false })
        : Object.defineProperty({ ...ctx }, marker, { value: 'hidden', enumerable: false });
    case 7:
      return Object.assign(new Counter(2), ctx);
    case 12:
      return drop % 2 === 0 ? Object.freeze({ ...ctx }) : Object.seal(Object.assign({ ...ctx }, extra));
    case 13:
      return Object.defineProperty({ ...ctx }, drop % 2 === 0 ? 'a' : 'got', {
        get: () => drop,
        enumerable: true,
        configurable: true,
      });
    default:
      return [undefined, null, 7, 'xy'][kind - 8];
  }
}

describe(`mergeContext equals Object.assign({}, context, partial) (seed ${fcSeed})`, () => {
  it('gives the same prototype, keys in order and descriptors, and changes neither input', () => {
    fc.assert(
      fc.property(context, fc.nat(13), plainObject, fc.nat(4), (ctx, kind, extra, drop) => {
        const partial = partialOf(ctx, kind, extra, drop);
        const before = [shape(ctx), typeof partial === 'object' && partial !== null ? shape(partial) : partial];
        const expected = Object.assign({}, ctx, partial);
        const merged = mergeContext(ctx, partial);
        expect(shape(merged)).toEqual(shape(expected));
        expect([shape(ctx), typeof partial === 'object' && partial !== null ? shape(partial) : partial]).toEqual(
          before,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('returns what the assigner gave when that already is the merged context, and a copy otherwise', () => {
    // A context that is not the one returned last, spread with a key replaced: no copy either.
    const fresh = { a: 1, b: 2 };
    const replaced = { ...fresh, b: 3 };
    expect(mergeContext(fresh, replaced)).toBe(replaced);
    const ctx = { a: 1, b: { deep: true } };
    expect(mergeContext(ctx, ctx)).toBe(ctx);
    // The same context again (the one returned last): still no copy.
    expect(mergeContext(ctx, ctx)).toBe(ctx);
    const next = { ...ctx, b: { deep: false }, c: 3 };
    expect(mergeContext(ctx, next)).toBe(next);
    const reordered = { b: ctx.b, a: 2 };
    expect(mergeContext(ctx, reordered)).not.toBe(reordered);
    expect(Object.keys(mergeContext(ctx, reordered))).toEqual(['a', 'b']);
    const subset = { b: 2 };
    expect(mergeContext(ctx, subset)).toEqual({ a: 1, b: 2 });
    const withProto = JSON.parse('{"a":1,"b":2,"__proto__":{"x":1}}') as object;
    expect(Object.getPrototypeOf(mergeContext(ctx, withProto))).toEqual({ x: 1 });
  });

  it('copies a frozen or sealed context, or one with a getter, as Object.assign would, even when it came back unchanged', () => {
    const next = { a: 1, b: 2, c: 3 };
    const frozen = Object.freeze({ ...next });
    expect(Object.isFrozen(mergeContext(next, frozen))).toBe(false);
    const last = mergeContext(next, { ...next, c: 4 }) as Record<string, unknown>;
    expect(mergeContext(last, last)).toBe(last);
    Object.freeze(last);
    const merged = mergeContext(last, last);
    expect(merged).not.toBe(last);
    expect(merged).toEqual(last);
    expect(Object.isFrozen(merged)).toBe(false);
    const vouchedFrozen = Object.freeze({ ...next, c: 5 });
    vouchPlain(vouchedFrozen);
    expect(Object.isExtensible(mergeContext(next, vouchedFrozen))).toBe(true);
    const getter = Object.defineProperty({ ...next }, 'c', { get: () => 6, enumerable: true, configurable: true });
    expect(Object.getOwnPropertyDescriptor(mergeContext(next, getter), 'c')).toEqual({
      value: 6,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });

  it('takes a vouched copy as it is for the next merge only, and still checks its prototype and __proto__', () => {
    const ctx = { a: 1, b: 2 };
    const built = { a: 1, b: 3 };
    vouchPlain(built);
    expect(mergeContext(ctx, built)).toBe(built);
    // A vouch is used up by the merge after it, whatever that merges: a later merge of the object lists its keys.
    const hidden = Object.defineProperty({ a: 1, b: 4 }, 'c', { value: 5, enumerable: false });
    vouchPlain(hidden);
    expect(mergeContext(ctx, { a: 2, b: 2 })).toEqual({ a: 2, b: 2 });
    expect(shape(mergeContext(ctx, hidden))).toEqual(shape(Object.assign({}, ctx, hidden)));
    expect(mergeContext(ctx, hidden)).not.toBe(hidden);
    const symbolic = { a: 1, b: 6, [Symbol('s')]: 1 };
    Object.defineProperty(symbolic, Symbol('t'), { value: 1, enumerable: false });
    expect(mergeContext({ a: 0, b: 0 }, symbolic)).not.toBe(symbolic);
    // The prototype and an own __proto__ are checked even for a vouched object.
    const classed = Object.assign(Object.create({ inherited: true }) as object, { a: 1, b: 7 });
    vouchPlain(classed);
    expect(Object.getPrototypeOf(mergeContext(ctx, classed))).toBe(Object.prototype);
    const withProto = JSON.parse('{"a":1,"b":8,"__proto__":{"x":1}}') as object;
    vouchPlain(withProto);
    expect(Object.getPrototypeOf(mergeContext(ctx, withProto))).toEqual({ x: 1 });
  });
});
