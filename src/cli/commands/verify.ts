import type { Checkpoint } from '../../audit/checkpoint.ts';
import type { StreamVerdict } from '../../audit/chainVerifier.ts';
import type { VerifyReport } from '../../audit/verify.ts';
import { UsageError } from '../../errors.ts';
import { parseJobs } from '../../parallel/jobs.ts';
import { required, type Command } from '../command.ts';
import { checkpointOption, keysOption, printJson, sanitize, type CliIo } from '../io.ts';
import { verifyLocation } from '../verifyLocation.ts';
import { counted } from '../../words.ts';
import { isRefusalsStream } from '../../workflow/refusalsStream.ts';

/** `phasegate verify`: checks the hash chain of every stream (and signatures, and a checkpoint); exit 4 on any problem. */
export const verifyCommand: Command = {
  name: 'verify',
  usage:
    'verify <store|file.jsonl> [--stream S] [--checkpoint FILE] [--keys FILE] [--require-signatures] [--jobs N] [--json]',
  summary:
    "check every stream's hash chain, its signatures against a key registry, and its heads against a checkpoint; names the first bad seq",
  usesWorkflows: false,
  options: {
    stream: { type: 'string' },
    checkpoint: { type: 'string' },
    keys: { type: 'string' },
    'require-signatures': { type: 'boolean' },
    jobs: { type: 'string' },
  },
  async run({ io }, positionals, values) {
    const location = required(this, positionals, 0, '<store|file.jsonl>');
    if (values['require-signatures'] === true && values.keys === undefined) {
      throw new UsageError('--require-signatures needs --keys FILE (the key registry to check the signatures with)');
    }
    const jobs = parseJobs(values.jobs);
    const keys = await keysOption(values);
    const checkpoint = await checkpointOption(values);
    const report = await verifyLocation(io, location, typeof values.stream === 'string' ? values.stream : undefined, {
      ...(keys ? { keys } : {}),
      ...(values['require-signatures'] === true ? { requireSignatures: true } : {}),
      ...(checkpoint ? { checkpoint } : {}),
      ...(jobs !== undefined ? { jobs } : {}),
    });
    if (values.json === true) printJson(io, report);
    else printReport(io, report, checkpoint);
    return report.ok ? 0 : 4;
  },
};

function printReport(io: CliIo, report: VerifyReport, checkpoint: Checkpoint | undefined): void {
  const lines = report.streams.map((s) => streamLine(s, report.signatures.checked));
  if (report.checkpoint !== null && checkpoint !== undefined) {
    const sig = report.checkpoint.signature;
    const signature =
      sig.status === 'valid'
        ? `signature valid (${sig.keyId})`
        : sig.status === 'unsigned'
          ? 'unsigned'
          : `signature ${sig.status} (${sig.keyId}): ${sig.reason}`;
    lines.push(
      `checkpoint of ${report.checkpoint.issuedAt} (${counted(report.checkpoint.streams, 'stream')}): ${signature}`,
    );
  }
  // The verdict of a stream rests on that stream: the refusals streams get a line of their own (README "Auditing a
  // log").
  const streams = report.streams.filter((s) => !isRefusalsStream(s.stream));
  const refusals = report.streams.filter((s) => isRefusalsStream(s.stream));
  const failed = streams.filter((s) => s.problem !== null).length;
  const checkpointInvalid = report.checkpoint?.signature.status === 'invalid';
  const verified = streams.reduce((sum, s) => sum + s.verified, 0);
  lines.push(
    failed === 0 && !checkpointInvalid
      ? `verified ${counted(verified, 'event')} in ${counted(streams.length, 'stream')}: intact`
      : `${failed} of ${counted(streams.length, 'stream')} failed verification` +
          `${checkpointInvalid ? "; the checkpoint's signature is invalid" : ''}`,
  );
  if (refusals.length > 0) {
    const broken = refusals.filter((s) => s.problem !== null).length;
    lines.push(
      broken === 0
        ? `refusals: ${counted(refusals.length, 'refusals stream')} intact`
        : `refusals: ${broken} of ${counted(refusals.length, 'refusals stream')} failed verification ` +
            '(a verdict of their own; exit 4 all the same)',
    );
  }
  io.stdout.write(lines.map((line) => `${sanitize(line)}\n`).join(''));
}

function streamLine(s: StreamVerdict, signatures: boolean): string {
  if (s.problem !== null) {
    const where = s.problem.line === undefined ? '' : ` (line ${s.problem.line})`;
    return `FAIL  ${s.stream}  ${s.problem.kind} at seq ${s.problem.seq}${where}: ${s.problem.message.replace(/^seq \d+: /, '')}`;
  }
  const head = s.head === null ? 'no events' : `head ${s.head.hash.slice(0, 12)}…`;
  const sigs = signatures ? `  signatures ${s.signatures.valid}/${s.verified} valid` : '';
  return `ok    ${s.stream}  ${counted(s.verified, 'event')}  ${head}${sigs}`;
}
