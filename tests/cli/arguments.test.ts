import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, createMemoryEventStore, InvalidInputError, parseProposalsText } from '../../src/index.ts';
import { programmeVersions } from '../../machines/index.ts';
import { runMain, seedFile, tempDir } from '../support/cli.ts';

/** What a command line says it wants is what runs, or it is refused by name (README, "Command line"). */
const seedLines = readFileSync(seedFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const meeting = JSON.stringify({
  type: 'NetworkMeetingHeld',
  occurredAt: '2016-01-01',
  actor: { id: 'twa-guangzhou', role: 'programme_manager' },
  data: { meetingId: 'm-args', date: '2016-01-01', participantIds: ['twa-guangzhou', 'sz-gov'], topics: ['progress'] },
});

async function seeded(): Promise<string> {
  const store = join(tempDir(), 'lcz.db');
  expect((await runMain(['record', store, 'lcz-shenzhen', seedFile])).code).toBe(0);
  return store;
}

describe('extra positional arguments', () => {
  it('are a usage error (exit 1) for every command, naming what would have been ignored', async () => {
    const store = await seeded();
    const lines: string[][] = [
      ['record', store, 'lcz-shenzhen', seedFile, seedFile],
      ['state', store, 'lcz-shenzhen', 'extra'],
      ['portfolio', store, 'extra'],
      ['projections', 'update', store, 'extra'],
      ['replay', store, 'lcz-shenzhen'],
      ['verify', store, 'lcz-shenzhen'],
      ['audit', store, 'lcz-shenzhen', 'extra'],
      ['checkpoint', store, 'lcz-shenzhen'],
      ['keygen', 'k1', 'k2', '-o', join(tempDir(), 'k.json')],
      ['next', store, 'lcz-shenzhen', 'extra'],
      ['chart', 'extra', 'more'],
      ['inspect', store, 'lcz-shenzhen', 'extra'],
      ['import', store, join(tempDir(), 'copy.db'), 'extra'],
      ['export', store, 'lcz-shenzhen', 'extra'],
    ];
    for (const argv of lines) {
      const result = await runMain(argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 1 });
      expect(result.stderr).toMatch(
        /takes at most \d arguments? besides options; ".*" would be ignored\nusage: phasegate /,
      );
    }
  });
});

describe('smaller refusals', () => {
  it('keygen refuses --valid-to before --valid-from and writes nothing', async () => {
    const dir = tempDir();
    const result = await runMain([
      'keygen',
      'k1',
      '-o',
      join(dir, 'k1.json'),
      '--registry',
      join(dir, 'keys.json'),
      '--valid-from',
      '2020-01-01T00:00:00Z',
      '--valid-to',
      '2019-01-01T00:00:00Z',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--valid-to 2019-01-01T00:00:00Z is not after --valid-from 2020-01-01T00:00:00Z/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("record --workflow with another version than an existing stream's is refused, not ignored", async () => {
    const store = join(tempDir(), 'lcz.db');
    expect(
      (
        await runMain(['record', store, 'lcz', '-', '--workflow', 'programme@2'], {
          stdin: seedLines.slice(0, 3).join('\n'),
        })
      ).code,
    ).toBe(0);
    const other = await runMain(['record', store, 'lcz', '-', '--workflow', 'programme@3'], { stdin: seedLines[3]! });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /stream "lcz" is under programme@2, not programme@3: --workflow only chooses the version a new stream starts under/,
    );
    const same = await runMain(['record', store, 'lcz', '-', '--workflow', 'programme@2'], { stdin: seedLines[3]! });
    expect(same.code, same.stderr).toBe(0);
    const unknown = await runMain(['record', store, 'lcz', '-', '--workflow', 'programme@9'], { stdin: seedLines[4]! });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/programme@9 is not registered/);
  });

  it('next --to an unknown state and an unregistered --workflow are invalid input (exit 2)', async () => {
    const store = await seeded();
    expect((await runMain(['next', store, 'lcz-shenzhen', '--to', 'nowhere'])).code).toBe(2);
    expect((await runMain(['chart', '--workflow', 'programme@9'])).code).toBe(2);
    expect(
      (await runMain(['record', join(tempDir(), 'n.db'), 's', '-', '--workflow', 'grant@1'], { stdin: seedLines[0]! }))
        .code,
    ).toBe(2);
  });

  it('--expect-seq beyond the head says so, not that another writer appended first', async () => {
    const store = await seeded();
    const head = seedLines.length;
    const result = await runMain(['record', store, 'lcz-shenzhen', '-', '--expect-seq', String(head + 1)], {
      stdin: meeting,
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(new RegExp(`is at seq ${head}: the expected seq ${head + 1} is beyond its head`));
    expect(result.stderr).toContain('(engine.state(stream) gives it). (phasegate state shows the seq)');
    expect(result.stderr).not.toMatch(/another writer/);
  });

  it('record into memory: is refused (it would keep nothing)', async () => {
    const result = await runMain(['record', 'memory:', 's', seedFile]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/memory: keeps nothing once the command ends/);
  });

  it('a refused or invalid record into a new path leaves no store file', async () => {
    const dir = tempDir();
    for (const file of ['new.db', 'new.jsonl']) {
      const refused = await runMain(['record', join(dir, file), 's', '-'], { stdin: seedLines[1]! });
      expect(refused.code).toBe(3);
      const invalid = await runMain(['record', join(dir, file), 's', '-'], { stdin: '{"type":"ProgrammeRegistered"}' });
      expect(invalid.code).toBe(2);
    }
    expect(readdirSync(dir)).toEqual([]);
    expect((await runMain(['record', join(dir, 'new.db'), 's', '-'], { stdin: seedLines[0]! })).code).toBe(0);
    expect(existsSync(join(dir, 'new.db'))).toBe(true);
  });

  it('stateAt refuses a key it does not know, by name', async () => {
    const engine = createEngine({ workflows: [...programmeVersions], store: createMemoryEventStore() });
    await engine.recordBatch('s', parseProposalsText(seedLines.slice(0, 2).join('\n')) as never[]);
    const wrong = engine.stateAt('s', { atSeq: 1 } as never);
    await expect(wrong).rejects.toBeInstanceOf(InvalidInputError);
    await expect(engine.stateAt('s', { atSeq: 1 } as never)).rejects.toThrow(
      /"atSeq" is not one of them \(the CLI's --at-seq N is \{ seq: N \}\)/,
    );
    expect((await engine.stateAt('s', { seq: 1 })).seq).toBe(1);
  });
});
