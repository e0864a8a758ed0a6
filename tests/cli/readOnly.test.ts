import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/cli.ts';

const cli = (...argv: string[]) => runMain(argv);
import { dropSchemas, pgUrl, tempDir, uniqueSchema } from '../store/storeFixtures.ts';

const { dir, remove } = tempDir('cli-read-only');
const schema = uniqueSchema('clipw');
afterAll(async () => {
  remove();
  await dropSchemas([schema]);
});

const seed = join(import.meta.dirname, '../../examples/lcz-shenzhen.jsonl');

describe('reading commands open stores read-only', () => {
  it('leave a JSONL store with a torn tail byte-identical: no repair, no lock file, no quarantine file', async () => {
    const path = join(dir, 'torn.jsonl');
    expect((await cli('record', path, 'lcz-shenzhen', seed)).code).toBe(0);
    appendFileSync(path, '{"id":"half-written');
    const before = readFileSync(path);
    const reads: string[][] = [
      ['state', path, 'lcz-shenzhen', '--json'],
      ['next', path, 'lcz-shenzhen', '--json'],
      ['export', path, '--all'],
      ['export', path, 'lcz-shenzhen'],
      ['chart', '--store', path, '--stream', 'lcz-shenzhen'],
    ];
    for (const argv of reads) {
      const result = await cli(...argv);
      expect({ argv, code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
      expect(readFileSync(path)).toEqual(before);
      expect(readdirSync(dir).filter((f) => f.startsWith('torn.jsonl'))).toEqual(['torn.jsonl']);
    }
    for (const argv of [
      ['verify', path],
      ['replay', path],
      ['audit', path, 'lcz-shenzhen'],
    ]) {
      await cli(...argv); // these read a .jsonl as bytes and report the torn line; they must not touch it either
      expect(readFileSync(path)).toEqual(before);
    }
    const imported = await cli('import', path, join(dir, 'copy.db'));
    expect(imported.stderr).toMatch(/torn|unterminated|newline/i);
    expect(readFileSync(path)).toEqual(before);
    const exported = await cli('export', path, '--all');
    const whole = before.toString('utf8').slice(0, before.toString('utf8').lastIndexOf('\n') + 1);
    expect(exported.stdout).toBe(whole);
  });

  it('leave a SQLite store byte-identical, whatever reading command opens it', async () => {
    const path = join(dir, 'store.db');
    expect((await cli('record', path, 'lcz-shenzhen', seed)).code).toBe(0);
    const before = readFileSync(path);
    for (const argv of [
      ['state', path, 'lcz-shenzhen'],
      ['verify', path],
      ['replay', path],
      ['export', path, '--all'],
    ]) {
      expect((await cli(...argv)).code).toBe(0);
    }
    expect(readFileSync(path)).toEqual(before);
  });

  it('print a PostgreSQL URL with its password masked', async () => {
    const url = new URL(pgUrl);
    url.password = 's3cret-pw';
    url.searchParams.set('schema', schema);
    const log = join(dir, 'small.jsonl');
    expect((await cli('record', log, 'lcz-shenzhen', seed)).code).toBe(0);
    const imported = await cli('import', log, url.toString());
    expect(imported.stdout).toMatch(/into postgres:\/\/postgres:\*\*\*@/);
    const outputs = [
      imported,
      await cli('import', log, url.toString(), '--json'),
      await cli('export', url.toString(), 'no-such-stream'),
      await cli('verify', url.toString(), '--stream', 'no-such-stream'),
      await cli('verify', url.toString(), '--json'),
      await cli('replay', url.toString(), '--stream', 'no-such-stream'),
    ];
    for (const output of outputs) expect(`${output.stdout}${output.stderr}`).not.toContain('s3cret-pw');
  });
});
