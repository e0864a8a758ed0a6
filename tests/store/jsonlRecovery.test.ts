import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent, IntegrityError, StoreError } from '../../src/index.ts';
import { openJsonlEventStore, type JsonlEventStore, type TornTail } from '../../src/entries/jsonl.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { tempDir } from './storeFixtures.ts';

const { dir, remove } = tempDir('jsonl-recovery');
const writerScript = fileURLToPath(new URL('./fixtures/staleLockWriter.mjs', import.meta.url));
afterAll(remove);

const events = chainEvents('s', [{ id: 'e1' }, { id: 'e2', data: { city: '深圳' } }, { id: 'e3' }]);
const line = (index: number) => Buffer.from(`${encodeEvent(events[index]!)}\n`);
let fileNo = 0;

async function openWith(content: Buffer): Promise<{ path: string; store: JsonlEventStore; tails: TornTail[] }> {
  const path = join(dir, `case-${++fileNo}.jsonl`);
  writeFileSync(path, content);
  const tails: TornTail[] = [];
  const store = await openJsonlEventStore(path, { onTornTail: (t) => tails.push(t) });
  return { path, store, tails };
}

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

describe('JSONL torn-tail classification', () => {
  const torn: Array<[string, Buffer]> = [
    ['partial JSON', Buffer.concat([line(0), line(1).subarray(0, 25)])],
    ['a complete record missing only its newline', Buffer.concat([line(0), line(1).subarray(0, line(1).length - 1)])],
    ['a partial UTF-8 sequence', Buffer.concat([line(0), line(1).subarray(0, line(1).indexOf('深') + 1)])],
  ];
  it.each(torn)('quarantines %s, reports offset and length, and appends on a clean line', async (_name, content) => {
    const { path, store, tails } = await openWith(content);
    const tailBytes = content.subarray(line(0).length);
    expect(tails).toEqual([
      expect.objectContaining({ offset: line(0).length, length: tailBytes.length, reason: 'unterminated line' }),
    ]);
    expect(store.tornTails).toEqual(tails);
    expect(readFileSync(tails[0]!.quarantine)).toEqual(tailBytes);
    expect(readFileSync(path)).toEqual(line(0));
    await store.append('s', events.slice(1), { expectedSeq: 1 });
    expect(readFileSync(path)).toEqual(Buffer.concat([line(0), line(1), line(2)]));
    await store.close();
  });

  it('opens an empty file and a file of whole lines as they are', async () => {
    for (const content of [Buffer.alloc(0), Buffer.concat([line(0), line(1)])]) {
      const { path, store, tails } = await openWith(content);
      expect(tails).toEqual([]);
      expect(readFileSync(path)).toEqual(content);
      await store.close();
    }
  });

  const corrupt: Array<[string, Buffer, RegExp]> = [
    ['a file of only a newline', Buffer.from('\n'), /line 1 \(byte 0\) is empty/],
    ['CRLF line ends', Buffer.concat([line(0).subarray(0, -1), Buffer.from('\r\n')]), /line 1 .*CR LF/],
    [
      'a malformed line in the middle',
      Buffer.concat([line(0), Buffer.from('{"oops"\n'), line(1)]),
      /line 2 \(byte \d+\) is not valid JSON/,
    ],
    ['a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), line(0)]), /line 1 .*byte-order mark/],
    [
      'invalid UTF-8 in a whole line',
      Buffer.concat([line(0), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]),
      /line 2 .*not valid UTF-8/,
    ],
    ['a line that skips a seq', Buffer.concat([line(0), line(2)]), /line 2 .*seq 3 in stream "s", expected 2/],
    [
      'a line that repeats an earlier one',
      Buffer.concat([line(0), line(0)]),
      /line 2 .*seq 1 in stream "s", expected 2/,
    ],
  ];
  it.each(corrupt)('refuses to open %s, naming the line', async (_name, content, message) => {
    const path = join(dir, `corrupt-${++fileNo}.jsonl`);
    writeFileSync(path, content);
    const error = await openJsonlEventStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as Error).message).toMatch(message);
    expect(readFileSync(path)).toEqual(content);
  });
});

