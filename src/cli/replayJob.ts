import type { Claims } from '../parallel/claims.ts';
import type { ReplayedStream } from './replayOutput.ts';

/** What a replay worker is given: where the log is, the streams (or its share of the lines), and how the CLI was asked. */
export type ReplayJob = (
  | {
      readonly kind: 'store';
      readonly url: string;
      /**
       * Every stream of the walk, in its order; each thread replays the ones it claims, and places an error at the
       * stream's index, so the error is the one that walk would meet first.
       */
      readonly streams: readonly string[];
      readonly claims: Claims;
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
