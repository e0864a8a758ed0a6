import type { Checkpoint } from '../checkpoint.ts';
import type { KeyRegistry } from '../keys.ts';
import type { ReplayFinding } from '../replayAudit.ts';
import type { VerifyReport } from '../verify.ts';
import { counted } from '../../words.ts';

/**
 * Returns the integrity verdict of a stream in plain sentences: the hash chain, the signatures, the checkpoint and
 * the re-decision of every event; `intact` only when all of them hold. The verdict rests on the stream alone: its
 * refusals stream (`<stream>.refusals`) gets its own verdict, `refusals`, on its own line (README "Auditing a log"),
 * so an unsigned or damaged refusal never makes an intact history read "NOT intact".
 */
export function integritySummary(
  stream: string,
  verify: VerifyReport,
  findings: readonly ReplayFinding[],
  refusals: number,
  options: { readonly keys?: KeyRegistry; readonly checkpoint?: Checkpoint },
): {
  readonly intact: boolean;
  readonly refusals: RefusalsVerdict;
  readonly lines: string[];
  readonly checkpoint: CheckpointOutcome | null;
} {
  const verdict = verify.streams.find((s) => s.stream === stream);
  const lines: string[] = [];
  if (verdict === undefined || (verdict.verified === 0 && verdict.problem === null)) {
    lines.push(`Hash chain: the log holds no events of "${stream}".`);
  } else if (verdict.problem === null) {
    lines.push(
      `Hash chain: intact, ${counted(verdict.verified, 'event')}, head ${verdict.head?.hash ?? ''} at seq ${verdict.head?.seq ?? 0}.`,
    );
  } else {
    lines.push(
      `Hash chain: NOT intact: ${verdict.problem.kind} at seq ${verdict.problem.seq}: ${verdict.problem.message.replace(/^seq \d+: /, '')}.`,
    );
  }
  if (options.keys === undefined) {
    lines.push('Signatures: not checked (no key registry was given).');
  } else if (verdict !== undefined) {
    const bad = verdict.problem?.kind === 'bad_signature' || verdict.problem?.kind === 'unsigned';
    lines.push(
      bad
        ? `Signatures: NOT valid (see the hash chain line): ${verdict.signatures.valid} verified before the first bad one.`
        : `Signatures: ${verdict.signatures.valid} of ${counted(verdict.verified, 'event')} signed and verified against the key registry` +
            (verdict.signatures.valid < verdict.verified
              ? '; the others were recorded by actors who held no key then.'
              : '.'),
    );
  }
  let checkpoint: CheckpointOutcome | null = null;
  if (options.checkpoint === undefined || verify.checkpoint === null) {
    lines.push(
      'Checkpoint: none given (a truncated tail or a wholly rewritten history can only be detected against one).',
    );
  } else {
    const entry = options.checkpoint.streams.find((s) => s.stream === stream);
    const sig = verify.checkpoint.signature;
    const signed =
      sig.status === 'valid'
        ? `signed by ${sig.keyId}, signature valid`
        : sig.status === 'unsigned'
          ? 'unsigned'
          : `signature ${sig.status} (${sig.reason})`;
    const broken =
      verdict?.problem?.kind === 'truncated' || verdict?.problem?.kind === 'rewritten' ? verdict.problem.kind : null;
    const against =
      entry === undefined
        ? `it does not cover "${stream}"`
        : broken !== null
          ? `the log does NOT match it (${broken})`
          : `the log matches it at seq ${entry.seq}`;
    lines.push(`Checkpoint of ${options.checkpoint.issuedAt} (${signed}): ${against}.`);
    checkpoint = {
      issuedAt: options.checkpoint.issuedAt,
      signature: sig.status,
      covers: entry !== undefined,
      matches: entry === undefined ? null : broken === null,
      ...(entry === undefined ? {} : { seq: entry.seq }),
      ...(broken === null ? {} : { problem: broken }),
    };
  }
  const own = findings.filter((f) => f.stream === stream);
  lines.push(
    own.length === 0
      ? 'Replay: every event would have been accepted, by its role and by the workflow version it names, in the state it was recorded in.'
      : `Replay: ${counted(own.length, 'event')} would NOT have been accepted by a faithful engine; the first at seq ${own[0]!.seq} (${own[0]!.kind}: ${own[0]!.reason}).`,
  );
  const refusalVerdict = verify.streams.find((s) => s.stream !== stream);
  const refusalFindings = findings.filter((f) => f.stream !== stream);
  const refusalsVerdict: RefusalsVerdict =
    refusals === 0 && refusalVerdict === undefined
      ? 'none'
      : refusalVerdict?.problem || refusalFindings.length > 0
        ? 'not intact'
        : 'intact';
  const refusalsLine =
    refusalsVerdict === 'none'
      ? 'Refusals: none recorded.'
      : `Refusals: ${counted(refusals, 'refused proposal')} on record; their stream is ` +
        `${
          refusalVerdict?.problem
            ? `NOT intact (${refusalVerdict.problem.kind} at seq ${refusalVerdict.problem.seq}: ` +
              `${refusalVerdict.problem.message.replace(/^seq \d+: /, '')})`
            : 'intact'
        }` +
        `${refusalFindings.length > 0 ? `, with ${counted(refusalFindings.length, 'replay finding')}` : ''}` +
        ' (a verdict of their own: it does not bear on the history above).';
  const checkpointValid = verify.checkpoint?.signature.status !== 'invalid';
  const intact = (verdict?.problem ?? null) === null && checkpointValid && own.length === 0;
  lines.push(refusalsLine);
  lines.unshift(verdictLine(stream, intact, { verdict, findings: own, keys: options.keys !== undefined, checkpoint }));
  return { intact, refusals: refusalsVerdict, lines, checkpoint };
}

