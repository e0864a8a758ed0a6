import type { Checkpoint } from '../checkpoint.ts';
import type { KeyRegistry } from '../keys.ts';
import type { ReplayFinding } from '../replayAudit.ts';
import type { VerifyReport } from '../verify.ts';

/**
 * Returns the integrity verdict of a stream in plain sentences: the hash chain, the signatures, the checkpoint, the
 * re-decision of every event, and the refusals stream; `intact` only when all of them hold.
 */
export function integritySummary(
  stream: string,
  verify: VerifyReport,
  findings: readonly ReplayFinding[],
  refusals: number,
  options: { readonly keys?: KeyRegistry; readonly checkpoint?: Checkpoint },
): { readonly intact: boolean; readonly lines: string[] } {
  const verdict = verify.streams.find((s) => s.stream === stream);
  const lines: string[] = [];
  if (verdict === undefined || verdict.verified === 0 && verdict.problem === null) {
    lines.push(`Hash chain: the log holds no events of "${stream}".`);
  } else if (verdict.problem === null) {
    lines.push(`Hash chain: intact, ${verdict.verified} event(s), head ${verdict.head?.hash ?? ''} at seq ${verdict.head?.seq ?? 0}.`);
  } else {
    lines.push(`Hash chain: NOT intact: ${verdict.problem.kind} at seq ${verdict.problem.seq}: ${verdict.problem.message.replace(/^seq \d+: /, '')}.`);
  }
  if (options.keys === undefined) {
    lines.push('Signatures: not checked (no key registry was given).');
  } else if (verdict !== undefined) {
    const bad = verdict.problem?.kind === 'bad_signature' || verdict.problem?.kind === 'unsigned';
    lines.push(
      bad
        ? `Signatures: NOT valid (see the hash chain line): ${verdict.signatures.valid} verified before the first bad one.`
        : `Signatures: ${verdict.signatures.valid} of ${verdict.verified} event(s) signed and verified against the key registry` +
            (verdict.signatures.valid < verdict.verified ? '; the others were recorded by actors who held no key then.' : '.'),
    );
  }
  if (options.checkpoint === undefined || verify.checkpoint === null) {
    lines.push('Checkpoint: none given (a truncated tail or a wholly rewritten history can only be detected against one).');
  } else {
    const entry = options.checkpoint.streams.find((s) => s.stream === stream);
    const sig = verify.checkpoint.signature;
    const signed = sig.status === 'valid' ? `signed by ${sig.keyId}, signature valid` : sig.status === 'unsigned' ? 'unsigned' : `signature ${sig.status} (${sig.reason})`;
    const against = entry === undefined
      ? `it does not cover "${stream}"`
      : verdict?.problem?.kind === 'truncated' || verdict?.problem?.kind === 'rewritten'
        ? `the log does NOT match it (${verdict.problem.kind})`
        : `the log matches it at seq ${entry.seq}`;
    lines.push(`Checkpoint of ${options.checkpoint.issuedAt} (${signed}): ${against}.`);
  }
  const own = findings.filter((f) => f.stream === stream);
  lines.push(
    own.length === 0
      ? 'Replay: every event would have been accepted, by its role and by the workflow version it names, in the state it was recorded in.'
      : `Replay: ${own.length} event(s) would NOT have been accepted by a faithful engine; the first at seq ${own[0]!.seq} (${own[0]!.kind}: ${own[0]!.reason}).`,
  );
  const refusalVerdict = verify.streams.find((s) => s.stream !== stream);
  const refusalFindings = findings.filter((f) => f.stream !== stream);
  lines.push(
    refusals === 0 && refusalVerdict === undefined
      ? 'Refusals: none recorded.'
      : `Refusals: ${refusals} refused proposal(s) on record; their stream is ${refusalVerdict?.problem ? `NOT intact (${refusalVerdict.problem.kind} at seq ${refusalVerdict.problem.seq})` : 'intact'}${refusalFindings.length > 0 ? `, with ${refusalFindings.length} finding(s)` : ''}.`,
  );
  const intact = verify.ok && findings.length === 0;
  lines.unshift(intact ? `Verdict: the history of "${stream}" is intact.` : `Verdict: the history of "${stream}" is NOT intact; see below.`);
  return { intact, lines };
}
