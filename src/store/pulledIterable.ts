/** The end of a pull: nothing more to read. */
export const pulledAll: unique symbol = Symbol('pulled all');

/**
 * Returns an async iterable over what `open()`'s pull function hands out, one item a call, until it returns
 * {@link pulledAll}. For a reader whose work is synchronous (better-sqlite3): each `next()` does its work at once and
 * returns a settled promise, one promise an item, where an async generator spends a second `await` on every `yield`
 * (docs/performance.md, "SQLite appends and reads against Emmett"). As lazy as a generator: nothing runs before the
 * first `next()`, and `open` runs once per iteration. A pull that throws ends the iteration with its error (a rejected
 * promise), as a generator's would; so does `return()` (a `break` out of `for await`), and nothing runs after either.
 */
export function pulledIterable<T>(open: () => () => T | typeof pulledAll): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let pull: (() => T | typeof pulledAll) | undefined;
      let ended = false;
      const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
      return {
        next() {
          if (ended) return Promise.resolve(done);
          try {
            pull ??= open();
            const value = pull();
            if (value !== pulledAll) return Promise.resolve({ done: false, value });
            ended = true;
            return Promise.resolve(done);
          } catch (error) {
            ended = true;
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the pull's error, as it is
            return Promise.reject(error);
          }
        },
        return() {
          ended = true;
          return Promise.resolve(done);
        },
      };
    },
  };
}
