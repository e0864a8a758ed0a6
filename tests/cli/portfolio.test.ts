import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, seedFile, tempDir } from '../support/cli.ts';
import { seedLength } from '../support/seedLog.ts';
import { dropSchemas, pgUrl, uniqueSchema } from '../store/storeFixtures.ts';

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

async function seeded(): Promise<string> {
  const store = join(tempDir(), 'lcz.db');
  const recorded = await runCli(['record', store, 'lcz-shenzhen', seedFile, '--record-refusals']);
  expect(recorded.code, recorded.stderr).toBe(0);
  const refused = await runCli(
    ['record', store, 'lcz-shenzhen', '--record-refusals'],
    JSON.stringify({
      type: 'NetworkMeetingHeld',
      occurredAt: '2012-10-10',
      actor: { id: 'twa-guangzhou', role: 'programme_manager' },
      data: { meetingId: 'late', date: '2012-10-10', participantIds: ['twa-guangzhou', 'sz-gov'], topics: ['x'] },
    }),
  );
  expect(refused.code).toBe(3);
  return store;
}

describe("the seed's money, as state prints it", () => {
  it('is a EUR 150,000 incoming commitment from EL&I to NL Agency, with nothing disbursed', async () => {
    const store = await seeded();
    const { stdout, code } = await runCli(['state', store, 'lcz-shenzhen', '--today', '2012-10-10']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^finance\s+EUR 150,000 incoming commitments, EUR 0 incoming funds, EUR 0 committed, EUR 0 disbursed, EUR 0 spent; EUR 150,000 of the budget left$/m,
    );
    expect(stdout).toMatch(
      /^incoming\s+Incoming Commitment of EUR 150,000 from Ministry of Economic Affairs, Agriculture and Innovation \(EL&I\) to NL Agency on 2011-07-05$/m,
    );
    expect(stdout).toMatch(/^budget\s+EUR 150,000 \(2011: EUR 60,000; 2012: EUR 90,000\)$/m);
    expect(stdout).toMatch(/^status\s+Implementation; IATI activity status 2 Implementation$/m);
    expect(stdout).toMatch(/^overdue\s+nothing on 2012-10-10$/m);
    expect(stdout).not.toContain('received');
    const later = await runCli(['state', store, 'lcz-shenzhen', '--today', '2013-01-10']);
    expect(later.stdout).toMatch(/^overdue\s+G3 target 2012-12-15 passed \(on 2013-01-10\)$/m);
    // Time travel applies to the read model's facts too: before the money was recorded there was none.
    const early = await runCli(['state', store, 'lcz-shenzhen', '--as-of', '2011-07-01']);
    expect(early.stdout).toMatch(/^finance\s+EUR 0 incoming commitments,/m);
  });
});

