import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bin, tempDir } from '../support/cli.ts';

/**
 * Issue 9 §4: the README's "Auditing a log" block works as written. examples/audit-walkthrough.sh runs it top to
 * bottom (keys made in it, a store of its own, every file it reads made by a step before), and the README block
 * shows the same commands.
 */
const script = fileURLToPath(new URL('../../examples/audit-walkthrough.sh', import.meta.url));
const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

function run(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('sh', [script, dir], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

describe("the auditor's walk-through (examples/audit-walkthrough.sh)", () => {
  it(
    'runs top to bottom in a fresh directory and leaves the dossier, the checkpoint and the log it names',
    { timeout: 240_000 },
    async () => {
      expect(existsSync(bin), 'npm run build first').toBe(true);
      const dir = join(tempDir(), 'walk');
      const result = await run(dir);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/internal error|Warning|No signing key/);
      // The forged cancellation was refused and kept; the roles judged under the newest rules are clean.
      expect(result.stderr).toContain('sz-epb (gatekeeper) may not record ProgrammeCancelled');
      expect(result.stdout).toMatch(/^lcz-shenzhen\.refusals\s+1\s/m);
      expect(result.stdout).toMatch(/^refusals\s+1 refused proposal on record/m);
      expect(result.stdout).toMatch(/^ok\s+lcz-shenzhen\s+seq \d+\s+programme@3\s+implementation\.active$/m);
      expect(result.stdout).toMatch(/intact/);
      const made = [
        'audit.db',
        'checkpoint.json',
        'eli.key.json',
        'keys.json',
        'lcz-dossier.html',
        'lcz.jsonl',
        'nl-agency.key.json',
        'twa.key.json',
        'witness.key.json',
      ];
      expect(
        readdirSync(dir)
          .filter((f) => !f.startsWith('audit.db-'))
          .sort(),
      ).toEqual(made);
      expect(readFileSync(join(dir, 'lcz-dossier.html'), 'utf8')).toMatch(
        /Cooperation on a Sino-Dutch Low-carbon zone Shenzhen/,
      );
      // Run again in the same directory, it stops at the first key rather than overwrite a private key.
      expect((await run(dir)).code).not.toBe(0);
    },
  );

  it('is what the README block shows, command for command', () => {
    const part = readFileSync(script, 'utf8')
      .split('# --- walk-through (the README block) ---\n')[1]!
      .split('# --- end ---\n')[0]!;
    const section = readme.slice(readme.indexOf('## Auditing a log'));
    const block = section.slice(
      section.indexOf('```sh\n') + 6,
      section.indexOf('```\n', section.indexOf('```sh\n') + 6),
    );
    const commands = (text: string) => text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(commands(block)).toEqual(commands(part));
    expect(commands(part).length).toBeGreaterThan(8);
  });
});
