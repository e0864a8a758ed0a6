import type { ReplayedStream } from './replayOutput.ts';

/** What a replay worker is given: where the log is, its share of the streams, and how the CLI was asked. */
export type ReplayJob = (
  | {
      readonly kind: 'store';
      readonly url: string;
      readonly streams: readonly string[];
      /** Each stream's place in the one-thread walk, so an error is the one that walk would meet first. */
      readonly positions: readonly number[];
    }
  | { readonly kind: 'file'; readonly path: string; readonly part: number; readonly parts: number }
) & {
  /** Where the CLI runs and its `--workflows` option: the worker loads the same workflows. */
  readonly cwd: string;
  readonly workflows: string | undefined;
  readonly roles: 'own' | 'newest';
  readonly json: boolean;
};

/** What a replay worker sends back: what to print of each of its streams, in stream order. */
export type ReplayPart = readonly ReplayedStream[];
