import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import { describeEventStoreContract } from './eventStoreContract.ts';
import { sqliteFixture, tempDir } from './storeFixtures.ts';

describeEventStoreContract(sqliteFixture());

describe('SQLite open failures', () => {
  const { dir, remove } = tempDir('sqlite-open');
  afterAll(remove);
  /** The descriptors this process holds open on `path`. */
  const handlesOn = (path: string) =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith(path);
      } catch {
        return false; // closed while listing
      }
    }).length;

  it.each([false, true])(
    'says a file that is not a SQLite database is not a store, leaves it unchanged and holds no handle (readOnly %s)',
    async (readOnly) => {
      const path = join(dir, `text-${readOnly}.db`);
      const content = 'these are not the pages of a SQLite database\n'.repeat(200);
      writeFileSync(path, content);
      let error: unknown;
      try {
        await openSqliteEventStore(path, { readOnly });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(
        /Cannot open ".*" as a SQLite store.*not a database.*phasegate SQLite file/,
      );
      expect(readFileSync(path, 'utf8')).toBe(content);
      expect(handlesOn(path)).toBe(0);
      expect(readdirSync(dir).filter((f) => f.startsWith(`text-${readOnly}.db`))).toEqual([`text-${readOnly}.db`]);
    },
  );
});
