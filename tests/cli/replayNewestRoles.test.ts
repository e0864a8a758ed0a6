import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, seedFile, tempDir } from '../support/cli.ts';

/**
 * Issue 9 §1: `phasegate replay --roles newest` judges an old stream under the newest role rules and lists, seq by
 * seq, each event whose actor (or a decider it names) would not hold its role there; the default stays each
 * event's own version. The three forged facts are those the issue recorded on the seed under programme@2.
 */
const on = '2012-10-10';
const act = (id: string, role: string) => ({ id, role });
const forged = [
  {
    type: 'ProgrammeCancelled',
    occurredAt: on,
    actor: act('sz-epb', 'gatekeeper'),
    data: { reason: 'x', decidedBy: ['sz-epb'] },
  },
  {
    type: 'ProgrammeSuspended',
    occurredAt: on,
    actor: act('tu-delft', 'gatekeeper'),
    data: {
      reason: 'Municipal reorganisation',
      category: 'political',
      decidedBy: ['sz-uplrc'],
      reviewDate: '2013-01-15',
    },
  },
  {
    type: 'FinancialTransactionRecorded',
    occurredAt: on,
    actor: act('sz-itic', 'finance_officer'),
    data: {
      txId: 'tx-forged',
      iatiType: 2,
      date: on,
      value: { amount: 150000, currency: 'EUR' },
      providerOrgId: 'nl-agency',
      receiverOrgId: 'sz-itic',
    },
  },
];
const seedLength = readFileSync(seedFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '').length;

type Finding = { seq: number; type: string; reason: string };
type Audit = {
  ok: boolean;
  workflow: string;
  findings: Finding[];
  underNewest?: { workflow: string; findings: Finding[] };
};

async function record(store: string, stream: string, input: string, ...options: string[]) {
  return runMain(['record', store, stream, '-', ...options], { stdin: input });
}

/** A programme@2 log of the seed, then the three forged facts (suspension resumed so the cancellation can follow). */
async function forgedLog(): Promise<{ store: string; forgedSeqs: number[] }> {
  const store = join(tempDir(), 'v2.jsonl');
  expect((await record(store, 'lcz', readFileSync(seedFile, 'utf8'), '--workflow', 'programme@2')).code).toBe(0);
  const forgedSeqs: number[] = [];
  const resume = {
    type: 'ProgrammeResumed',
    occurredAt: on,
    actor: act('eli', 'gatekeeper'),
    data: { decidedBy: ['eli', 'sz-gov'] },
  };
  for (const proposal of [forged[1], resume, forged[2], forged[0]]) {
    const result = await record(store, 'lcz', JSON.stringify(proposal));
    expect(result.code, result.stderr).toBe(0);
    const { seq } = JSON.parse(result.stdout) as { seq: number };
    if (proposal !== resume) forgedSeqs.push(seq);
  }
  return { store, forgedSeqs: forgedSeqs.sort((a, b) => a - b) };
}

