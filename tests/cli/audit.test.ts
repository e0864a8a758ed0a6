import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/cli.ts';
import { implementationToClosure, seedProposals, seedSeqOf } from '../support/lifecycle.ts';

const seedLength = seedProposals().length;
import { temporaryDirectory } from '../support/logs.ts';

const dir = temporaryDirectory();
afterAll(() => dir.dispose());
const golden = new URL('../golden/lcz-v1-closed.jsonl', import.meta.url).pathname;

const run = runMain;

const lines = (text: string) => text.split('\n').filter(Boolean);
const ndjson = (proposals: readonly unknown[]) => proposals.map((p) => JSON.stringify(p)).join('\n');

describe('phasegate verify', () => {
  it('says a clean log is intact, exit 0, and draws no progress bar when stderr is not a terminal', async () => {
    const result = await run(['verify', golden]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^ok {4}lcz-v1-closed {2}47 events {2}head [0-9a-f]{12}…\nverified 47 events in 1 stream: intact\n$/,
    );
  });

  it('draws a progress bar on a terminal, and clears it', async () => {
    const result = await run(['verify', golden], { tty: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^\rverify [█░]{30} +\d+% {2}[\d,]+ events/);
    expect(result.stderr.endsWith('\r\u001b[K')).toBe(true);
  });

  it('names the first bad seq and exits 4', async () => {
    const text = readFileSync(golden, 'utf8').split('\n');
    text.splice(19, 1);
    const result = await run(['verify', dir.file('deleted.jsonl', text.join('\n'))]);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain(
      'FAIL  lcz-v1-closed  missing at seq 20 (line 20): the event is missing: seq 21 comes right after seq 19',
    );
    expect(JSON.parse((await run(['verify', dir.file('deleted.jsonl'), '--json'])).stdout).problems).toMatchObject([
      { seq: 20, kind: 'missing' },
    ]);
  });

  it('refuses --require-signatures without a key registry', async () => {
    expect(await run(['verify', golden, '--require-signatures'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/needs --keys FILE/),
    });
  });
});

describe('keys, signed records, checkpoints and the dossier through the CLI', () => {
  const db = dir.file('lcz.db');
  const keys = dir.file('keys.json');
  const key = (name: string) => dir.file(`${name}.key.json`);
  const checkpoint = dir.file('checkpoint.json');

  it('makes keys, records signed events with refusals on record, and verifies them all signed', async () => {
    for (const [id, actor] of [
      ['nla', 'nl-agency'],
      ['twa', 'twa-guangzhou'],
      ['eli', 'eli'],
    ] as const) {
      expect(
        (
          await run([
            'keygen',
            id,
            '--actor',
            actor,
            '--valid-from',
            '2000-01-01T00:00:00Z',
            '-o',
            key(id),
            '--registry',
            keys,
          ])
        ).code,
      ).toBe(0);
    }
    expect(
      (
        await run([
          'keygen',
          'witness',
          '--valid-from',
          '2000-01-01T00:00:00Z',
          '-o',
          key('witness'),
          '--registry',
          keys,
        ])
      ).code,
    ).toBe(0);
    expect(await run(['keygen', 'nla', '-o', key('again'), '--registry', keys])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/already has a key nla/),
    });
    const signing = ['--sign', key('nla'), '--sign', key('twa'), '--sign', key('eli'), '--record-refusals'];
    const recorded = await run(['record', db, 'lcz', '-', ...signing], { stdin: ndjson(seedProposals()) });
    expect(recorded.code).toBe(0);
    expect(lines(recorded.stdout)).toHaveLength(seedLength);
    const refused = await run(['record', db, 'lcz', '-', ...signing], {
      stdin: JSON.stringify({ ...seedProposals()[1], id: 'x-1', actor: { id: 'nl-agency', role: 'auditor' } }),
    });
    expect(refused.code).toBe(3);
    const verified = await run(['verify', db, '--keys', keys, '--require-signatures']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`ok    lcz  ${seedLength} events`);
    expect(verified.stdout).toMatch(/ok {4}lcz\.refusals {2}1 event .* signatures 1\/1 valid/);
  });

  it('refuses a witness key among the --sign keys of record', async () => {
    const result = await run(
      ['record', dir.file('witness-signed.db'), 'lcz', '-', '--sign', key('nla'), '--sign', key('witness')],
      { stdin: ndjson(seedProposals().slice(0, 1)) },
    );
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        "phasegate: witness is a witness key (no actorId): it signs checkpoints only; sign events with an actor's key " +
        '(generateSigningKey({ keyId, actorId })) (phasegate keygen ID --actor ACTOR -o FILE --registry FILE makes one)\n',
    });
  });

  it('refuses an actor key for a checkpoint before it reads the log', async () => {
    const damaged = dir.file(
      'damaged-for-checkpoint.jsonl',
      readFileSync(golden, 'utf8').replace('"role":"gatekeeper"', '"role":"programme_manager"'),
    );
    const result = await run(['checkpoint', damaged, '--key', key('nla'), '-o', dir.file('never.json')]);
    expect(result).toMatchObject({
      code: 1,
      stderr:
        "phasegate: key nla is nl-agency's key for signing events; a checkpoint is signed with a witness key, one without " +
        'an actorId (generateSigningKey({ keyId })) (phasegate keygen ID -o FILE, without --actor, makes one)\n',
    });
  });

  it('writes a signed checkpoint, verifies against it, and catches a truncated tail with it', async () => {
    const made = await run(['checkpoint', db, '--key', key('witness'), '-o', checkpoint]);
    expect(made).toMatchObject({
      code: 0,
      stderr: expect.stringMatching(/checkpoint of 2 streams written to .*, signed by witness/),
    });
    const ok = await run(['verify', db, '--checkpoint', checkpoint, '--keys', keys]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/checkpoint of .* \(2 streams\): signature valid \(witness\)/);
    // A log that grew past its checkpoint still matches it.
    expect(
      (
        await run(['record', db, 'lcz', '-', '--expect-seq', String(seedLength)], {
          stdin: ndjson(implementationToClosure(4).slice(0, 1)),
        })
      ).code,
    ).toBe(0);
    expect((await run(['verify', db, '--checkpoint', checkpoint])).code).toBe(0);
    const { default: Database } = await import('better-sqlite3');
    const database = new Database(db);
    database.prepare('DELETE FROM events WHERE stream = ? AND seq >= ?').run('lcz', seedLength);
    database.close();
    const cut = await run(['verify', db, '--checkpoint', checkpoint]);
    expect(cut.code).toBe(4);
    expect(cut.stdout).toContain(`FAIL  lcz  truncated at seq ${seedLength}: the log ends at seq ${seedLength - 1}`);
  });

  it('writes the dossier as one HTML file and exits 4 for a history that is not intact', async () => {
    const html = dir.file('dossier.html');
    const result = await run([
      'audit',
      db,
      'lcz',
      '--format',
      'html',
      '-o',
      html,
      '--keys',
      keys,
      '--checkpoint',
      checkpoint,
    ]);
    expect(result.code).toBe(4);
    const text = readFileSync(html, 'utf8');
    expect(text).toMatch(/^<!DOCTYPE html>/);
    expect(text).toContain('Verdict: the history of &#34;lcz&#34; is NOT intact');
    expect(text).not.toMatch(/<script|<link|src=/);
  });

  it('refuses an unknown format and a stream that is not there', async () => {
    expect(await run(['audit', db, 'lcz', '--format', 'pdf'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/md, html, json or csv/),
    });
    expect(await run(['audit', golden, 'nope'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/stream "nope" is not in .*: it holds "lcz-v1-closed"/),
    });
  });
});

