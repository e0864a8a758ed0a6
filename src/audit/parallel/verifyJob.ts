import type { Claims } from '../../parallel/claims.ts';
import type { Checkpoint } from '../checkpoint.ts';
import type { StreamVerdict } from '../chainVerifier.ts';
import type { PublicKeyEntry } from '../keys.ts';

/** What a verify worker is given: where the log is, the streams (or its share of the lines), and the checks to make. */
export type VerifyJob = (
  | {
      readonly kind: 'store';
      readonly url: string;
      /** Every stream of the walk, in its order; each thread verifies the ones it claims. */
      readonly streams: readonly string[];
      readonly claims: Claims;
    }
  | { readonly kind: 'file'; readonly path: string; readonly part: number; readonly parts: number }
) & {
  /** The key registry's entries (a KeyObject crosses to a worker thread; the registry's functions do not). */
  readonly keys?: readonly PublicKeyEntry[];
  readonly requireSignatures?: boolean;
  readonly checkpoint?: Checkpoint;
};

/** What a verify worker sends back: its streams' verdicts and the events it read, or a doubt (see verifyWorker.ts). */
export type VerifyPart = { readonly verdicts: StreamVerdict[]; readonly events: number; readonly doubt: boolean };
