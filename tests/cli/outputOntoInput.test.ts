import { copyFileSync, linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain, seedFile, tempDir } from '../support/cli.ts';

/** `-o` onto a file the command reads is refused (exit 1) before anything is written (README, "Command line"). */
const dir = tempDir();
const db = join(dir, 'lcz.db');
const log = join(dir, 'lcz.jsonl');

beforeAll(async () => {
  expect((await runMain(['record', db, 'lcz-shenzhen', seedFile])).code).toBe(0);
  // The same proposals without their ids: a second stream in the same store.
  const other = readFileSync(seedFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 5)
    .map((line) => JSON.stringify({ ...JSON.parse(line), id: undefined }))
    .join('\n');
  expect((await runMain(['record', db, 'other', '-'], { stdin: other })).code).toBe(0);
  expect((await runMain(['export', db, '--all', '-o', log])).code).toBe(0);
});

/** Runs `argv` with its `-o` pointed at `target`; expects exit 1, a message naming the problem, and `kept` unchanged. */
async function refused(argv: readonly string[], kept: string): Promise<void> {
  const before = readFileSync(kept);
  const result = await runMain(argv);
  expect({ argv, code: result.code }).toEqual({ argv, code: 1 });
  expect(result.stderr).toMatch(/a file this command reads.*Nothing was written/);
  expect(readFileSync(kept)).toEqual(before);
}

describe('-o onto an input', () => {
  it('is refused for export, checkpoint, audit and chart, by the same name', async () => {
    await refused(['export', db, 'lcz-shenzhen', '-o', db], db);
    await refused(['export', log, 'other', '-o', log], log);
    await refused(['export', db, 'lcz-shenzhen', '--format', 'iati', '-o', db], db);
    await refused(['checkpoint', log, '-o', log], log);
    await refused(['audit', log, 'lcz-shenzhen', '-o', log], log);
    await refused(['chart', '--store', log, '--stream', 'lcz-shenzhen', '-o', log], log);
    await refused(['chart', '--store', db, '--stream', 'lcz-shenzhen', '--format', 'svg', '-o', db], db);
  });

  it('is refused through a symbolic link, a hard link, another spelling of the path, and onto a file option', async () => {
    symlinkSync(log, join(dir, 'link.jsonl'));
    linkSync(log, join(dir, 'hard.jsonl'));
    await refused(['export', log, 'lcz-shenzhen', '-o', join(dir, 'link.jsonl')], log);
    await refused(['checkpoint', log, '-o', join(dir, 'hard.jsonl')], log);
    await refused(['audit', log, 'lcz-shenzhen', '-o', join(dir, '.', 'sub', '..', 'lcz.jsonl')], log);
    const keys = join(dir, 'keys.json');
    writeFileSync(keys, JSON.stringify({ format: 'phasegate-keys/1', keys: [] }));
    await refused(['audit', log, 'lcz-shenzhen', '--keys', keys, '-o', keys], keys);
  });

  it('still writes to another file, also one named like the stream', async () => {
    const copy = join(dir, 'copy.jsonl');
    copyFileSync(log, copy);
    const out = join(dir, 'lcz-shenzhen');
    writeFileSync(out, 'old');
    expect((await runMain(['export', copy, 'lcz-shenzhen', '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toBe('old');
  });
});
