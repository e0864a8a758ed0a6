import { ownEntry } from '../src/projections/projection.ts';

/** The entries one or more versions share: a version sees the first `size` of them. Only ever appended to. */
type Backing<TValue> = { readonly index: Map<string, number>; readonly keys: string[]; readonly values: TValue[] };

/** An IdMap, or the plain record it persists as (what a restored snapshot or a hand-made context holds). */
export type IdMapLike<TValue> = IdMap<TValue> | Readonly<Record<string, TValue>>;

/**
 * A persistent (immutable) map from ids to values for context that grows with the log (evidence, documents): adding
 * an id to the newest version costs O(1) amortised, where spreading a plain record copies every entry (quadratic over a
 * stream). Versions share one append-only backing; an older version that is added to again, or an existing id given a
 * new value, copies its entries once. Serialises (`toJSON`) as the plain record it stands for, in the same key order,
 * so persisted snapshots keep their shape; it has no enumerable fields of its own, and iterates as `Object.entries`
 * of that record (so two maps with the same entries are equal to vitest's `toEqual`).
 */
export class IdMap<TValue> implements Iterable<[string, TValue]> {
  readonly #backing: Backing<TValue>;
  readonly #size: number;

  private constructor(backing: Backing<TValue>, size: number) {
    this.#backing = backing;
    this.#size = size;
  }

  /** Returns an empty map. */
  static empty<TValue>(): IdMap<TValue> {
    return new IdMap<TValue>({ index: new Map(), keys: [], values: [] }, 0);
  }

  /** Returns `source` itself when it is an IdMap, else a map of the record's own entries, in their order. */
  static from<TValue>(source: IdMapLike<TValue>): IdMap<TValue> {
    if (source instanceof IdMap) return source;
    const map = IdMap.empty<TValue>();
    for (const [key, value] of Object.entries(source)) map.#append(key, value);
    return new IdMap(map.#backing, map.#backing.keys.length);
  }

  /** Returns the value of `key` in `source` (an IdMap or a plain record; never an inherited property), or undefined. */
  static get<TValue>(source: IdMapLike<TValue>, key: string): TValue | undefined {
    return source instanceof IdMap ? source.get(key) : ownEntry(source, key);
  }

  /** Returns the entries of `source` (an IdMap or a plain record) in the order the persisted record lists them. */
  static entries<TValue>(source: IdMapLike<TValue>): Array<[string, TValue]> {
    return Object.entries(source instanceof IdMap ? source.toJSON() : source);
  }

  /** Returns how many ids the map holds. */
  get size(): number {
    return this.#size;
  }

  /** Returns the value of `key`, or undefined when this version does not hold it. O(1). */
  get(key: string): TValue | undefined {
    const at = this.#backing.index.get(key);
    return at !== undefined && at < this.#size ? this.#backing.values[at] : undefined;
  }

  /** True when this version holds `key`. O(1). */
  has(key: string): boolean {
    const at = this.#backing.index.get(key);
    return at !== undefined && at < this.#size;
  }

  /** Returns a map with `key` set to `value`; this one is unchanged. O(1) amortised for a new id on the newest version. */
  with(key: string, value: TValue): IdMap<TValue> {
    const backing = this.#backing;
    const at = backing.index.get(key);
    if (at !== undefined && at < this.#size) {
      if (backing.values[at] === value) return this;
      const copy = this.#copy();
      copy.values[at] = value;
      return new IdMap(copy, this.#size);
    }
    const target = this.#size === backing.keys.length ? this : new IdMap(this.#copy(), this.#size);
    target.#append(key, value);
    return new IdMap(target.#backing, this.#size + 1);
  }

  /** Returns the plain record this map stands for: what JSON.stringify writes. O(n). */
  toJSON(): Record<string, TValue> {
    const out: Record<string, TValue> = {};
    const { keys, values } = this.#backing;
    for (let i = 0; i < this.#size; i++) {
      if (keys[i] === '__proto__')
        Object.defineProperty(out, '__proto__', {
          value: values[i],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[keys[i]!] = values[i]!;
    }
    return out;
  }

  /** Iterates `[id, value]` in the persisted record's order. */
  [Symbol.iterator](): Iterator<[string, TValue]> {
    return IdMap.entries(this)[Symbol.iterator]();
  }

  #append(key: string, value: TValue): void {
    const backing = this.#backing;
    backing.index.set(key, backing.keys.length);
    backing.keys.push(key);
    backing.values.push(value);
  }

  #copy(): Backing<TValue> {
    const keys = this.#backing.keys.slice(0, this.#size);
    return { index: new Map(keys.map((key, i) => [key, i])), keys, values: this.#backing.values.slice(0, this.#size) };
  }
}
