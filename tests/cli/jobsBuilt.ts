// The spreading functions of the built package (dist/), whose worker files are .js beside them: whether a walk was
// spread (they return null where one thread does it) and what it gave.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type * as VerifyOnCores from '../../src/audit/parallel/verifyOnCores.ts';
import type * as Source from '../../src/audit/source.ts';
import type * as Verify from '../../src/audit/verify.ts';
import type * as ReplayOnCores from '../../src/cli/replayOnCores.ts';
import type * as Core from '../../src/index.ts';
import type * as Machines from '../../machines/index.ts';

const dist = join(import.meta.dirname, '../../dist/src');
const built = async <T>(path: string) => (await import(pathToFileURL(join(dist, path)).href)) as T;

/** Verifies `location` on `jobs` worker threads (null: left to one thread), and on one thread, as built. */
export async function builtVerify(location: string, jobs: number) {
  const { verifyOnWorkers } = await built<typeof VerifyOnCores>('audit/parallel/verifyOnCores.js');
  const { verifySource } = await built<typeof Verify>('audit/verify.js');
  const { openAuditSource, closeAuditSource } = await built<typeof Source>('audit/source.js');
  const source = await openAuditSource(location);
  try {
    return { spread: await verifyOnWorkers(source, location, { jobs }), here: await verifySource(source) };
  } finally {
    await closeAuditSource(source);
  }
}

/** Returns what replay prints of `location` replayed on `jobs` worker threads as built (null: left to one thread). */
export async function builtReplay(location: string, jobs: number): Promise<string | null> {
  const { replayOnCores } = await built<typeof ReplayOnCores>('cli/replayOnCores.js');
  const { createWorkflowRegistry } = await built<typeof Core>('index.js');
  const { programmeVersions } = await built<typeof Machines>('../machines/index.js');
  const { openAuditSource, closeAuditSource } = await built<typeof Source>('audit/source.js');
  const source = await openAuditSource(location);
  try {
    const request = { cwd: process.cwd(), workflows: undefined, roles: 'own', json: false, jobs } as const;
    const registry = createWorkflowRegistry([...programmeVersions]);
    const replayed = await replayOnCores(source, location, registry, request, () => {});
    return replayed === null ? null : replayed.map((s) => s.text).join('');
  } finally {
    await closeAuditSource(source);
  }
}
