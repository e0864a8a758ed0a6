/**
 * Streams handed out as threads become free (README, "Command line", `--jobs`): every thread of a walk takes the next
 * unclaimed stream from one counter in shared memory, so a thread that starts late (a worker still loading its
 * modules) or runs slowly (a core shared with other work) simply takes fewer, and no thread waits on another at the
 * end for more than one stream. Streams are claimed in the order of the one-thread walk, so every stream before a
 * claimed one has been claimed: of the errors the threads meet, the one at the lowest index is the one that walk meets
 * first.
 */

/** A counter of claimed streams, shared with worker threads (a SharedArrayBuffer crosses to them, not copied). */
export type Claims = SharedArrayBuffer;

/** Returns a fresh counter: nothing claimed yet. */
export function createClaims(): Claims {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/**
 * Yields the index of each item of a list of `count` that this thread claims, in increasing order, until none is
 * left. Each index goes to exactly one of the threads sharing `claims`.
 */
export function* claimed(claims: Claims, count: number): Generator<number, void, undefined> {
  const counter = new Int32Array(claims);
  for (;;) {
    const index = Atomics.add(counter, 0, 1);
    if (index >= count) return;
    yield index;
  }
}
