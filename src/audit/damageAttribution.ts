import type { LineDefect } from './lineFields.ts';
import type { IntegrityProblem } from './verdict.ts';

/** What attributing a damaged line needs of a stream's state in the chain verifier. */
export type AttributedState = {
  readonly stream: string;
  readonly at: { readonly seq: number } | null;
  problem: IntegrityProblem | null;
  /** Events admitted (intact or not) and, for a damaged line, the seq it claimed. */
  readonly admitted: number;
  readonly claimedSeq: number | null;
};

/**
 * The stream a damaged line belongs to: the only intact stream (selected in `states`, or left out in `skipped` with
 * its last seq) whose next seq is the one it claims, else a new stream it names as seq 1, else the known stream it
 * names (which covers a named stream among several that fit), else the stream of the line before it.
 */
export function attribute(
  defect: LineDefect,
  states: ReadonlyMap<string, AttributedState>,
  skipped: ReadonlyMap<string, number>,
  lastStream: string | null,
): string {
  const named = defect.stream;
  const known = (stream: string) => states.has(stream) || skipped.has(stream);
  // A line that claims no seq fits no stream.
  const fits = [...states.values()]
    .filter((s) => s.problem === null && (s.at?.seq ?? 0) + 1 === defect.seq)
    .map((s) => s.stream);
  for (const [stream, seq] of skipped) if (seq + 1 === defect.seq) fits.push(stream);
  if (fits.length === 1) return fits[0]!;
  if (named !== undefined && defect.seq === 1 && !known(named)) return named;
  if (named !== undefined && known(named)) return named;
  return lastStream ?? named ?? '(unknown stream)';
}

/**
 * A damaged line whose stream name was damaged too looks like the first event of a new stream, and its real stream
 * then misses that seq. When a "stream" consists of nothing but one damaged line that claims seq N, and another
 * stream misses exactly seq N after that line, the damage is put back where it belongs.
 */
export function reattribute(states: Map<string, AttributedState>): void {
  for (const ghost of [...states.values()]) {
    const problem = ghost.problem;
    if (ghost.admitted !== 1 || problem === null || problem.line === undefined || ghost.claimedSeq === null) continue;
    const owner = [...states.values()].find(
      (s) =>
        s !== ghost &&
        s.problem?.kind === 'missing' &&
        s.problem.seq === ghost.claimedSeq &&
        (s.problem.line ?? 0) > problem.line!,
    );
    if (owner === undefined) continue;
    owner.problem = {
      ...problem,
      stream: owner.stream,
      seq: owner.problem!.seq,
      message: problem.message.replace(/^seq \d+:/, `seq ${owner.problem!.seq}:`),
    };
    states.delete(ghost.stream);
  }
}
