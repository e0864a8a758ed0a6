import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent } from '../../src/index.ts';
import { chainEvents } from '../store/storeEvents.ts';
import { runMain } from '../support/cli.ts';

const cli = (...argv: string[]) => runMain(argv);
import { dropSchemas, pgUrl, tempDir, uniqueSchema } from '../store/storeFixtures.ts';

const { dir, remove } = tempDir('import-export');
const schema = uniqueSchema('roundtrip');
afterAll(async () => {
  remove();
  await dropSchemas([schema]);
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const seed = join(import.meta.dirname, '../../examples/lcz-shenzhen.jsonl');

describe('phasegate import and export', () => {
  it('round-trips JSONL -> SQLite -> PostgreSQL -> JSONL byte for byte', async () => {
    const original = join(dir, 'original.jsonl');
    expect((await cli('record', original, 'lcz-shenzhen', seed)).code).toBe(0);
    const awkward = chainEvents('awkward', [
      { id: 'a1', data: { nul: 'a\u0000b', emoji: '\u{1F600}', big: 1e21, small: 1.5e-7, quote: '"\\' } },
      { id: 'a2', data: { nested: { z: [1, { y: null }], a: 'Shenzhen 深圳' } } },
    ]);
    writeFileSync(original, `${readFileSync(original, 'utf8')}${awkward.map((e) => `${encodeEvent(e)}\n`).join('')}`);
    const sqlite = join(dir, 'copy.db');
    const postgres = `${pgUrl}?schema=${schema}`;
    const back = join(dir, 'back.jsonl');
    const imported = await cli('import', original, sqlite, '--json');
    expect(imported.code).toBe(0);
    const events = readFileSync(original, 'utf8')
      .split('\n')
      .filter((line) => line !== '').length;
    expect(JSON.parse(imported.stdout)).toMatchObject({ streams: 2, events, appended: events, alreadyThere: 0 });
    expect((await cli('import', sqlite, postgres)).code).toBe(0);
    expect((await cli('export', postgres, '--all', '--format', 'jsonl', '-o', back)).code).toBe(0);
    expect(sha256(back)).toBe(sha256(original));
    const single = await cli('export', sqlite, 'awkward', '--format', 'jsonl');
    expect(single.stdout).toBe(awkward.map((e) => `${encodeEvent(e)}\n`).join(''));
  });

  it('imports the same log again as a no-op', async () => {
    const log = join(dir, 'again.jsonl');
    writeFileSync(
      log,
      chainEvents('s', [{ id: 'g1' }, { id: 'g2' }])
        .map((e) => `${encodeEvent(e)}\n`)
        .join(''),
    );
    const target = join(dir, 'again.db');
    expect((await cli('import', log, target)).code).toBe(0);
    const again = await cli('import', log, target, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ appended: 0, alreadyThere: 2 });
  });

  it('refuses a log whose chain is broken and appends nothing of it', async () => {
    const [first, second, third] = chainEvents('s', [{ id: 'b1' }, { id: 'b2' }, { id: 'b3' }]);
    const tampered = { ...second!, data: { n: 'changed' } };
    const log = join(dir, 'tampered.jsonl');
    writeFileSync(log, [first!, tampered, third!].map((e) => `${encodeEvent(e)}\n`).join(''));
    const target = join(dir, 'tampered.db');
    const result = await cli('import', log, target);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Stream "s" seq 2 was altered');
    expect((await cli('export', target, '--all')).stdout).toBe('');
  });

  it('refuses a log with a torn tail or a line not in canonical form, naming the line', async () => {
    const events = chainEvents('s', [{ id: 't1' }, { id: 't2' }]);
    const torn = join(dir, 'torn.jsonl');
    writeFileSync(torn, `${encodeEvent(events[0]!)}\n${encodeEvent(events[1]!).slice(0, 30)}`);
    const tornResult = await cli('import', torn, join(dir, 'torn.db'));
    expect(tornResult.code).toBe(4);
    expect(tornResult.stderr).toContain('unterminated line 2');
    const loose = join(dir, 'loose.jsonl');
    writeFileSync(loose, `${JSON.stringify(events[0])}\n`);
    const looseResult = await cli('import', loose, join(dir, 'loose.db'));
    expect(looseResult.code).toBe(4);
    expect(looseResult.stderr).toContain('line 1 is not in canonical form');
  });

  it('names the formats it writes, and refuses a stream together with --all', async () => {
    const store = join(dir, 'formats.db');
    const xml = await cli('export', store, 'lcz', '--format', 'xml');
    expect(xml.code).toBe(1);
    expect(xml.stderr).toContain('unknown --format "xml"; use --format jsonl or iati');
    const both = await cli('export', store, 'lcz', '--all');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('either one stream or --all');
  });
});
