import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, runMain, tempDir } from '../support/cli.ts';

/**
 * Proposals are parsed as they stream in: the 10,000-proposal limit and the per-event byte limit stop the reading
 * early (exit 2), instead of reading an endless input into memory first (README, "Command line").
 */
describe('record reads its input as a stream', () => {
  /** Runs `record` in its own process, feeding stdin from `lines` until the process stops reading. */
  function recordFrom(
    lines: Generator<string>,
    store: string,
  ): Promise<{ code: number; stderr: string; fed: number; ended: boolean }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, 'record', store, 's', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      let fed = 0;
      let ended = false;
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.stdin.on('error', () => {}); // EPIPE once the child stops reading: what this test waits for
      const feed = () => {
        for (;;) {
          const next = lines.next();
          if (next.done) {
            ended = true;
            child.stdin.end();
            return;
          }
          fed += next.value.length;
          if (!child.stdin.write(next.value)) {
            child.stdin.once('drain', feed);
            return;
          }
        }
      };
      child.on('error', reject);
      child.on('close', (code) => {
        lines.return(undefined);
        resolve({ code: code ?? -1, stderr, fed, ended });
      });
      feed();
    });
  }

  /** 64 MiB of input in 64 KiB pieces, far past any limit. */
  const total = 64 * 1024 * 1024;
  function* pieces(piece: string): Generator<string> {
    for (let sent = 0; sent < total; sent += piece.length) yield piece;
  }

  it('stops at proposal 10,001 of an endless NDJSON input (exit 2), long before its end, and creates no store', async () => {
    const store = join(tempDir(), 'w.db');
    const result = await recordFrom(pieces('{"a":1}\n'.repeat(8192)), store);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/more than 10000 proposals in one batch/);
    expect(result.ended).toBe(false);
    expect(result.fed).toBeLessThan(total / 4);
    expect(existsSync(store)).toBe(false);
  });

  it('stops inside a line longer than the per-event limit (exit 2) without reading the rest', async () => {
    const store = join(tempDir(), 'w.db');
    const result = await recordFrom(pieces('a'.repeat(65536)), store);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/stdin line 1: over the limit of 1048576 bytes per event/);
    expect(result.ended).toBe(false);
    expect(result.fed).toBeLessThan(total / 4);
  });

  it('stops a pretty-printed object that grows past the limit', async () => {
    function* endlessObject(): Generator<string> {
      yield '{\n';
      yield* pieces('"key": 1,\n'.repeat(6000));
    }
    const result = await recordFrom(endlessObject(), join(tempDir(), 'w.db'));
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/the object is over the limit of 1048576 bytes per event/);
    expect(result.ended).toBe(false);
  });

  it('reads a whole input the same way: a BOM, CRLF, a pretty-printed object, and the limit', async () => {
    const store = join(tempDir(), 'w.db');
    const proposal = { type: 'NotAType', actor: { id: 'x', role: 'y' }, data: {} };
    const pretty = await runMain(['record', store, 's', '-'], {
      stdin: `\ufeff${JSON.stringify(proposal, null, 2)}\r\n`,
    });
    expect(pretty.stderr).not.toMatch(/not valid JSON|no proposals/);
    expect(pretty.code).toBe(2); // the type is not in the catalogue: the input itself was read
    const many = await runMain(['record', store, 's', '-'], { stdin: '{"a":1}\n'.repeat(10_001) });
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/more than 10000 proposals/);
  });
});
