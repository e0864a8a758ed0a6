/**
 * Where the CLI writes: help on stdout only when asked for, and files written all or nothing, never half written or
 * clobbered by a command that fails.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/cli/io.ts';
import { runMain } from '../support/cli.ts';
import { temporaryDirectory } from '../support/logs.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());
const golden = new URL('../golden/lcz-v1-closed.jsonl', import.meta.url).pathname;

const run = runMain;

const leftovers = () => readdirSync(dir.path).filter((f) => f.endsWith('.tmp'));

describe('help and usage', () => {
  it('prints the help on stdout with exit 0 when asked for, on stderr with exit 1 when no command was given', async () => {
    const asked = await run(['--help']);
    expect(asked).toMatchObject({ code: 0, stderr: '' });
    expect(asked.stdout).toContain('phasegate: an event-sourced workflow engine');
    const none = await run([]);
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toBe(asked.stdout);
  });

  it("prints a command's usage on stdout for --help, on stderr for a usage error", async () => {
    const asked = await run(['state', '--help']);
    expect(asked).toMatchObject({ code: 0, stderr: '' });
    expect(asked.stdout).toMatch(/^usage: phasegate state <store> <stream>/);
    for (const argv of [['state'], ['state', 'x.db', 'lcz', '--bogus'], ['nosuchcommand']]) {
      const wrong = await run(argv);
      expect(wrong).toMatchObject({ code: 1, stdout: '' });
      expect(wrong.stderr).toMatch(/^phasegate: /);
    }
  });
});

describe('-o FILE', () => {
  it('writes the dossier, the checkpoint and the chart to their files, leaving no temporary file', async () => {
    for (const [argv, file] of [
      [['audit', golden, 'lcz-v1-closed', '-o'], 'dossier.md'],
      [['checkpoint', golden, '-o'], 'checkpoint.json'],
      [['chart', '--format', 'scxml', '-o'], 'chart.scxml'],
    ] as const) {
      const path = join(dir.path, file);
      writeFileSync(path, 'old');
      expect((await run([...argv, path])).code).toBe(0);
      expect(readFileSync(path, 'utf8')).not.toBe('old');
    }
    expect(leftovers()).toEqual([]);
  });

  it('leaves an existing file as it was when the command fails', async () => {
    const path = join(dir.path, 'kept.md');
    writeFileSync(path, 'old');
    expect((await run(['audit', golden, 'nope', '-o', path])).code).toBe(2);
    expect(
      (await run(['chart', '--format', 'html', '--store', join(dir.path, 'none.db'), '--stream', 'x', '-o', path]))
        .code,
    ).not.toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(leftovers()).toEqual([]);
  });

  it('never leaves a half-written file: a write that fails midway leaves the target untouched and no temporary file', async () => {
    const path = join(dir.path, 'export.jsonl');
    writeFileSync(path, 'old');
    await expect(
      writeFileAtomically(path, (write) => {
        write('half of it');
        throw new Error('the store went away');
      }),
    ).rejects.toThrow('the store went away');
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(leftovers()).toEqual([]);
    await writeFileAtomically(path, (write) => write('new'));
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('never overwrites a private key file, and says so with exit 1', async () => {
    const path = join(dir.path, 'witness.key.json');
    expect((await run(['keygen', 'witness', '-o', path])).code).toBe(0);
    const key = readFileSync(path, 'utf8');
    expect(await run(['keygen', 'witness', '-o', path])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/never overwritten/),
    });
    expect(readFileSync(path, 'utf8')).toBe(key);
    expect(leftovers()).toEqual([]);
  });

  it('writes through a symlink: the file it points to is replaced, and the link stays a link', async () => {
    const targets = join(dir.path, 'targets');
    mkdirSync(targets);
    const real = join(targets, 'checkpoint.json');
    writeFileSync(real, 'old');
    const link = join(dir.path, 'checkpoint-link.json');
    symlinkSync(real, link);
    expect((await run(['checkpoint', golden, '-o', link])).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(JSON.parse(readFileSync(real, 'utf8'))).toMatchObject({ format: 'phasegate-checkpoint/1' });
    const dangling = join(dir.path, 'dangling-link.md');
    symlinkSync('targets/later.md', dangling);
    await writeFileAtomically(dangling, (write) => write('made where the link points'));
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(targets, 'later.md'), 'utf8')).toBe('made where the link points');
    expect(leftovers()).toEqual([]);
    expect(readdirSync(targets).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes into a FIFO in place instead of renaming a file over it', async () => {
    const fifo = join(dir.path, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    // A reader is open first (non-blocking), so opening the FIFO for writing does not wait.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      await writeFileAtomically(fifo, (write) => write('through the pipe'));
      const buffer = Buffer.alloc(64);
      const read = readSync(reader, buffer);
      expect(buffer.toString('utf8', 0, read)).toBe('through the pipe');
    } finally {
      closeSync(reader);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(leftovers()).toEqual([]);
  });
});
