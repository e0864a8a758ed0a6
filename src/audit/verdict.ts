/** What verify says about a stream (README "Auditing a log"): its first problem, if any, and how far it verified. */

/**
 * What can be wrong with a stream, at its first bad seq:
 * `unreadable` (not an event), `altered` (content changed after hashing), `missing` (an event deleted),
 * `reordered` (events out of order), `duplicated` (an event stored twice), `chain_broken` (an event replaced by
 * another one, re-hashed), `misplaced` (an event of another stream), `torn_tail` (a last line cut short),
 * `bad_signature`, `unsigned` (a signature missing where one was due), and, against a checkpoint, `truncated`
 * (the tail was cut off) and `rewritten` (the history up to the checkpoint is another one).
 */
export type ProblemKind =
  | 'unreadable'
  | 'altered'
  | 'missing'
  | 'reordered'
  | 'duplicated'
  | 'chain_broken'
  | 'misplaced'
  | 'torn_tail'
  | 'bad_signature'
  | 'unsigned'
  | 'truncated'
  | 'rewritten';

/** The first bad seq of a stream and why. `line` is the JSONL line number, when the log is a file. */
export type IntegrityProblem = {
  readonly stream: string;
  readonly seq: number;
  readonly kind: ProblemKind;
  readonly message: string;
  readonly line?: number;
};

/** The verdict on one stream: how far it verified and its first problem, if any. */
export type StreamVerdict = {
  readonly stream: string;
  /** Events verified intact from seq 1 on (all of them when there is no problem). */
  readonly verified: number;
  /** The last intact event, or null. */
  readonly head: { readonly seq: number; readonly hash: string; readonly recordedAt: string } | null;
  readonly problem: IntegrityProblem | null;
  /** Events that carry a signature, and how many of them verified (only counted with a key registry). */
  readonly signatures: { readonly signed: number; readonly valid: number };
};
