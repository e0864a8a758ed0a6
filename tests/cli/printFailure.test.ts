import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, runMain, seedFile, tempDir } from '../support/cli.ts';

/**
 * `record ... | true` and `record > /dev/full`: the exit code tells what happened to the store, and a failure to print
 * afterwards is one line on stderr, never a stack trace (README, "Command line").
 */
function run(args: readonly string[], stdout: 'closed-pipe' | number): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ['ignore', stdout === 'closed-pipe' ? 'pipe' : stdout, 'pipe'],
    });
    if (stdout === 'closed-pipe') child.stdout!.destroy(); // the reader is gone before anything is printed
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

const seedLength = async (store: string) =>
  JSON.parse((await runMain(['state', store, 'lcz-shenzhen', '--json'])).stdout).seq as number;

describe('a failure to print', () => {
  it('after record stored every event: exit 0 and one line saying so (EPIPE)', async () => {
    const store = join(tempDir(), 'lcz.db');
    const result = await run(['record', store, 'lcz-shenzhen', seedFile], 'closed-pipe');
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^phasegate: the output could not be printed \(EPIPE.*do not run it again\n$/);
    expect(await seedLength(store)).toBeGreaterThan(0);
  });

  it.runIf(existsSync('/dev/full'))(
    'after record stored every event: exit 0 and one line (ENOSPC, /dev/full)',
    async () => {
      const store = join(tempDir(), 'lcz.db');
      const full = openSync('/dev/full', 'w');
      try {
        const result = await run(['record', store, 'lcz-shenzhen', seedFile], full);
        expect(result.code).toBe(0);
        expect(result.stderr).toMatch(/^phasegate: the output could not be printed \(ENOSPC\).*\n$/);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      } finally {
        closeSync(full);
      }
      expect(await seedLength(store)).toBeGreaterThan(0);
    },
  );

  it('of a reading command is exit 1 (its output was its result), still one line', async () => {
    const store = join(tempDir(), 'lcz.db');
    expect((await runMain(['record', store, 'lcz-shenzhen', seedFile])).code).toBe(0);
    const result = await run(['export', store, '--all'], 'closed-pipe');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^phasegate: the output could not be printed \(EPIPE[^\n]*\)\n$/);
  });
});
