/**
 * A stream the store or log does not hold: every command that reads one stream fails the same way, exit 2
 * (invalid input), naming the stream and the streams the store does hold, and writes nothing to stdout.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProposals } from '../support/seedLog.ts';
import { runMain } from '../support/cli.ts';
import { temporaryDirectory } from '../support/logs.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());
const golden = new URL('../golden/lcz-v1-closed.jsonl', import.meta.url).pathname;
let db = '';

const run = runMain;

beforeAll(async () => {
  db = dir.file('lcz.db');
  const seed = dir.file('seed.jsonl', seedProposals.map((p) => JSON.stringify(p)).join('\n'));
  expect((await run(['record', db, 'lcz-shenzhen', seed])).code).toBe(0);
});

describe('a stream the store does not hold', () => {
  const commands: Array<[string, () => string[]]> = [
    ['state', () => ['state', db, 'nope']],
    ['state --at-seq', () => ['state', db, 'nope', '--at-seq', '1']],
    ['next', () => ['next', db, 'nope']],
    ['chart --format dot', () => ['chart', '--format', 'dot', '--store', db, '--stream', 'nope']],
    ['chart --format html', () => ['chart', '--format', 'html', '--store', db, '--stream', 'nope']],
    ['inspect', () => ['inspect', db, 'nope', '--port', '1']],
    ['replay --stream (store)', () => ['replay', db, '--stream', 'nope']],
    ['verify --stream (store)', () => ['verify', db, '--stream', 'nope']],
    ['audit (store)', () => ['audit', db, 'nope']],
    ['export', () => ['export', db, 'nope']],
    ['checkpoint --stream (store)', () => ['checkpoint', db, '--stream', 'nope']],
  ];

  it.each(commands)('%s: exit 2, naming the stream and the streams the store holds', async (_name, argv) => {
    const result = await run(argv());
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      `phasegate: stream "nope" is not in ${db}: it holds "lcz-shenzhen". Check the stream id.\n`,
    );
  });

  const fileCommands: Array<[string, string[]]> = [
    ['replay --stream (file)', ['replay', golden, '--stream', 'nope']],
    ['verify --stream (file)', ['verify', golden, '--stream', 'nope']],
    ['audit (file)', ['audit', golden, 'nope']],
    ['checkpoint --stream (file)', ['checkpoint', golden, '--stream', 'nope']],
  ];

  it.each(fileCommands)('%s: the same error for a JSONL log', async (_name, argv) => {
    const result = await run(argv);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      `phasegate: stream "nope" is not in ${golden}: it holds "lcz-v1-closed". Check the stream id.\n`,
    );
  });

  it('lists ten streams and says how many more there are', async () => {
    const many = dir.file('many.db');
    for (let i = 0; i < 12; i++) {
      const seed = dir.file(`first-${i}.jsonl`, JSON.stringify({ ...seedProposals[0], id: `first-${i}` }));
      expect((await run(['record', many, `s${String(i).padStart(2, '0')}`, seed])).code).toBe(0);
    }
    const result = await run(['state', many, 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'it holds "s00", "s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09" and 2 more.',
    );
  });

  it('a stream whose only line is damaged is reported as damaged (exit 4), not as missing', async () => {
    const lines = readFileSync(golden, 'utf8').trimEnd().split('\n');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    const damaged = JSON.stringify({ ...first, stream: 'x' }).slice(0, -5);
    const log = dir.file('damaged-x.jsonl', `${lines.join('\n')}\n${damaged}\n`);
    const verify = await run(['verify', log, '--stream', 'x']);
    expect(verify.code).toBe(4);
    expect(verify.stdout).toContain('x  unreadable at seq 1');
    const audit = await run(['audit', log, 'x', '-o', dir.file('damaged-x.md')]);
    expect(audit.code).toBe(4);
    expect(audit.stderr).not.toContain('is not in');
    expect(readFileSync(dir.file('damaged-x.md'), 'utf8')).toContain('unreadable');
    const replay = await run(['replay', log, '--stream', 'x']);
    expect(replay.code).toBe(4);
    expect(replay.stderr).not.toContain('is not in');
    expect(replay.stderr).toContain(`line ${lines.length + 1} is not an event`);
  });
});
