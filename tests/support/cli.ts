/**
 * Running the `phasegate` CLI from tests, the one way each: as its own process (the built `dist/`, as a user runs
 * it) with {@link runCli}, or in-process through `main` with {@link runMain}.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';

/** The built CLI (`npm test` builds first). */
export const bin = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));
/** The seed example file. */
export const seedFile = fileURLToPath(new URL('../../examples/lcz-shenzhen.jsonl', import.meta.url));

/** What a CLI run ends with. */
export type CliResult = { code: number; stdout: string; stderr: string };

/** The temporary directories this test file made: removed once its tests are done, so runs leave nothing behind. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Returns a fresh temporary directory for one test (removed after the test file's last test). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phasegate-'));
  made.push(dir);
  return dir;
}

/**
 * Runs `phasegate args...` as its own process, feeding `input` on stdin, in `options.cwd` (default: this process's);
 * resolves with the exit code and output.
 */
export function runCli(
  args: readonly string[],
  input?: string,
  options: { readonly cwd?: string } = {},
): Promise<CliResult> {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build (npm test does it first)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Runs `phasegate argv...` in this process through `main`; `tty` makes stderr a terminal, `stdin` is what it reads. */
export async function runMain(
  argv: readonly string[],
  options: { readonly tty?: boolean; readonly stdin?: string } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), ...(options.tty ? { isTTY: true } : {}) },
    readStdin: async () => options.stdin ?? '',
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
