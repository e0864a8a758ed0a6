/**
 * A persistent (immutable) list for read models that grow with the log (a timeline): appending to the newest version
 * costs O(1) amortised, where an immer draft of a plain array copies and re-checks every element on each change
 * (quadratic over a stream). Versions share one append-only array; appending to an older version copies its items
 * once. Immer leaves it alone (a class instance is not draftable), so a handler writes
 * `draft.timeline = draft.timeline.append(entry)`. Serialises (`toJSON`) as the plain array it stands for.
 */
export class AppendList<TItem> implements Iterable<TItem> {
  readonly #items: TItem[];
  readonly #length: number;

  private constructor(items: TItem[], length: number) {
    this.#items = items;
    this.#length = length;
  }

  /** Returns an empty list. */
  static empty<TItem>(): AppendList<TItem> {
    return new AppendList<TItem>([], 0);
  }

  /** Returns how many items the list holds. */
  get length(): number {
    return this.#length;
  }

  /** Returns a list with `item` at the end; this one is unchanged. O(1) amortised on the newest version. */
  append(item: TItem): AppendList<TItem> {
    const items = this.#length === this.#items.length ? this.#items : this.#items.slice(0, this.#length);
    items.push(item);
    return new AppendList(items, this.#length + 1);
  }

  /** Returns the items as a new plain array. O(n). */
  toArray(): TItem[] {
    return this.#items.slice(0, this.#length);
  }

  /** Returns the plain array this list stands for: what JSON.stringify writes. */
  toJSON(): TItem[] {
    return this.toArray();
  }

  /** Iterates the items in order. */
  *[Symbol.iterator](): Iterator<TItem> {
    for (let i = 0; i < this.#length; i++) yield this.#items[i]!;
  }
}
