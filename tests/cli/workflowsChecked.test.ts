/**
 * `verify` never uses the workflows, so the command line loads them for it only when there is a `--workflows` module
 * or a phasegate.config file to check (main.ts): a broken one still stops verify with the message and exit code every
 * other command gives (README, "Command line": 1, usage), and without one verify reads the log as before.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { seedFile, tempDir, type CliResult } from '../support/cli.ts';

async function run(argv: readonly string[], cwd: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

let dir: string;
let log: string;
beforeAll(async () => {
  dir = tempDir();
  log = join(dir, 'log.jsonl');
  expect((await run(['record', log, 'lcz-shenzhen', seedFile], dir)).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verify and the workflows it does not use', () => {
  it('without a config file or --workflows: verifies the log, exit 0', async () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    const result = await run(['verify', log], plain);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/: intact\n$/);
    expect(result.stderr).toBe('');
  });

  it.each([
    ['a config file that names no workflows', { 'phasegate.config.json': '{"workflows": []}' }, []],
    ['a config file that is not JSON', { 'phasegate.config.json': '{' }, []],
    ['a config file whose module is missing', { 'phasegate.config.json': '{"workflows": "./nope.js"}' }, []],
    [
      'a --workflows module that exports none',
      { 'empty.mjs': 'export const nothing = 1;\n' },
      ['--workflows', 'empty.mjs'],
    ],
    ['a --workflows module that is missing', {}, ['--workflows', './missing.js']],
  ] as const)('with %s: exit 1 and the message state gives', async (_what, files, option) => {
    const cwd = join(dir, `broken-${Math.random().toString(36).slice(2)}`);
    mkdirSync(cwd);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
    const verify = await run(['verify', log, ...option], cwd);
    const state = await run(['state', log, 'lcz-shenzhen', ...option], cwd);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toBe('');
    expect(verify.stderr).not.toBe('');
    expect(verify.stderr).toBe(state.stderr);
    expect(state.code).toBe(1);
  });
});
