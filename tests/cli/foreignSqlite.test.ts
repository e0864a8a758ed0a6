import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/index.ts';
import { runMain, seedFile, tempDir } from '../support/cli.ts';

/**
 * A SQLite database that is not phasegate's (other tables, another application's id, a newer phasegate schema) is
 * refused with a clear error (exit 2) and left byte-identical: no WAL switch, no table (README, "Stores").
 */
const dir = tempDir();
const log = join(tempDir(), 'lcz.jsonl');
beforeAll(async () => {
  const store = join(tempDir(), 'lcz.db');
  expect((await runMain(['record', store, 'lcz-shenzhen', seedFile])).code).toBe(0);
  expect((await runMain(['export', store, '--all', '-o', log])).code).toBe(0);
});

function database(name: string, setup: (db: Database.Database) => void): string {
  const path = join(dir, name);
  const db = new Database(path);
  setup(db);
  db.close();
  return path;
}

describe('a foreign SQLite database', () => {
  const cases: Record<string, (db: Database.Database) => void> = {
    'only its own table': (db) => db.exec('create table users(id int)'),
    'its own events table': (db) => db.exec('create table events(x int)'),
    'another application id': (db) => {
      db.exec('create table events(x int)');
      db.pragma('application_id = 5');
    },
  };

  it.each(Object.keys(cases))(
    'with %s is refused by record and by reading commands, byte for byte untouched',
    async (name) => {
      const path = database(`${name.replaceAll(' ', '-')}.db`, cases[name]!);
      const before = readFileSync(path);
      for (const argv of [
        ['record', path, 's', seedFile],
        ['state', path, 's'],
        ['verify', path],
        ['export', path, '--all'],
        ['import', log, path],
      ]) {
        const result = await runMain(argv);
        expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
        expect(result.stderr).toMatch(/is a SQLite database but not a phasegate store/);
        expect(readFileSync(path)).toEqual(before);
      }
      expect(readdirSync(dir).filter((f) => f.startsWith(name.replaceAll(' ', '-')))).toEqual([
        `${name.replaceAll(' ', '-')}.db`,
      ]);
    },
  );

  it('of a newer phasegate schema version is refused, naming the version, and left as it is', async () => {
    const path = join(dir, 'newer.db');
    expect((await runMain(['record', path, 'lcz-shenzhen', seedFile])).code).toBe(0);
    const db = new Database(path);
    db.pragma('user_version = 7');
    db.close();
    const before = readFileSync(path);
    for (const argv of [
      ['record', path, 'lcz-shenzhen', seedFile],
      ['state', path, 'lcz-shenzhen'],
    ]) {
      const result = await runMain(argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/schema version 7, newer than this phasegate reads \(2\)/);
    }
    await expect(openStore(path)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(readFileSync(path)).toEqual(before);
  });

  it("a new store carries phasegate's application id and schema version; one made before them still opens", async () => {
    const path = join(dir, 'marked.db');
    expect((await runMain(['record', path, 'lcz-shenzhen', seedFile])).code).toBe(0);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(0x70686761);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
    const legacy = new Database(path);
    legacy.pragma('application_id = 0');
    legacy.pragma('user_version = 0');
    legacy.close();
    expect((await runMain(['state', path, 'lcz-shenzhen'])).code).toBe(0);
    expect((await runMain(['record', path, 'lcz-shenzhen', seedFile])).code).toBe(0);
  });
});