/** The verdict on a stream's refusals stream: none recorded, or whether it verified and replayed clean. */
export type RefusalsVerdict = 'none' | 'intact' | 'not intact';

/** How the stream stands against a checkpoint given to the audit. */
export type CheckpointOutcome = {
  readonly issuedAt: string;
  readonly signature: 'valid' | 'invalid' | 'unsigned' | 'unchecked';
  /** Whether the checkpoint holds a head for the stream at all. */
  readonly covers: boolean;
  /** Whether the log matches the head the checkpoint holds (null when it holds none for the stream). */
  readonly matches: boolean | null;
  readonly seq?: number;
  readonly problem?: 'truncated' | 'rewritten';
};

/** The first sentence: whether the history is intact, and each check it rests on or that failed, checkpoint included. */
function verdictLine(
  stream: string,
  intact: boolean,
  parts: {
    verdict: VerifyReport['streams'][number] | undefined;
    /** The stream's own replay findings. */
    findings: readonly ReplayFinding[];
    keys: boolean;
    checkpoint: CheckpointOutcome | null;
  },
): string {
  const { verdict, findings, keys, checkpoint } = parts;
  const kind = verdict?.problem?.kind;
  const signatureProblem = kind === 'bad_signature' || kind === 'unsigned';
  const checkpointProblem = kind === 'truncated' || kind === 'rewritten';
  const checkpointText =
    checkpoint === null
      ? null
      : `the checkpoint of ${checkpoint.issuedAt}` +
        (checkpoint.signature === 'invalid'
          ? ' (its signature is invalid)'
          : !checkpoint.covers
            ? ' (which does not cover the stream)'
            : checkpoint.matches === true
              ? ` (matched at seq ${checkpoint.seq})`
              : ` (${checkpoint.problem ?? 'not matched'})`);
  if (intact) {
    // The verdict rests on the checkpoint only when it covers the stream, matches, and its signature was verified.
    const counted =
      checkpoint !== null && checkpoint.covers && checkpoint.matches === true && checkpoint.signature === 'valid';
    const held = [
      'the hash chain',
      ...(keys ? ['the signatures'] : []),
      ...(counted ? [checkpointText!] : []),
      'the replay',
    ];
    const aside = checkpoint === null || counted ? '' : ` (${uncounted(checkpoint)})`;
    return `Verdict: the history of "${stream}" is intact: ${held.slice(0, -1).join(', ')} and ${held.at(-1)} hold${aside}.`;
  }
  const failed = [
    ...(verdict?.problem && !signatureProblem && !checkpointProblem ? ['the hash chain'] : []),
    ...(signatureProblem ? ['the signatures'] : []),
    ...(checkpointText !== null && (checkpointProblem || checkpoint?.signature === 'invalid') ? [checkpointText] : []),
    ...(findings.length > 0 ? ['the replay'] : []),
  ];
  return `Verdict: the history of "${stream}" is NOT intact${failed.length > 0 ? ` (${failed.join(', ')} failed)` : ''}; see below.`;
}

/** Returns why a checkpoint the stream was checked against adds nothing to an intact verdict. */
function uncounted(checkpoint: CheckpointOutcome): string {
  const which = `the checkpoint of ${checkpoint.issuedAt}`;
  if (!checkpoint.covers) return `${which} does not cover this stream`;
  const matched = `${which} matches at seq ${checkpoint.seq}`;
  if (checkpoint.signature === 'unsigned') return `${matched} but is unsigned`;
  if (checkpoint.signature === 'unchecked')
    return `${matched} but its signature was not checked: no key registry was given`;
  return `${which} is not counted: its signature is ${checkpoint.signature}`;
}
