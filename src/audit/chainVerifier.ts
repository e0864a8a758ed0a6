import { GENESIS_HASH } from '../envelope/envelope.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { JsonlLine } from '../store/jsonlLines.ts';
import type { KeyRegistry } from './keys.ts';
import { readLine, type ChainFields, type LineReading } from './lineFields.ts';
import { checkEventSignature } from './signatures.ts';
import { attribute, reattribute } from './damageAttribution.ts';
import type { IntegrityProblem, ProblemKind, StreamVerdict } from './verdict.ts';

export type { IntegrityProblem, ProblemKind, StreamVerdict } from './verdict.ts';

/** Options of {@link createChainVerifier}. */
export type ChainVerifierOptions = {
  /** Check every event's signature against these keys. */
  readonly keys?: KeyRegistry;
  /** With `keys`: every event must be signed. @defaultValue false */
  readonly requireSignatures?: boolean;
  /** Check the streams' heads against this checkpoint. */
  readonly checkpoint?: Checkpoint;
  /** Only these streams (default: all). */
  readonly streams?: readonly string[];
};

type Position = { readonly seq: number; readonly hash: string; readonly recordedAt: string };
type State = {
  readonly stream: string;
  at: Position | null;
  before: Position | null;
  problem: IntegrityProblem | null;
  signed: number;
  valid: number;
  watchSeq: number;
  watchedHash: string | null;
  /** Events admitted (intact or not) and, for a damaged line, the seq it claimed. */
  admitted: number;
  claimedSeq: number | null;
};

/** What is wrong with a stored row whose event is intact (a column that disagrees with it), reported at its seq. */
export type RowProblem = { readonly kind: ProblemKind; readonly message: string };

/** A verifier fed one stored event at a time (file lines or store reads); memory grows with streams, not events. */
export type ChainVerifier = {
  /** Checks one line of a JSONL log. */
  line(line: JsonlLine): void;
  /** Checks one line of a JSONL log that the caller has read with `readLine` (as {@link ChainVerifier.line} does). */
  read(line: JsonlLine, reading: LineReading): void;
  /**
   * Checks one event read from `stream` of a store; `hashOk` says whether it re-hashes, `row` what is wrong with the
   * row that holds it, reported at its seq if the event itself passes.
   */
  event(stream: string, fields: ChainFields, hashOk: boolean, row?: RowProblem): void;
  /** Records that `stream` could not be read past its current position (e.g. a row that is not JSON). */
  unreadable(stream: string, reason: string): void;
  /** True when `stream` already has a problem (and need not be read further unless an event may be reordered). */
  isSettled(stream: string): boolean;
  /** True when some stream has a problem that further events cannot change. */
  hasSettledProblem(): boolean;
  /** Returns the verdicts, checkpoint included, stream by stream in name order. */
  finish(): StreamVerdict[];
};

