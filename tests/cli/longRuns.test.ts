import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { runCli, runMain, seedFile, tempDir } from '../support/cli.ts';

/**
 * Issue 9 §4, around the walk-through: long `import`, `replay`, `verify` and batch `record` show progress on a
 * terminal and nothing when piped; an interrupted `import` says how far it got and that running it again completes
 * it; warnings are one plain line; counts agree in number; `keygen -o -` writes the key to stdout, never a file "-".
 */
const extra = 1200;
const documents = Array.from({ length: extra }, (_, i) =>
  JSON.stringify({
    type: 'DocumentLinked',
    occurredAt: '2012-10-10',
    actor: { id: 'twa-guangzhou', role: 'programme_manager' },
    data: {
      docId: `doc-${i}`,
      title: `Minutes ${i}`,
      category: 'A07',
      url: `https://example.org/${i}.pdf`,
      date: '2012-10-10',
      language: 'en',
    },
  }),
).join('\n');
const seedLength = readFileSync(seedFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '').length;
const total = seedLength + extra;
let log: string;

/** Runs main in-process with stderr a terminal, `interrupt` aborted once stderr shows `abortOn`. */
async function onTerminal(argv: string[], abortOn?: RegExp) {
  let stdout = '';
  let stderr = '';
  const controller = new AbortController();
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: {
      write: (text: string) => {
        stderr += text;
        if (abortOn?.test(text)) controller.abort();
      },
      isTTY: true,
    },
    readStdin: async () => '',
    interrupt: controller.signal,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  log = join(tempDir(), 'long.jsonl');
  expect((await runMain(['record', log, 'lcz', seedFile])).code).toBe(0);
  const batch = await runMain(['record', log, 'lcz', '-'], { stdin: documents, tty: true });
  expect(batch.code, batch.stderr).toBe(0);
  // The batch of 1,200 proposals showed how far deciding it got, and cleared the bar.
  expect(batch.stderr).toMatch(/^\rrecord [█░]{30} +\d+% {2}[\d,]+ events?/);
  expect(batch.stderr.endsWith('\r\u001b[K')).toBe(true);
});

describe('progress on a terminal, nothing when piped', () => {
  it.each(['replay', 'verify', 'import'])('%s draws a bar on a terminal and clears it', async (command) => {
    const argv = () => [command, log, ...(command === 'import' ? [join(tempDir(), 'copy.db')] : [])];
    const shown = await onTerminal(argv());
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toMatch(new RegExp(`\\r${command} [█░]{30} +\\d+% {2}[\\d,]+ events?`));
    // The progress line ends by erasing the rest of the line (ESC [K): the escape is what is asserted.
    // eslint-disable-next-line no-control-regex
    expect(shown.stderr).toMatch(/\r\u001b\[K$/);
    const piped = await runMain(argv());
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toMatch(/[█░\r]/);
  });
});

describe('an interrupted import', () => {
  it('stops after a whole batch, says how far it got and that running it again completes it', async () => {
    const target = join(tempDir(), 'target.db');
    const stopped = await onTerminal(['import', log, target], /%/);
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toContain(
      `phasegate: import interrupted: 1,000 of ${total.toLocaleString('en')} events are in the store (1000 appended, 0 already there); every batch is whole, and running the same import again completes it`,
    );
    const again = await runMain(['import', log, target]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(
      `imported ${total.toLocaleString('en')} events in 1 stream into ${target} (${total - 1000} appended, 1000 already there)\n`,
    );
    const verified = await runMain(['verify', target]);
    expect(verified.stdout).toContain(`verified ${total.toLocaleString('en')} events in 1 stream: intact`);
  });
});

describe('plain words', () => {
  it("prints a warning as one plain line, without Node's boilerplate", async () => {
    const torn = join(tempDir(), 'torn.jsonl');
    writeFileSync(torn, `${readFileSync(log, 'utf8').split('\n').slice(0, 5).join('\n')}\n{"half":`);
    const result = await runCli(['state', torn, 'lcz']);
    expect(result.code, result.stderr).toBe(0);
    const warning = result.stderr.split('\n').filter((l) => l !== '');
    expect(warning).toEqual([
      expect.stringMatching(/^phasegate: .*torn\.jsonl: 8 bytes after the last complete line .* are left as they are$/),
    ]);
    expect(result.stderr).not.toMatch(/\(node:\d+\)|--trace-warnings|Warning:/);
  });

  it('counts in agreement with the number', async () => {
    const one = join(tempDir(), 'one.jsonl');
    expect(
      (await runMain(['record', one, 'lcz', '-'], { stdin: readFileSync(seedFile, 'utf8').split('\n')[0]! })).code,
    ).toBe(0);
    const verified = await runMain(['verify', one]);
    expect(verified.stdout).toMatch(/^ok\s+lcz\s+1 event\s+head/m);
    expect(verified.stdout).toContain('verified 1 event in 1 stream: intact');
    const checkpoint = await runMain(['checkpoint', one, '-o', join(tempDir(), 'cp.json')]);
    expect(checkpoint.stderr).toContain('checkpoint of 1 stream written to');
    expect(`${verified.stdout}${verified.stderr}${checkpoint.stderr}`).not.toContain('(s)');
  });

  it('keygen -o - writes the private key to stdout (its public half to the registry), never a file named "-"', async () => {
    const dir = tempDir();
    const registry = join(dir, 'keys.json');
    const result = await runCli(['keygen', 'eli-1', '--actor', 'eli', '-o', '-', '--registry', registry], undefined, {
      cwd: dir,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      format: 'phasegate-private-key/1',
      keyId: 'eli-1',
      actorId: 'eli',
    });
    expect(JSON.parse(readFileSync(registry, 'utf8'))).toMatchObject({ keys: [{ keyId: 'eli-1', actorId: 'eli' }] });
    expect(existsSync(join(dir, '-'))).toBe(false);
    const alone = await runCli(['keygen', 'eli-2', '-o', '-'], undefined, { cwd: dir });
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain(
      'keygen -o - writes the private key to stdout, so the public key needs --registry FILE',
    );
    expect(existsSync(join(dir, '-'))).toBe(false);
  });
});
