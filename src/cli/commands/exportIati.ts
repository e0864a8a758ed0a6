import { assertStreamExists } from '../../audit/source.ts';
import { InvalidInputError, UsageError } from '../../errors.ts';
import { withDriver } from '../../platform/optionalPeer.ts';
import { openReadModels } from '../../projections/openReadModels.ts';
import { openStore } from '../../store/openStore.ts';
import { isDateOrDateTime } from '../../workflow/dates.ts';
import type { CommandContext } from '../command.ts';
import { writeOutput } from '../io.ts';

/**
 * `phasegate export --format iati`: one IATI 2.03 `iati-activities` file with one activity per programme stream
 * (`--all`: every stream the read model follows). `--generated-at` fixes the file's generated-datetime (default: now).
 */
export async function exportIatiCommand(
  { registry, readModels, io }: CommandContext,
  positionals: readonly string[],
  values: Record<string, string | boolean | undefined>,
  usage: string,
): Promise<number> {
  const url = positionals[0];
  const stream = positionals[1];
  if (url === undefined || (stream === undefined) === (values.all !== true)) {
    throw new UsageError(`give a store and either one stream or --all\nusage: phasegate ${usage}`);
  }
  const generatedAt =
    typeof values['generated-at'] === 'string'
      ? values['generated-at']
      : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (!isDateOrDateTime(generatedAt) || generatedAt.length === 10) {
    throw new InvalidInputError(
      `--generated-at needs an ISO 8601 date-time with a zone, e.g. 2013-01-01T00:00:00Z, got "${generatedAt}"`,
    );
  }
  const model = readModels.find((m) => m.iati !== undefined);
  if (model === undefined) throw new UsageError('this build has no read model with an IATI export');
  const store = await openStore(url, { readOnly: true });
  const tables = await openReadModels(url, { readOnly: true });
  let xml: string;
  try {
    let streams: string[];
    if (stream !== undefined) {
      await assertStreamExists({ kind: 'store', store }, stream);
      streams = [stream];
    } else {
      streams = [];
      for (const name of await store.listStreams()) {
        const first = await store.readStream(name, { toSeq: 1 })[Symbol.asyncIterator]().next();
        if (!first.done && model.follows(first.value)) streams.push(name);
      }
    }
    // xmlbuilder2 (an optional peer dependency) is loaded by this export only, not by every command.
    const load = (): Promise<typeof import('../../iati/export.ts')> => import('../../iati/export.ts');
    const { exportIati } = await withDriver('xmlbuilder2', 'phasegate export --format iati', load);
    xml = await exportIati({ store, tables, model, registry }, streams, generatedAt);
  } finally {
    await tables?.close();
    await store.close();
  }
  const written = await writeOutput(io, values.output, xml);
  if (written !== null) io.stderr.write(`phasegate: IATI 2.03 activities written to ${written}\n`);
  return 0;
}
