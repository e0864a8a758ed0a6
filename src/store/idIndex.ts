/**
 * Where each event id sits in a log, kept small: a 31-bit hash of the id maps to the position (or, for the rare
 * hashes two ids share, the positions) of its line, so the id strings themselves are not kept in memory. The caller
 * confirms a candidate by reading its line.
 */
export type IdIndex = {
  add(id: string, position: number): void;
  /** The positions whose id has the same hash as `id`: a superset of where `id` is (usually zero or one). */
  candidates(id: string): readonly number[];
};

/** Returns an empty id index. */
export function createIdIndex(): IdIndex {
  const byHash = new Map<number, number | number[]>();
  return {
    add(id, position) {
      const key = hashId(id);
      const found = byHash.get(key);
      if (found === undefined) byHash.set(key, position);
      else if (typeof found === 'number') byHash.set(key, [found, position]);
      else found.push(position);
    },
    candidates(id) {
      const found = byHash.get(hashId(id));
      return found === undefined ? [] : typeof found === 'number' ? [found] : found;
    },
  };
}

/** FNV-1a over the UTF-16 code units, folded to a small integer (a V8 Smi: no boxing in the map). */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 1;
}
