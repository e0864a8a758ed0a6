/**
 * A table keyed by event type that never hashes the type. A stored event's type is a string fresh from JSON.parse (one
 * of more than 10 characters is not interned): the first Map or Set lookup of it computes its hash, about 40 ns on
 * Node 20, and replay looked each event's type up in a Map before the programme's own code did (docs/performance.md,
 * "Replay against XState's createActor"). Here keys are kept by their length and found by comparing the few keys of
 * that length, which for a fresh string costs about a quarter of that.
 */
export class TypeTable<V> {
  /** By key length up to {@link longest}: keys and values, alternating. */
  readonly #byLength: (string | V)[][] = [];
  /** Keys longer than {@link longest}, and their values, alternating. */
  readonly #long: (string | V)[] = [];

  /** Returns the value of `type`, or undefined when the table has none. */
  get(type: string): V | undefined {
    const entries = type.length <= longest ? this.#byLength[type.length] : this.#long;
    if (entries !== undefined) {
      for (let i = 0; i < entries.length; i += 2) if (entries[i] === type) return entries[i + 1] as V;
    }
    return undefined;
  }

  /** Sets the value of `type`. */
  set(type: string, value: V): void {
    let entries: (string | V)[];
    if (type.length > longest) entries = this.#long;
    else {
      // Filled up to the length, so that the array stays dense.
      while (this.#byLength.length <= type.length) this.#byLength.push([]);
      entries = this.#byLength[type.length]!;
    }
    for (let i = 0; i < entries.length; i += 2) {
      if (entries[i] === type) {
        entries[i + 1] = value;
        return;
      }
    }
    entries.push(type, value);
  }
}

/** Event types are names of a few dozen characters; longer keys share one list. */
const longest = 64;
