import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, runMain, seedFile, tempDir, type CliResult } from '../support/cli.ts';

/**
 * An auditor reads a copy of a SQLite store in a directory nobody may write (no `-shm` beside it): `state`, `verify`
 * and the other reading commands work, and the copy stays byte for byte the same (README, "Stores").
 */
const root = tempDir();
const readOnlyDir = join(root, 'handed-over');
afterAll(() => chmodSync(readOnlyDir, 0o755));

/** Runs the CLI as a user who cannot write the directory: root ignores permissions, so it runs as nobody then. */
function runAsReader(args: readonly string[]): Promise<CliResult> {
  const asRoot = process.getuid?.() === 0;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('a SQLite copy in a read-only directory', () => {
  it('is read by state, verify, replay, export and audit, and left as it was', async () => {
    const original = join(root, 'lcz.db');
    expect((await runMain(['record', original, 'lcz-shenzhen', seedFile])).code).toBe(0);
    mkdirSync(readOnlyDir);
    const copy = join(readOnlyDir, 'lcz.db');
    copyFileSync(original, copy);
    chmodSync(root, 0o755);
    chmodSync(copy, 0o444);
    chmodSync(readOnlyDir, 0o555);
    const before = readFileSync(copy);
    const state = await runAsReader(['state', copy, 'lcz-shenzhen', '--json']);
    expect(state.code, state.stderr).toBe(0);
    expect(JSON.parse(state.stdout)).toMatchObject({ stream: 'lcz-shenzhen', state: 'implementation.active' });
    const verify = await runAsReader(['verify', copy]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/intact/);
    for (const argv of [
      ['replay', copy],
      ['export', copy, '--all'],
      ['audit', copy, 'lcz-shenzhen'],
      ['portfolio', copy],
    ]) {
      const result = await runAsReader(argv);
      expect({ argv, code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    }
    expect(readFileSync(copy)).toEqual(before);
    expect(readdirSync(readOnlyDir)).toEqual(['lcz.db']);
  });
});