describe('JSONL single writer', () => {
  it('waits for a live holder of the lock, then fails naming its pid; takes over once it is gone', async () => {
    const path = join(dir, 'locked.jsonl');
    writeFileSync(path, line(0));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(`${path}.lock`, `${holder.pid} token\n`);
      const error = await openJsonlEventStore(path, { lockTimeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toContain(`locked by process ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const store = await openJsonlEventStore(path, { lockTimeoutMs: 300 });
    await store.append('s', events.slice(1, 2), { expectedSeq: 1 });
    expect(existsSync(`${path}.lock`)).toBe(false);
    await store.close();
  });

  it('serializes two stores appending to one file: the second waits and then sees a conflict, not a fork', async () => {
    const path = join(dir, 'two.jsonl');
    const one = await openJsonlEventStore(path);
    const two = await openJsonlEventStore(path);
    const [a, b] = await Promise.allSettled([
      one.append('s', events.slice(0, 1), { expectedSeq: 0 }),
      two.append('s', chainEvents('s', [{ id: 'other' }]), { expectedSeq: 0 }),
    ]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect((await collect(two.readStream('s'))).length).toBe(1);
    await Promise.all([one.close(), two.close()]);
  });

  it('cuts off the complete lines of a batch whose writer died before finishing it', async () => {
    const path = join(dir, 'unfinished.jsonl');
    const batch = Buffer.concat([line(1), line(2)]);
    writeFileSync(path, Buffer.concat([line(0), batch.subarray(0, line(1).length + 10)]));
    writeFileSync(`${path}.lock`, `${deadPid()} token\nappend ${line(0).length} ${batch.length}\n`);
    const tails: TornTail[] = [];
    const store = await openJsonlEventStore(path, { onTornTail: (t) => tails.push(t) });
    expect(tails).toEqual([
      expect.objectContaining({ offset: line(0).length, length: line(1).length + 10, reason: 'unfinished append' }),
    ]);
    expect(readFileSync(path)).toEqual(line(0));
    expect((await collect(store.readAll())).length).toBe(1);
    await store.close();
    expect(readdirSync(dir).filter((f) => f.startsWith('unfinished.jsonl.quarantine-'))).toHaveLength(1);
  });

  it('does not show readers the lines of an append another writer has not finished', async () => {
    const path = join(dir, 'pending.jsonl');
    writeFileSync(path, line(0));
    const reader = await openJsonlEventStore(path);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(
        `${path}.lock`,
        `${holder.pid} token\nappend ${line(0).length} ${line(1).length + line(2).length}\n`,
      );
      writeFileSync(path, Buffer.concat([line(0), line(1)]));
      expect((await collect(reader.readAll())).map((p) => p.event.id)).toEqual(['e1']);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    await reader.close();
  });
});

describe('JSONL abandoned locks', () => {
  const linux = existsSync('/proc/self/stat');
  const ownStart = () => {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
  };

  it.runIf(linux)('takes over a lock whose pid now belongs to another process (a reused pid)', async () => {
    const path = join(dir, 'reused-pid.jsonl');
    writeFileSync(path, line(0));
    writeFileSync(`${path}.lock`, `${process.pid} token 1\nappend ${line(0).length} 99\n`);
    const store = await openJsonlEventStore(path, { lockTimeoutMs: 300 });
    await store.append('s', events.slice(1, 2), { expectedSeq: 1 });
    expect(existsSync(`${path}.lock`)).toBe(false);
    await store.close();
  });

  it.runIf(linux)('never takes a lock whose holder is alive and is the process that took it', async () => {
    const path = join(dir, 'live-holder.jsonl');
    writeFileSync(path, line(0));
    const lock = `${process.pid} token ${ownStart()}\n`;
    writeFileSync(`${path}.lock`, lock);
    const error = await openJsonlEventStore(path, { lockTimeoutMs: 200 }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`locked by process ${process.pid}`);
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(lock);
  });

  it('lets exactly one of many processes that reach a stale lock together break it; none writes over another', async () => {
    const writers = 6;
    const count = 5;
    for (let round = 1; round <= 5; round++) {
      const path = join(dir, `stampede-${round}.jsonl`);
      // the dead writer's batch: one whole line and the start of the next; whoever takes the lock must see its note
      // and cut both (a taker that missed the note would keep the whole line of a batch nobody acknowledged)
      const torn = line(2).subarray(0, 15);
      writeFileSync(path, Buffer.concat([line(0), line(1), torn]));
      writeFileSync(
        `${path}.lock`,
        `${deadPid()} token\nappend ${line(0).length} ${line(1).length + line(2).length}\n`,
      );
      const children = Array.from({ length: writers }, (_, k) =>
        spawn(process.execPath, [writerScript, path, `w${k}`, String(count)], { stdio: ['pipe', 'pipe', 'inherit'] }),
      );
      // 'close', not 'exit': a child's last output may still be in the pipe when it exits.
      const outputs = children.map(
        (child) =>
          new Promise<string>((resolve, reject) => {
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.once('close', (code) =>
              code === 0 ? resolve(out) : reject(new Error(`writer exited with ${code}`)),
            );
          }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300)); // let every writer load the store code
      for (const child of children) child.stdin.end('go\n');
      const tails = (await Promise.all(outputs)).flatMap((out) => JSON.parse(out) as string[]);
      expect(tails).toEqual(['unfinished append']);
      const store = await openJsonlEventStore(path);
      expect((await collect(store.readAll())).length).toBe(1 + writers * count);
      for (let k = 0; k < writers; k++) expect(await store.head(`w${k}`)).toMatchObject({ seq: count });
      await store.close();
      expect(
        readdirSync(dir).filter((f) => f.startsWith(`stampede-${round}.jsonl.`) && !f.includes('.quarantine-')),
      ).toEqual([]);
    }
  }, 60_000);

  it('clears a break file left by a process that died while breaking a stale lock, then takes the stale lock', async () => {
    const path = join(dir, 'stale-break.jsonl');
    writeFileSync(path, line(0));
    writeFileSync(`${path}.lock`, `${deadPid()} token\n`);
    writeFileSync(`${path}.lock.break`, `${deadPid()} token\n`);
    const store = await openJsonlEventStore(path, { lockTimeoutMs: 2000 });
    await store.append('s', events.slice(1, 2), { expectedSeq: 1 });
    await store.close();
    expect(readdirSync(dir).filter((f) => f.startsWith('stale-break.jsonl.'))).toEqual([]);
  });
});

describe('JSONL write failures', () => {
  const failing = (path: string, fault: { write: boolean; sync: boolean }) =>
    openJsonlEventStore(path, {
      onTornTail: () => {
        throw new Error('no torn tail expected');
      },
      writeBytes: (fd, bytes, at) => {
        if (fault.write) {
          writeRange(fd, bytes.subarray(0, 10), at);
          throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
        }
        writeRange(fd, bytes, at);
        if (fault.sync) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      },
    });

  it.each([
    ['a torn write', { write: true, sync: false }],
    ['a write whose lines all landed but whose sync failed', { write: false, sync: true }],
  ])(
    'cuts the file back after %s, refuses appends until reopened, and the reopened store appends',
    async (_name, failure) => {
      const path = join(dir, `eio-${++fileNo}.jsonl`);
      const fault = { write: false, sync: false };
      const store = await failing(path, fault);
      await store.append('s', events.slice(0, 1), { expectedSeq: 0 });
      const before = readFileSync(path);
      Object.assign(fault, failure);
      await expect(store.append('s', events.slice(1, 3), { expectedSeq: 1 })).rejects.toThrow(/EIO.*reopen the store/);
      expect(readFileSync(path)).toEqual(before);
      expect(existsSync(`${path}.lock`)).toBe(false);
      Object.assign(fault, { write: false, sync: false });
      await expect(store.append('s', events.slice(1, 2), { expectedSeq: 1 })).rejects.toThrow(
        /failed to write earlier/,
      );
      await store.close();
      const reopened = await failing(path, fault);
      expect(reopened.tornTails).toEqual([]);
      await reopened.append('s', events.slice(1, 2), { expectedSeq: 1 });
      expect(readFileSync(path)).toEqual(Buffer.concat([line(0), line(1)]));
      await reopened.close();
    },
  );
});

function writeRange(fd: number, bytes: Buffer, at: number): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
}
