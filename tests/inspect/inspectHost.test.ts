import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.ts';
import { bin, runCli, runMain, seedFile, tempDir } from '../support/cli.ts';

/**
 * `inspect` serves a programme's events only to this machine unless `--host` says otherwise, and a busy port is one
 * clear line, not a stack trace (README, "Command line").
 */
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGINT');
});

/** Starts `inspect` in its own process; resolves with its stderr once it says it serves. */
function inspect(args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, [bin, 'inspect', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.includes('Press Ctrl-C')) resolve(stderr);
    });
    child.on('close', (code) => reject(new Error(`inspect ended (${code}): ${stderr}`)));
  });
}

/** Whether a TCP connection to host:port is accepted. */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** An IPv4 address of this machine that is not loopback, if it has one. */
const outward = Object.values(networkInterfaces())
  .flat()
  .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;

async function seeded(): Promise<string> {
  const store = join(tempDir(), 'lcz.db');
  expect((await runMain(['record', store, 'lcz-shenzhen', seedFile])).code).toBe(0);
  return store;
}

describe('phasegate inspect', () => {
  it('listens on 127.0.0.1 by default and on the address --host names', async () => {
    const store = await seeded();
    const port = await freePort();
    expect(await inspect([store, 'lcz-shenzhen', '--port', String(port)])).toContain(`Open http://127.0.0.1:${port}`);
    expect(await reachable('127.0.0.1', port)).toBe(true);
    if (outward !== undefined) expect(await reachable(outward, port)).toBe(false);
    if (outward !== undefined) {
      const other = await freePort();
      expect(await inspect([store, 'lcz-shenzhen', '--port', String(other), '--host', outward])).toContain(
        `Open http://${outward}:${other}`,
      );
      expect(await reachable(outward, other)).toBe(true);
    }
  });

  it('says in one line that a busy port is busy (exit 1)', async () => {
    const store = await seeded();
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const result = await runCli(['inspect', store, 'lcz-shenzhen', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`phasegate: port ${port} is in use on 127.0.0.1: choose another with --port\n`);
    } finally {
      blocker.close();
    }
  });
});
