// verify and replay spread over worker threads (README, "Command line", --jobs): the same output, verdicts and exit
// codes as one thread, from the built CLI (the workers are files of dist/), for a JSONL log, SQLite and PostgreSQL.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEngine,
  createMemoryEventStore,
  parseProposalsText,
  type Engine,
  type Proposal,
  type RecordedEvent,
} from '../../src/index.ts';
import { programmeVersions } from '../../machines/index.ts';
import { runCli, runMain, seedFile } from '../support/cli.ts';
import { sealChain, toJsonl } from '../support/logs.ts';
import { dropSchemas, pgUrl, tempDir, uniqueSchema } from '../store/storeFixtures.ts';
import { builtReplay, builtVerify } from './jobsBuilt.ts';

const { dir, remove } = tempDir('cli-jobs');
const schema = uniqueSchema('jobs');
const log = join(dir, 'many.jsonl');
const db = join(dir, 'many.db');
const pg = `${pgUrl}?schema=${schema}`;
const streams = ['lcz-a', 'lcz-b', 'lcz-c', 'lcz-d', 'lcz-e'];
const zz = [{ stream: 'zz-unchecked' }, { stream: 'zz-unchecked' }];

/** The events of `streams`, each the seed's opening of its own length, interleaved as concurrent writers leave them. */
async function manyStreams(): Promise<RecordedEvent[]> {
  const store = createMemoryEventStore();
  const clock = () => new Date('2013-01-01T00:00:00Z');
  // Untyped: the seed's proposals are parsed text.
  const engine: Engine = createEngine({ workflows: [...programmeVersions], store, clock });
  const per: RecordedEvent[][] = [];
  for (const [i, stream] of streams.entries()) {
    // The seed's ids (and the ids its facts cite) made the stream's own: an id is unique in a store.
    const text = readFileSync(seedFile, 'utf8').replace(/"lcz-(\d\d)-/g, `"${stream}-$1-`);
    const proposals = (parseProposalsText(text) as Proposal[]).slice(0, 12 + 7 * i);
    await engine.recordBatch(stream, proposals, { workflow: 'programme@1' });
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(stream)) events.push(event);
    per.push(events);
  }
  const events: RecordedEvent[] = [];
  for (let i = 0; per.some((p) => i < p.length); i++) for (const p of per) if (i < p.length) events.push(p[i]!);
  // A stream no faithful engine wrote (meetings before any registration): replay's findings, exit 4.
  return [...events, ...sealChain(zz)];
}

beforeAll(async () => {
  writeFileSync(log, toJsonl(await manyStreams()));
  for (const store of [db, pg]) expect((await runCli(['import', log, store])).code).toBe(0);
}, 120_000);
afterAll(async () => {
  remove();
  await dropSchemas([schema]);
});

/** Runs `argv` with --jobs 1, 2 and 4; expects the same exit code, stdout and stderr; returns the one-thread run. */
async function sameForEveryJobs(argv: readonly string[]) {
  const one = await runCli([...argv, '--jobs', '1']);
  for (const jobs of ['2', '4'])
    expect({ jobs, ...(await runCli([...argv, '--jobs', jobs])) }).toEqual({ jobs, ...one });
  return one;
}

const logs = [
  ['a JSONL log', log],
  ['a SQLite store', db],
  ['a PostgreSQL store', pg],
] as const;

describe.each(logs)('over %s, --jobs 2 and 4 give what --jobs 1 gives', (_name, where) => {
  it.each([
    ['verify', [] as string[]],
    ['verify', ['--json']],
    ['replay', ['--roles', 'newest']],
    ['replay', ['--json']],
  ])(
    '%s %j',
    async (command, flags) => {
      const one = await sameForEveryJobs([command, where, ...flags]);
      for (const stream of [...streams, 'zz-unchecked']) expect(one.stdout).toContain(stream);
      expect(one.code).toBe(command === 'verify' ? 0 : 4);
    },
    120_000,
  );

  it('and the workers did the walk: the spread verify report and replay output are the one-thread ones', async () => {
    const verify = await builtVerify(where, 3);
    expect(verify.spread).not.toBeNull();
    expect(verify.spread).toEqual(verify.here);
    expect(await builtReplay(where, 3)).toBe((await runCli(['replay', where, '--jobs', '1'])).stdout);
  }, 120_000);
});

describe('a damaged stream is reported at the same place', () => {
  it('in a JSONL log (a doubt in a worker: verified on one thread)', async () => {
    const damaged = join(dir, 'damaged.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.includes('"stream":"lcz-c"') && line.includes('"seq":5,'));
    lines[at] = lines[at]!.replace('"seq":5,', '"seq":5 ,');
    writeFileSync(damaged, lines.join('\n'));
    const one = await sameForEveryJobs(['verify', damaged]);
    expect(one.code).toBe(4);
    expect(one.stdout).toMatch(new RegExp(`FAIL  lcz-c  \\w+ at seq 5 \\(line ${at + 1}\\)`));
    expect(await sameForEveryJobs(['replay', damaged])).toMatchObject({ code: 4 });
    expect((await builtVerify(damaged, 2)).spread).toBeNull();
  }, 120_000);

  it('in a SQLite store (an altered event, a row that is not JSON), found by a worker', async () => {
    const damaged = join(dir, 'damaged.db');
    copyFileSync(db, damaged);
    const sqlite = new Database(damaged);
    sqlite
      .prepare(
        `UPDATE events SET body = replace(body, '"seq":5,', '"seq":5,"x":1,') WHERE stream = 'lcz-c' AND seq = 5`,
      )
      .run();
    sqlite.prepare(`UPDATE events SET body = 'not json' WHERE stream = 'lcz-e' AND seq = 9`).run();
    sqlite.close();
    const one = await sameForEveryJobs(['verify', damaged]);
    expect(one.code).toBe(4);
    expect(one.stdout).toMatch(/FAIL {2}lcz-c {2}\w+ at seq 5/);
    expect(one.stdout).toMatch(/FAIL {2}lcz-e {2}unreadable at seq 9/);
    const verify = await builtVerify(damaged, 2);
    expect(verify.spread).not.toBeNull();
    expect(verify.spread).toEqual(verify.here);
    const replay = await sameForEveryJobs(['replay', damaged]);
    expect(replay.code).not.toBe(0);
  }, 120_000);

  it('in a SQLite store (a row whose hash column disagrees with its body), found by a worker', async () => {
    const damaged = join(dir, 'column.db');
    copyFileSync(db, damaged);
    const sqlite = new Database(damaged);
    sqlite.prepare(`UPDATE events SET hash = '${'e'.repeat(64)}' WHERE stream = 'lcz-d' AND seq = 7`).run();
    sqlite.close();
    const one = await sameForEveryJobs(['verify', damaged]);
    expect(one.code).toBe(4);
    expect(one.stdout).toMatch(/FAIL {2}lcz-d {2}altered at seq 7: its row's hash column holds "eeeeeeeeeeee…"/);
    const verify = await builtVerify(damaged, 2);
    expect(verify.spread).not.toBeNull();
    expect(verify.spread).toEqual(verify.here);
  }, 120_000);

  it('in a SQLite store checked against keys (its events unsigned by an actor who held one), found by a worker', async () => {
    const keys = join(dir, 'keys.json');
    const key = join(dir, 'nl-agency.key.json');
    const keygen = ['keygen', 'nla-1', '--actor', 'nl-agency', '--valid-from', '2000-01-01T00:00:00Z'];
    expect((await runCli([...keygen, '-o', key, '--registry', keys])).code).toBe(0);
    const one = await sameForEveryJobs(['verify', db, '--keys', keys]);
    expect(one.code).toBe(4);
    expect(one.stdout).toMatch(/FAIL {2}lcz-c {2}unsigned at seq 1/);
  }, 120_000);
});

describe('against a checkpoint', () => {
  it('each stream is checked against its own entry, wherever it is verified: truncated, rewritten, missing', async () => {
    const file = join(dir, 'checkpoint.json');
    expect((await runCli(['checkpoint', db, '-o', file])).code).toBe(0);
    const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as { streams: { stream: string; seq: number }[] };
    const [b, d] = [1, 3].map((i) => checkpoint.streams.find((e) => e.stream === streams[i])!);
    b!.seq += 2; // past the stream's end: truncated
    Object.assign(d!, { head: '0'.repeat(64) }); // another history: rewritten
    checkpoint.streams.push({ ...checkpoint.streams[0]!, stream: 'lcz-gone' }); // in no store
    writeFileSync(file, JSON.stringify(checkpoint));
    for (const where of [db, pg]) {
      const one = await sameForEveryJobs(['verify', where, '--checkpoint', file]);
      expect(one.code).toBe(4);
      expect(one.stdout).toMatch(/FAIL {2}lcz-b {2}truncated/);
      expect(one.stdout).toMatch(/FAIL {2}lcz-d {2}rewritten/);
      expect(one.stdout).toMatch(/FAIL {2}lcz-gone {2}truncated/);
      expect(one.stdout).toMatch(/ok {4}lcz-c /);
    }
  }, 120_000);
});

describe('an error in a worker is the one-thread error', () => {
  it('a stream under a workflow no module defines: exit 2, the same message', async () => {
    const unknown = join(dir, 'unknown.jsonl');
    // The third of a chain whose first two are zz-unchecked's: an id of its own.
    const foreign = sealChain([...zz, { stream: 'lcz-b2', workflow: 'nosuch@1' }]).slice(zz.length);
    writeFileSync(unknown, readFileSync(log, 'utf8') + toJsonl(foreign));
    const store = join(dir, 'unknown.db');
    expect((await runCli(['import', unknown, store])).code).toBe(0);
    for (const where of [unknown, store]) {
      const one = await sameForEveryJobs(['replay', where]);
      expect(one.code).toBe(2);
      expect(one.stderr).toMatch(/workflow nosuch@1 is not registered/);
    }
  }, 120_000);

  it('a store that is not there: exit and message as with one thread', async () => {
    const one = await sameForEveryJobs(['verify', join(dir, 'missing.db')]);
    expect(one.code).not.toBe(0);
    expect(one.stderr).toMatch(/missing\.db/);
  }, 60_000);
});

describe('--jobs', () => {
  it.each(['0', '-1', 'abc', '1.5', ''])('"%s" is exit 2, saying what --jobs takes', async (value) => {
    for (const command of ['verify', 'replay']) {
      // `--jobs=-1` and `--jobs -1` alike (a value after a space that starts with a dash is not an option).
      for (const argv of [[`--jobs=${value}`], ...(value.startsWith('-') ? [['--jobs', value]] : [])]) {
        const result = await runMain([command, db, ...argv]);
        expect({ argv, command, code: result.code }).toEqual({ argv, command, code: 2 });
        expect(result.stderr).toMatch(
          new RegExp(`--jobs needs a whole number of worker threads from 1 up .*got "${value}"`),
        );
        expect(result.stdout).toBe('');
      }
    }
  });
});