describe('phasegate replay --roles newest', () => {
  it('finds the seed clean under the newest role rules', async () => {
    const store = join(tempDir(), 'lcz.db');
    expect((await runMain(['record', store, 'lcz-shenzhen', seedFile])).code).toBe(0);
    const result = await runMain(['replay', store, '--roles', 'newest', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const audit = JSON.parse(result.stdout) as Audit;
    expect(audit).toMatchObject({
      ok: true,
      workflow: 'programme@3',
      underNewest: { workflow: 'programme@3', findings: [] },
    });
    // The seed granted its roles under programme@2 as well: judged under programme@3, every actor holds its role.
    const v2 = join(tempDir(), 'v2.db');
    expect((await runMain(['record', v2, 'lcz', seedFile, '--workflow', 'programme@2'])).code).toBe(0);
    const old = await runMain(['replay', v2, '--roles', 'newest']);
    expect(old.code, old.stderr).toBe(0);
    expect(old.stdout).toMatch(new RegExp(`^ok\\s+lcz\\s+seq ${seedLength}\\s+programme@2`, 'm'));
    expect(old.stdout).toContain('under the role rules of programme@3: every actor and decider holds its role');
  });

  it('names exactly the seqs of the three forged facts of a programme@2 log, and why, exit 3', async () => {
    const { store, forgedSeqs } = await forgedLog();
    // Under its own version the log is faithful: the claimed role was trusted then.
    const own = await runMain(['replay', store]);
    expect(own.code, own.stdout).toBe(0);
    expect(own.stdout).not.toContain('role rules');

    const json = await runMain(['replay', store, '--roles', 'newest', '--json']);
    expect(json.code).toBe(3);
    const audit = JSON.parse(json.stdout) as Audit;
    expect(audit.ok).toBe(true);
    expect(audit.underNewest!.workflow).toBe('programme@3');
    expect([...new Set(audit.underNewest!.findings.map((f) => f.seq))]).toEqual(forgedSeqs);

    const text = await runMain(['replay', store, '--roles', 'newest']);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('under the role rules of programme@3: 3 events would be refused');
    const [suspended, committed, cancelled] = forgedSeqs;
    expect(text.stdout).toMatch(
      new RegExp(
        `seq ${suspended} ProgrammeSuspended .*tu-delft \\(gatekeeper\\): tu-delft does not hold gatekeeper \\(it holds no role\\)`,
      ),
    );
    // The decider it named without the role is named too, in the same finding.
    expect(text.stdout).toMatch(
      new RegExp(`seq ${suspended} ProgrammeSuspended .*; sz-uplrc, in decidedBy, does not hold gatekeeper`),
    );
    expect(text.stdout).toMatch(
      new RegExp(`seq ${committed} FinancialTransactionRecorded .*sz-itic does not hold finance_officer`),
    );
    expect(text.stdout).toMatch(new RegExp(`seq ${cancelled} ProgrammeCancelled .*sz-epb does not hold gatekeeper`));
    expect(text.stderr).toContain(
      'phasegate: 3 events in 1 of 1 stream would be refused under the role rules of programme@3',
    );
  });

  it('names a decider who lacks the role even when the recording actor holds its own', async () => {
    const store = join(tempDir(), 'v2.jsonl');
    expect((await record(store, 'lcz', readFileSync(seedFile, 'utf8'), '--workflow', 'programme@2')).code).toBe(0);
    const suspension = {
      ...forged[1],
      actor: act('eli', 'gatekeeper'),
      data: { ...forged[1]!.data, decidedBy: ['eli', 'sz-uplrc'] },
    };
    const { seq } = JSON.parse((await record(store, 'lcz', JSON.stringify(suspension))).stdout) as { seq: number };
    const result = await runMain(['replay', store, '--roles', 'newest']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(
      new RegExp(`seq ${seq} ProgrammeSuspended .*sz-uplrc, in decidedBy, does not hold gatekeeper`),
    );
  });

  it('refuses an unknown --roles value as a usage error', async () => {
    const result = await runMain(['replay', join(tempDir(), 'x.jsonl'), '--roles', 'latest']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--roles is own');
  });
});

describe('recording a forged fact under programme@3', () => {
  it.each([
    [
      forged[0]!,
      'sz-epb (gatekeeper) may not record ProgrammeCancelled: sz-epb does not hold gatekeeper (it holds no role); record RoleGranted (orgId sz-epb, role gatekeeper) decided jointly by a gatekeeper of each side',
    ],
    [
      forged[1]!,
      'tu-delft (gatekeeper) may not record ProgrammeSuspended: tu-delft does not hold gatekeeper (it holds no role); record RoleGranted (orgId tu-delft, role gatekeeper) decided jointly by a gatekeeper of each side (NL: eli, im; CN: sz-gov, sz-drc, ndrc-ccd); sz-uplrc, in decidedBy, does not hold gatekeeper (it holds no role)',
    ],
    [
      forged[2]!,
      'sz-itic (finance_officer) may not record FinancialTransactionRecorded: sz-itic does not hold finance_officer (it holds no role); record RoleGranted (orgId sz-itic, role finance_officer) decided by the reporting organisation nl-agency',
    ],
  ])(
    'is refused with exit 3, naming the roles held and the grant that is missing, and stores nothing: %#',
    async (proposal, message) => {
      const store = join(tempDir(), 'lcz.jsonl');
      expect((await runMain(['record', store, 'lcz', seedFile])).code).toBe(0);
      const before = readFileSync(store);
      const result = await record(store, 'lcz', JSON.stringify(proposal), '--json');
      expect(result.code).toBe(3);
      expect(result.stderr.replace(/\n/g, ' ')).toContain(message);
      expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'FORBIDDEN', refusal: { kind: 'forbidden' } } });
      expect(readFileSync(store).equals(before)).toBe(true);
    },
  );
});
