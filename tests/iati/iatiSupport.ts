import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The IATI 2.03 activity schema beside the project: `../shared/iati-2.03` from the project's root (CI's layout), or
 * the nearest `shared/iati-2.03` further up (a git worktree one level deeper).
 */
export const iatiSchema = ((): string => {
  let dir = fileURLToPath(new URL('../..', import.meta.url));
  for (let up = 0; up < 4; up++) {
    const candidate = join(dirname(dir), 'shared', 'iati-2.03', 'iati-activities-schema.xsd');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(
    '../shared/iati-2.03/iati-activities-schema.xsd is missing: the tests validate IATI files against it',
  );
})();

/** Runs `xmllint --noout --schema` on an IATI file's text; returns its exit code and what it printed. */
export function xmllint(xml: string): { code: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'phasegate-iati-'));
  try {
    const file = join(dir, 'activities.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--schema', iatiSchema, file], { encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint could not run (Debian's libxml2-utils): ${run.error.message}`);
    return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
