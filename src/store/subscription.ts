import type { PositionedEvent } from '../envelope/envelope.ts';
import type { GlobalPosition } from '../ids.ts';
import type { EventHandler, Subscription, SubscribeOptions } from './eventStore.ts';

/** What a store lends a subscription: its ordered read of all streams and a way to hear about new commits. */
export type TailSource = {
  /** The store's `readAll`: every committed event from a position, in position order. */
  readAll(options: { readonly fromPosition: GlobalPosition }): AsyncIterable<PositionedEvent>;
  /**
   * Starts watching for commits and calls `wake` after each; returns how to stop watching. Optional: without it (or
   * when a wake is lost) the subscription still polls every `pollMs`.
   */
  watch?(wake: () => void): Promise<() => Promise<void>>;
  /** How long to wait for a wake before reading again anyway, in ms. */
  readonly pollMs: number;
};

/** A set of in-process listeners a store wakes after each append it commits itself. */
export type ChangeSignal = {
  notify(): void;
  listen(wake: () => void): () => void;
};

/** Returns a new in-process change signal. */
export function createChangeSignal(): ChangeSignal {
  const listeners = new Set<() => void>();
  return {
    notify() {
      for (const wake of listeners) wake();
    },
    listen(wake) {
      listeners.add(wake);
      return () => listeners.delete(wake);
    },
  };
}

/**
 * Returns a {@link TailSource} `watch` that wakes on a store's own {@link ChangeSignal}: in-process appends wake a
 * subscription at once; other processes' commits are found by polling.
 */
export function watchSignal(changes: ChangeSignal): NonNullable<TailSource['watch']> {
  return async (wake) => {
    const unlisten = changes.listen(wake);
    return async () => void unlisten();
  };
}

/**
 * Returns a subscription that tails a store: it reads everything from `fromPosition` (catch-up), then waits for a
 * wake or `pollMs` and reads on from the position after the last delivered event. Delivery is sequential, so each
 * event reaches the handler once and in order, as long as `readAll` never shows a position after one it has not
 * shown yet (every store guarantees that; PostgreSQL by serializing appends).
 */
export function tailStore(source: TailSource, options: SubscribeOptions, handler: EventHandler): Subscription {
  let stopped = false;
  let pending = false;
  let wake: (() => void) | null = null;
  const onWake = () => {
    pending = true;
    wake?.();
  };

  const run = async (): Promise<void> => {
    let next: GlobalPosition = Math.max(1, options.fromPosition ?? 1);
    const unwatch = source.watch ? await source.watch(onWake) : null;
    try {
      while (!stopped) {
        pending = false;
        for await (const item of source.readAll({ fromPosition: next })) {
          if (stopped) return;
          await handler(item);
          next = item.position + 1;
        }
        if (stopped || pending) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, source.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    } finally {
      await unwatch?.();
    }
  };

  const done = run();
  done.catch(() => {}); // the caller may never look at `done`; a failure must not become an unhandled rejection
  return {
    async stop() {
      stopped = true;
      wake?.();
      await done.catch(() => {});
    },
    done,
  };
}
