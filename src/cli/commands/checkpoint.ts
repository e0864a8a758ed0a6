import { assertCheckpointKey, createCheckpoint } from '../../audit/checkpoint.ts';
import { parseSigningKey } from '../../audit/keys.ts';
import { IntegrityError, UsageError } from '../../errors.ts';
import { required, type Command } from '../command.ts';
import { readText, writeOutput, type CliIo } from '../io.ts';
import { verifyLocation } from '../verifyLocation.ts';
import { redact } from '../../store/postgresConnection.ts';
import { counted } from '../../words.ts';

/**
 * `phasegate checkpoint`: verifies the log, then writes the heads of its streams (seq and hash), signed with a private
 * key, to a file to keep out of the writer's reach. `phasegate verify --checkpoint FILE` later checks against it.
 */
export const checkpointCommand: Command = {
  name: 'checkpoint',
  usage: 'checkpoint <store|file.jsonl> [--stream S] [--key PRIVATE_KEY_FILE] [-o FILE]',
  summary: "verify the log, then write a (signed) checkpoint of each stream's head, to verify against later",
  options: { stream: { type: 'string' }, key: { type: 'string' }, output: { type: 'string', short: 'o' } },
  usesReadModels: false,
  async run({ io }, positionals, values) {
    const location = required(this, positionals, 0, '<store|file.jsonl>');
    const key = typeof values.key === 'string' ? parseSigningKey(await readText(values.key), values.key) : undefined;
    if (key !== undefined) assertCheckpointKey(key); // before the log is read, not after
    const report = await verifyLocation(io, location, typeof values.stream === 'string' ? values.stream : undefined);
    if (!report.ok) {
      const first = report.problems[0]!;
      throw new IntegrityError(
        `${counted(report.problems.length, 'stream')} ${report.problems.length === 1 ? 'does' : 'do'} not verify (first: "${first.stream}" ${first.kind} at seq ${first.seq}); ` +
          `a checkpoint would vouch for a damaged log. Run "phasegate verify" for the details.`,
        first.stream,
        first.seq,
      );
    }
    const heads = report.streams.flatMap((s) =>
      s.head === null ? [] : [{ stream: s.stream, seq: s.head.seq, head: s.head.hash, recordedAt: s.head.recordedAt }],
    );
    if (heads.length === 0)
      throw new UsageError(
        `${redact(location)} holds no events${typeof values.stream === 'string' ? ` of "${values.stream}"` : ''}: nothing to checkpoint`,
      );
    const checkpoint = createCheckpoint(heads, new Date().toISOString(), key);
    const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
    const written = await writeOutput(io, values.output, text);
    if (written !== null)
      note(
        io,
        `checkpoint of ${counted(heads.length, 'stream')} written to ${written}${key ? `, signed by ${key.keyId}` : ', unsigned'}`,
      );
    return 0;
  },
};

function note(io: CliIo, text: string): void {
  io.stderr.write(`phasegate: ${text}\n`);
}
