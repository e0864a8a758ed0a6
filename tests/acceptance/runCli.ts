import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI (`npm test` builds first). */
export const bin = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));
/** The seed example file. */
export const seedFile = fileURLToPath(new URL('../../examples/lcz-shenzhen.jsonl', import.meta.url));

/** Returns a fresh temporary directory for one test. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'phasegate-'));
}

/** Runs `phasegate args...` as its own process, feeding `input` on stdin; resolves with the exit code and output. */
export function runCli(args: readonly string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build (npm test does it first)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
