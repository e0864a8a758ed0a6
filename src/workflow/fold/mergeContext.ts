// The context after an `assign`: what XState's resolveAssign builds, `Object.assign({}, context, partial)`, without
// copying it when the assigner already returned the whole next context. Replay runs one assign per event, and with
// the programme's `evolve` (which returns the next context, or the same one) that copy cost more than the rest of the
// compiled step: V8 copies an 18-key object from a spread in about 0.4 us (docs/performance.md).

/**
 * The last object returned as a context, already shown to be plain (see {@link isPlain}), and its keys; the next merge
 * usually starts from it. Contexts are never mutated (XState's contract, and this engine's), so the proof and the keys
 * still hold. It keeps that one object alive until the next merge.
 */
let lastPlain: object | null = null;
let lastKeys: readonly string[] = [];

/**
 * Returns an object equal to `Object.assign({}, context, partial)`: the same own properties, values and key order
 * (a persisted snapshot's JSON keeps that order). Pure; the result is never mutated by this engine. When `partial`
 * is a plain object whose keys begin with every enumerable key of `context`, in order (an assigner that returns
 * the context unchanged, or spreads it and replaces some keys), the copy would equal `partial`, and `partial` itself
 * is returned. Otherwise Object.assign builds the copy, exactly as XState does.
 */
export function mergeContext(context: object, partial: unknown): object {
  const built = vouched;
  vouched = null;
  // An assigner that returned the context it was given, as the last merge left it: nothing to look at again, unless
  // it was frozen or sealed since (Object.assign's copy could be changed).
  if (partial === context && partial === lastPlain && Object.isExtensible(partial)) return partial;
  if (partial === null || typeof partial !== 'object') return Object.assign({}, context, partial);
  const keys = partial === lastPlain ? lastKeys : Object.keys(partial);
  // Stryker disable next-line ConditionalExpression: equivalent when false; the keys are then listed
  if (!isPlain(partial, keys, partial === built)) return Object.assign({}, context, partial);
  // Stryker disable next-line ConditionalExpression: equivalent when true; the context's keys are then its own
  if (partial !== context) {
    // A symbol key of the context would be copied by Object.assign and is not in `partial`.
    if (context !== lastPlain && Object.getOwnPropertySymbols(context).length > 0) {
      return Object.assign({}, context, partial);
    }
    const before = context === lastPlain ? lastKeys : Object.keys(context);
    for (let i = 0; i < before.length; i++) if (before[i] !== keys[i]) return Object.assign({}, context, partial);
  }
  lastPlain = partial;
  lastKeys = keys;
  return partial;
}

/**
 * True when copying `value`'s own enumerable properties gives an object equal to it: an extensible Object.prototype
 * object whose own properties are all enumerable, writable and configurable data properties with string keys
 * (`keys`), none of them `__proto__` (which Object.assign would turn into the copy's prototype), and no symbol keys.
 * A frozen or sealed object, or one with a getter, is copied: Object.assign's copy could be changed and holds the
 * getter's value. For an object `built` as {@link vouchPlain} says, its own keys are not looked at again: listing the
 * symbol keys of an 18-key context took about 0.07 us an event of replay.
 */
function isPlain(value: object, keys: readonly string[], built: boolean): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent when false; lastPlain was shown to be plain
  if (value === lastPlain) return Object.isExtensible(value);
  if (Object.getPrototypeOf(value) !== Object.prototype || Object.hasOwn(value, '__proto__')) return false;
  if (!Object.isExtensible(value)) return false;
  // Stryker disable next-line ConditionalExpression: equivalent when false; the keys are then listed
  if (built) return true;
  if (Object.getOwnPropertyNames(value).length !== keys.length || Object.getOwnPropertySymbols(value).length > 0) {
    return false;
  }
  for (let i = 0; i < keys.length; i++) {
    const property = Object.getOwnPropertyDescriptor(value, keys[i]!)!;
    if (property.writable !== true || property.configurable !== true) return false;
  }
  return true;
}

/**
 * An object its maker vouched for, not yet merged: see {@link vouchPlain}. The next merge takes it, whatever it
 * merges, so a vouch never outlives the assigner that made it.
 */
let vouched: object | null = null;

/**
 * Vouches that `copy` is built as plain, for the merge of the assigner's result that follows: an object literal (or
 * `{}`) given only string keys other than `__proto__`, each set by assignment, so that every own property is an
 * enumerable string key. machines/contextCopy.ts vouches for the copies it builds; evolve sets only the context's own
 * (typed) fields on them. The merge still checks the prototype and an own `__proto__`, and the keys' order.
 */
// Stryker disable next-line BlockStatement: equivalent; without the vouch the merge lists the keys
export function vouchPlain(copy: object): void {
  vouched = copy;
}