describe('phasegate replay and audit on a JSONL file', () => {
  it('replays a golden log as an audit, and reports each forged event with exit 4', async () => {
    expect(await run(['replay', golden])).toMatchObject({
      code: 0,
      stdout: 'ok    lcz-v1-closed  seq 47  programme@1  closed\n',
    });
    const forged = readFileSync(golden, 'utf8').replace('"role":"gatekeeper"', '"role":"programme_manager"');
    const result = await run(['replay', dir.file('forged.jsonl', forged)]);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(
      /FAIL {2}lcz-v1-closed .*\n {6}seq 26 GateDecisionRecorded \(lcz-12-g1-decision\): chain: its content does not match its hash\n {6}seq 26 GateDecisionRecorded \(lcz-12-g1-decision\): unauthorized: eli \(programme_manager\)/,
    );
  });

  it('writes the dossier of a JSONL file in Markdown and JSON', async () => {
    const md = await run(['audit', golden, 'lcz-v1-closed']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Dossier: Cooperation on a Sino-Dutch Low-carbon zone Shenzhen\n/);
    expect(md.stdout).toContain(
      '- Verdict: the history of "lcz-v1-closed" is intact: the hash chain and the replay hold.',
    );
    const json = JSON.parse((await run(['audit', golden, 'lcz-v1-closed', '--format', 'json'])).stdout);
    expect(json).toMatchObject({
      format: 'phasegate-dossier/1',
      stream: 'lcz-v1-closed',
      state: { seq: 47, workflow: 'programme@1', state: 'closed' },
    });
    const suspension = json.sections
      .find((s: { title: string }) => s.title.startsWith('Timeline'))
      .rows.find((r: unknown[]) => r[2] === 'ProgrammeSuspended');
    expect(suspension[3]).toMatch(/^Programme suspended \(unclassified\)/);
  });
});

describe('phasegate state: time travel on the command line', () => {
  it('prints the state after event N, as of a date and as known at a time', async () => {
    const db = dir.file('travel.db');
    writeFileSync(dir.file('seed.jsonl'), ndjson(seedProposals()));
    expect((await run(['record', db, 'lcz', dir.file('seed.jsonl')])).code).toBe(0);
    const at = async (...flags: string[]) =>
      JSON.parse((await run(['state', db, 'lcz', '--json', ...flags])).stdout) as { seq: number; state: string };
    const review = seedSeqOf('lcz-09-g1-review');
    expect(await at('--at-seq', String(review))).toMatchObject({ seq: review, state: 'feasibility.gate' });
    expect(await at('--as-of', '2011-12-31')).toMatchObject({
      seq: seedSeqOf('lcz-12-g1-decision'),
      state: 'development.active',
    });
    expect((await at('--known-at', '2000-01-01T00:00:00Z')).seq).toBe(0);
    expect(await run(['state', db, 'lcz', '--as-of', '2011-02-30'])).toMatchObject({ code: 2 });
  });
});

describe('phasegate verify --stream', () => {
  it('verifies one stream, and refuses a stream the log does not hold', async () => {
    expect((await run(['verify', golden, '--stream', 'lcz-v1-closed'])).code).toBe(0);
    expect(await run(['verify', golden, '--stream', 'nope'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/stream "nope" is not in .*: it holds "lcz-v1-closed"/),
    });
  });
});
