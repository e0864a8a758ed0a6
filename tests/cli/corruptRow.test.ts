import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runMain, seedFile, tempDir } from '../support/cli.ts';

/** A SQLite row altered behind the store's back is an integrity failure naming its seq (exit 4), as in JSONL. */
describe('a corrupt SQLite row', () => {
  it.each([
    ['not JSON', 'not json'],
    ['JSON but not an object', '[1,2]'],
  ])('(%s) is exit 4 naming the seq from state, record, export, replay and verify', async (_name, body) => {
    const store = join(tempDir(), 'lcz.db');
    expect((await runMain(['record', store, 'lcz-shenzhen', seedFile])).code).toBe(0);
    const db = new Database(store);
    db.prepare('UPDATE events SET body = ? WHERE seq = 10').run(body);
    db.close();
    const meeting = JSON.stringify({
      type: 'NetworkMeetingHeld',
      occurredAt: '2016-01-01',
      actor: { id: 'twa-guangzhou', role: 'programme_manager' },
      data: {
        meetingId: 'm-corrupt',
        date: '2016-01-01',
        participantIds: ['twa-guangzhou', 'sz-gov'],
        topics: ['progress'],
      },
    });
    for (const [argv, stdin] of [
      [['state', store, 'lcz-shenzhen'], undefined],
      [['record', store, 'lcz-shenzhen', '-'], meeting],
      [['export', store, 'lcz-shenzhen'], undefined],
      [['export', store, '--all'], undefined],
    ] as const) {
      const result = await runMain(argv, stdin === undefined ? {} : { stdin });
      expect({ argv, code: result.code }).toEqual({ argv, code: 4 });
      expect(result.stderr).toMatch(/stream "lcz-shenzhen" seq 10 is not (valid JSON|a JSON object)/);
      expect(result.stderr).not.toMatch(/internal error/);
    }
    expect((await runMain(['verify', store])).code).toBe(4);
    const json = await runMain(['state', store, 'lcz-shenzhen', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'INTEGRITY', stream: 'lcz-shenzhen', seq: 10 } });
  });
});
