import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, seedFile, tempDir } from '../support/cli.ts';

const meeting = (date: string, participant = 'sz-gov', occurredAt = date) =>
  JSON.stringify({
    type: 'NetworkMeetingHeld',
    occurredAt,
    actor: { id: 'twa-guangzhou', role: 'programme_manager' },
    data: {
      meetingId: `m-${date}-${participant}`,
      date,
      participantIds: ['twa-guangzhou', participant],
      topics: ['progress'],
    },
  });

/** The seed's proposals, counted from the file (it grows: no seq of it is written down here). */
const seedLines = readFileSync(seedFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const seedLength = seedLines.length;
const seqOf = (id: string) => seedLines.findIndex((line) => (JSON.parse(line) as { id: string }).id === id) + 1;

async function seeded(): Promise<string> {
  const store = join(tempDir(), 'lcz.db');
  const recorded = await runCli(['record', store, 'lcz-shenzhen', seedFile]);
  expect(recorded.code, recorded.stderr).toBe(0);
  return store;
}

describe('phasegate record and state (the main job)', () => {
  it('records the seed timeline into SQLite and prints the programme in implementation', async () => {
    const store = join(tempDir(), 'lcz.db');
    const recorded = await runCli(['record', store, 'lcz-shenzhen', seedFile]);
    expect(recorded.code).toBe(0);
    const lines = recorded.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; hash: string });
    expect(lines).toHaveLength(seedLength);
    expect(lines.map((e) => e.seq)).toEqual(Array.from({ length: seedLength }, (_, i) => i + 1));
    const state = await runCli(['state', store, 'lcz-shenzhen']);
    expect(state.code).toBe(0);
    expect(state.stdout).toMatch(/^state\s+implementation\.active$/m);
    const json = JSON.parse((await runCli(['state', store, 'lcz-shenzhen', '--json'])).stdout) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({
      stream: 'lcz-shenzhen',
      seq: seedLength,
      workflow: 'programme@3',
      state: 'implementation.active',
      value: { running: { implementation: 'active' } },
    });
    expect(json.context).toBeTypeOf('object');
  });

  it('travels in time with --at-seq and --as-of', async () => {
    const store = await seeded();
    const atSeq = JSON.parse(
      (await runCli(['state', store, 'lcz-shenzhen', '--at-seq', String(seqOf('lcz-09-g1-review')), '--json'])).stdout,
    ) as { state: string };
    expect(atSeq.state).toBe('feasibility.gate');
    const asOf = JSON.parse(
      (await runCli(['state', store, 'lcz-shenzhen', '--as-of', '2012-01-01', '--json'])).stdout,
    ) as { state: string; seq: number };
    expect(asOf).toMatchObject({ state: 'development.active', seq: seqOf('lcz-12-g1-decision') });
  });
});

describe('phasegate exit codes', () => {
  it('exits 2 for invalid input and names the field', async () => {
    const store = await seeded();
    const bad = meeting('2012-13-01', 'sz-gov', '2012-10-01');
    const result = await runCli(['record', store, 'lcz-shenzhen'], bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('NetworkMeetingHeld: data.date: expected a real calendar date as YYYY-MM-DD');
  });

  it('exits 3 for a refusal, tells why, and stores nothing', async () => {
    const store = await seeded();
    const result = await runCli(['record', store, 'lcz-shenzhen', '--json'], meeting('2012-10-10'));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('NetworkMeetingHeld is not allowed in implementation.active');
    expect(JSON.parse(result.stdout)).toMatchObject({
      error: {
        code: 'REFUSED',
        refusal: { kind: 'not_allowed', state: 'implementation.active', event: 'NetworkMeetingHeld' },
      },
    });
    expect(JSON.parse((await runCli(['state', store, 'lcz-shenzhen', '--json'])).stdout)).toMatchObject({
      seq: seedLength,
    });
  });

  it('exits 5 for a stale --expect-seq and stores nothing', async () => {
    const store = await seeded();
    const doc = JSON.stringify({
      type: 'DocumentLinked',
      occurredAt: '2012-10-10',
      actor: { id: 'twa-guangzhou', role: 'programme_manager' },
      data: {
        docId: 'd1',
        title: 'Minutes',
        category: 'A07',
        url: 'https://example.org/d1',
        date: '2012-10-10',
        language: 'en',
      },
    });
    const result = await runCli(['record', store, 'lcz-shenzhen', '--expect-seq', String(seedLength - 1)], doc);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`Stream "lcz-shenzhen" is at seq ${seedLength}, not ${seedLength - 1}`);
    expect((await runCli(['record', store, 'lcz-shenzhen', '--expect-seq', String(seedLength)], doc)).code).toBe(0);
  });

  it('exits 1 for usage errors and for a store that does not exist', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(1);
    expect((await runCli(['record'])).stderr).toContain('missing <store>');
    const missing = await runCli(['state', join(tempDir(), 'typo.db'), 'x']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no store at');
    // The library names its API; the CLI adds its own command.
    expect(missing.stderr).toContain('openStore(url, { create: true })');
    expect(missing.stderr).toContain('(phasegate record creates a store)');
  });

  it('exits 4 when replay finds the stream broken, naming the seq', async () => {
    const store = await seeded();
    expect((await runCli(['replay', store])).stdout).toMatch(
      new RegExp(`^ok\\s+lcz-shenzhen\\s+seq ${seedLength}`, 'm'),
    );
    const db = new Database(store);
    db.prepare('DELETE FROM events WHERE stream = ? AND seq = 20').run('lcz-shenzhen');
    db.close();
    const broken = await runCli(['replay', store]);
    expect(broken.code).toBe(4);
    expect(broken.stdout).toContain('seq 21 follows seq 19; seq 20 was expected');
  });
});

describe('phasegate record from several processes at once', () => {
  it('stores every proposal exactly once, gapless, when writers race without --expect-seq', async () => {
    const dir = tempDir();
    const store = join(dir, 'race.db');
    // The registration, the participants and the roles granted with them (TWA Guangzhou records as programme manager).
    const setUp = seedLines.filter((line) => /"id":"lcz-0[12]-/.test(line));
    const registration = setUp.join('\n');
    expect((await runCli(['record', store, 'p', '-'], registration)).code).toBe(0);
    const writers = ['sz-gov', 'sz-drc', 'longgang', 'eli'];
    const results = await Promise.all(
      writers.map(async (participant) => {
        const codes: number[] = [];
        for (let day = 10; day < 16; day++)
          codes.push((await runCli(['record', store, 'p'], meeting(`2011-07-${day}`, participant))).code);
        return codes;
      }),
    );
    expect(results.flat().every((code) => code === 0)).toBe(true);
    const replay = await runCli(['replay', store, '--json']);
    expect(JSON.parse(replay.stdout)).toMatchObject({ ok: true, seq: setUp.length + writers.length * 6 });
  }, 300_000); // 25 CLI processes: a few seconds alone, close to a minute seen on a busy 2-core machine
});

describe('examples/embed.ts', () => {
  it('runs as a consumer of the built package would run it', async () => {
    const { execFile } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const example = fileURLToPath(new URL('../../examples/embed.ts', import.meta.url));
    const output = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', example], (error, stdout) =>
        error ? reject(new Error(error.message, { cause: error })) : resolve(stdout),
      ),
    );
    expect(output).toContain('feasibility.active');
    expect(output).toContain(
      'nl-agency (gatekeeper) may not record ProgrammeClosed: nl-agency does not hold gatekeeper (it holds programme_manager)',
    );
  });
});