/** Returns a verifier of hash chains, signatures and a checkpoint. */
export function createChainVerifier(options: ChainVerifierOptions = {}): ChainVerifier {
  const states = new Map<string, State>();
  const only = options.streams === undefined ? null : new Set(options.streams);
  const watch = new Map((options.checkpoint?.streams ?? []).map((entry) => [entry.stream, entry.seq]));
  /** The last seq of each stream `streams` leaves out, so that a damaged line of one is not put in a selected one. */
  const skipped = new Map<string, number>();
  let lastStream: string | null = null;

  const stateOf = (stream: string): State => {
    let state = states.get(stream);
    if (state === undefined) {
      state = {
        stream,
        at: null,
        before: null,
        problem: null,
        signed: 0,
        valid: 0,
        watchSeq: watch.get(stream) ?? 0,
        watchedHash: null,
        admitted: 0,
        claimedSeq: null,
      };
      states.set(stream, state);
    }
    return state;
  };

  const fail = (state: State, seq: number, kind: ProblemKind, message: string, line?: number): void => {
    if (state.problem !== null) return;
    state.problem = {
      stream: state.stream,
      seq,
      kind,
      message: `seq ${seq}: ${message}`,
      ...(line === undefined ? {} : { line }),
    };
  };

  const admit = (state: State, fields: ChainFields, line?: number, row?: RowProblem): void => {
    lastStream = state.stream;
    state.admitted++;
    const { problem } = state;
    if (problem !== null) {
      if (problem.kind === 'missing' && fields.seq === problem.seq) {
        state.problem = {
          ...problem,
          kind: 'reordered',
          message: `seq ${problem.seq}: it is stored after a later event: the order of events was changed`,
        };
      }
      return;
    }
    const last = state.at?.seq ?? 0;
    const expected = last + 1;
    if (fields.stream !== state.stream)
      return fail(
        state,
        expected,
        'misplaced',
        `an event of stream "${fields.stream}" is stored in "${state.stream}"`,
        line,
      );
    if (fields.seq > expected)
      return fail(
        state,
        expected,
        'missing',
        `the event is missing: seq ${fields.seq} comes right after seq ${last}`,
        line,
      );
    if (fields.seq < expected) {
      // The same hash is the same event, so the same seq. An event was admitted (seq < expected), so `at` is set.
      // Stryker disable next-line OptionalChaining: equivalent (see above)
      const twin = fields.hash === state.at?.hash;
      return fail(
        state,
        expected,
        'duplicated',
        twin
          ? `seq ${last} is stored twice in a row`
          : `seq ${fields.seq} is stored again where seq ${expected} belongs`,
        line,
      );
    }
    if (fields.prev !== (state.at?.hash ?? GENESIS_HASH)) {
      if (state.at === null)
        return fail(
          state,
          1,
          'chain_broken',
          'the first event does not start a chain (its prev is not 64 zeros)',
          line,
        );
      // The event re-hashes, so it is what was recorded; the one before it is not the event it was chained to.
      state.at = state.before;
      return fail(
        state,
        last,
        'chain_broken',
        `it is not the event seq ${expected} was chained to: seq ${last} was replaced (or seq ${expected}'s link forged)`,
        line,
      );
    }
    if (options.keys !== undefined) {
      if (fields.sig !== undefined) state.signed++;
      const bad = checkEventSignature(
        options.keys,
        fields,
        options.requireSignatures ? { requireSignatures: true } : {},
      );
      if (bad !== null) return fail(state, expected, bad.kind, bad.reason, line);
      if (fields.sig !== undefined) state.valid++;
    }
    if (row !== undefined) return fail(state, expected, row.kind, row.message);
    state.before = state.at;
    state.at = { seq: fields.seq, hash: fields.hash, recordedAt: fields.recordedAt };
    if (fields.seq === state.watchSeq) state.watchedHash = fields.hash;
  };

  const read = ({ lineNo, terminated }: JsonlLine, reading: LineReading): void => {
    if (reading.outcome === 'read') {
      if (only !== null && !only.has(reading.fields.stream)) {
        skipped.set(reading.fields.stream, reading.fields.seq);
        lastStream = reading.fields.stream;
        return;
      }
      admit(stateOf(reading.fields.stream), reading.fields, lineNo);
      return;
    }
    const stream = attribute(reading.defect, states, skipped, lastStream);
    if (only !== null && !only.has(stream)) return;
    const state = stateOf(stream);
    lastStream = stream;
    state.admitted++;
    if (state.claimedSeq === null && reading.defect.seq !== undefined) state.claimedSeq = reading.defect.seq;
    const seq = (state.at?.seq ?? 0) + 1;
    if (!terminated && reading.defect.kind === 'unreadable') {
      fail(
        state,
        seq,
        'torn_tail',
        `the last line is cut short (${reading.defect.reason}): a crash during an append, or tampering`,
        lineNo,
      );
    } else {
      fail(state, seq, reading.defect.kind, reading.defect.reason, lineNo);
    }
  };

  return {
    line(line) {
      read(line, readLine(line.bytes, options.keys !== undefined));
    },
    read,
    event(stream, fields, hashOk, row) {
      const state = stateOf(stream);
      if (!hashOk && state.problem === null) {
        return fail(
          state,
          (state.at?.seq ?? 0) + 1,
          'altered',
          'its content does not match its hash (the event was changed after it was recorded)',
        );
      }
      admit(state, fields, undefined, row);
    },
    unreadable(stream, reason) {
      const state = stateOf(stream);
      fail(state, (state.at?.seq ?? 0) + 1, 'unreadable', reason);
    },
    isSettled(stream) {
      const problem = states.get(stream)?.problem;
      return problem !== undefined && problem !== null && problem.kind !== 'missing';
    },
    hasSettledProblem() {
      for (const state of states.values()) if (state.problem !== null && state.problem.kind !== 'missing') return true;
      return false;
    },
    finish() {
      reattribute(states);
      for (const entry of options.checkpoint?.streams ?? []) {
        if (only !== null && !only.has(entry.stream)) continue;
        const state = stateOf(entry.stream);
        const when = `the checkpoint of ${options.checkpoint!.issuedAt}`;
        if (state.problem !== null && state.problem.seq <= entry.seq) continue;
        const last = state.at?.seq ?? 0;
        if (last < entry.seq && state.problem === null) {
          fail(
            state,
            last + 1,
            'truncated',
            `the log ends at seq ${last}, but ${when} holds seq ${entry.seq}: the tail was cut off`,
          );
        } else if (state.watchedHash !== null && state.watchedHash !== entry.head) {
          state.problem = null;
          fail(
            state,
            entry.seq,
            'rewritten',
            `the event here is not the one ${when} holds (head ${entry.head.slice(0, 12)}…, found ${state.watchedHash.slice(0, 12)}…): the history up to seq ${entry.seq} was rewritten`,
          );
        }
      }
      return (
        [...states.values()]
          // Stream names are unique (one state each), so no two compare equal.
          .sort((a, b) => (a.stream < b.stream ? -1 : 1))
          .map((state) => ({
            stream: state.stream,
            verified: state.at?.seq ?? 0,
            head: state.at,
            problem: state.problem,
            signatures: { signed: state.signed, valid: state.valid },
          }))
      );
    },
  };
}