describe('phasegate portfolio', () => {
  it('prints one row per programme stream (refusals left out) as a table, JSON or CSV, from the read model tables', async () => {
    const store = await seeded();
    const table = await runCli(['portfolio', store, '--today', '2013-01-10']);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^Stream\s+Title\s+Phase\s+IATI status\s+Next gate\s+Target date\s+Overdue\s+Currency\s+Budget\s+Incoming commitments\s+Committed\s+Disbursed\s+Spent\s+Results met\s+Last fact$/,
    );
    expect(lines[1]).toMatch(
      /^lcz-shenzhen\s+Cooperation on a Sino-Dutch Low-carbon zone Shenzhen\s+Implementation\s+2 Implementation\s+G3\s+2012-12-15\s+G3 target 2012-12-15 passed\s+EUR\s+150,000\s+150,000\s+0\s+0\s+0\s+5 of 6\s+2012-10-09 ExpertJoinedGovernanceBody$/,
    );
    const json = JSON.parse((await runCli(['portfolio', store, '--format', 'json', '--today', '2012-10-10'])).stdout);
    expect(json).toEqual({
      asOf: null,
      today: '2012-10-10',
      programmes: [
        {
          stream: 'lcz-shenzhen',
          title: 'Cooperation on a Sino-Dutch Low-carbon zone Shenzhen',
          phase: 'Implementation',
          iatiStatus: '2 Implementation',
          nextGate: 'G3',
          targetDate: '2012-12-15',
          overdue: '',
          currency: 'EUR',
          budget: 150000,
          incomingCommitments: 150000,
          committed: 0,
          disbursed: 0,
          spent: 0,
          resultsMet: '5 of 6',
          lastFact: '2012-10-09 ExpertJoinedGovernanceBody',
        },
      ],
    });
    const csv = (
      await runCli(['portfolio', store, '--format', 'csv', '--as-of', '2011-12-31', '--today', '2011-12-31'])
    ).stdout;
    expect(csv.split('\r\n')).toEqual([
      'Stream,Title,Phase,IATI status,Next gate,Target date,Overdue,Currency,Budget,Incoming commitments,Committed,Disbursed,Spent,Results met,Last fact',
      'lcz-shenzhen,Cooperation on a Sino-Dutch Low-carbon zone Shenzhen,Development,2 Implementation,G2,2012-06-30,,EUR,150000,150000,0,0,0,1 of 6,2011-11-16 GateDecisionRecorded',
      '',
    ]);
    expect(
      (await runCli(['portfolio', store, '--as-of', '2011-06-30', '--format', 'csv'])).stdout.split('\r\n'),
    ).toHaveLength(2);
    expect(await runCli(['portfolio', store, '--as-of', '2011-02-30'])).toMatchObject({ code: 2 });
    expect(await runCli(['portfolio', store, '--today', 'tomorrow'])).toMatchObject({ code: 2 });
    expect(await runCli(['portfolio', store, '--format', 'xml'])).toMatchObject({ code: 1 });
  });

  it('reads the tables rather than replaying the streams, and projections rebuild makes them from the log again', async () => {
    const store = await seeded();
    const db = new Database(store);
    const row = db
      .prepare("SELECT summary FROM read_models WHERE name = 'programme' AND stream = 'lcz-shenzhen'")
      .get() as { summary: string };
    db.prepare("UPDATE read_models SET summary = ? WHERE name = 'programme'").run(
      JSON.stringify({ ...JSON.parse(row.summary), title: 'From the table' }),
    );
    db.close();
    expect((await runCli(['portfolio', store, '--format', 'csv'])).stdout).toContain('lcz-shenzhen,From the table,');
    const rebuilt = await runCli(['projections', 'rebuild', store]);
    expect(rebuilt.stdout).toMatch(
      new RegExp(`^programme: rebuilt from position 0 to ${seedLength + 1}, ${seedLength + 1} events in `, 'm'),
    );
    expect((await runCli(['portfolio', store, '--format', 'csv'])).stdout).toContain(
      'lcz-shenzhen,Cooperation on a Sino-Dutch',
    );
    expect((await runCli(['projections', 'update', store])).stdout).toMatch(
      /^programme: updated from position \d+ to \d+, 0 events/m,
    );
  });

  it('gives the same rows from a JSONL log (folded) and from PostgreSQL (tables built on import)', async () => {
    const store = await seeded();
    const jsonl = join(tempDir(), 'lcz.jsonl');
    expect((await runCli(['export', store, '--all', '-o', jsonl])).code).toBe(0);
    const schema = uniqueSchema('portfolio');
    schemas.push(schema);
    const postgres = `${pgUrl}?schema=${schema}`;
    expect((await runCli(['import', jsonl, postgres])).code).toBe(0);
    const expected = (await runCli(['portfolio', store, '--format', 'csv', '--today', '2012-10-10'])).stdout;
    expect((await runCli(['portfolio', jsonl, '--format', 'csv', '--today', '2012-10-10'])).stdout).toBe(expected);
    const fromPostgres = await runCli(['portfolio', postgres, '--format', 'csv', '--today', '2012-10-10']);
    expect(fromPostgres.stdout).toBe(expected);
    expect(fromPostgres.stderr).toBe('');
  });
});
