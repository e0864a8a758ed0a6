import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, StoreError, UsageError } from '../../src/index.ts';
import { dropSchemas, pgUrl, tempDir, uniqueSchema } from './storeFixtures.ts';

const { dir, remove } = tempDir('open-store');
const schema = uniqueSchema('open');
afterAll(async () => {
  remove();
  await dropSchemas([schema]);
});

describe('openStore', () => {
  it('opens the store each kind of URL names', async () => {
    const urls: Array<[string, string]> = [
      ['memory:', 'memory'],
      [join(dir, 'a.db'), 'sqlite'],
      [join(dir, 'a.sqlite'), 'sqlite'],
      [join(dir, 'a.jsonl'), 'jsonl'],
      [`${pgUrl}?schema=${schema}`, 'postgres'],
    ];
    for (const [url, kind] of urls) {
      const store = await openStore(url);
      expect(store.kind).toBe(kind);
      await store.close();
    }
  });

  it('refuses to create a store for a reading command, naming what is missing', async () => {
    await expect(openStore(join(dir, 'missing.jsonl'), { create: false })).rejects.toThrow(StoreError);
    await expect(openStore(join(dir, 'missing.db'), { create: false })).rejects.toThrow(StoreError);
    await expect(openStore(`${pgUrl}?schema=${schema}_none`, { create: false })).rejects.toThrow(/no phasegate store .*schema/);
  });

  it('takes the PostgreSQL schema from ?schema=, else the option', async () => {
    const byOption = await openStore(pgUrl, { schema: `${schema}_opt` });
    await byOption.close();
    const byUrl = await openStore(`${pgUrl}?schema=${schema}_opt`, { create: false, schema: 'ignored' });
    expect(byUrl.kind).toBe('postgres');
    await byUrl.close();
    await dropSchemas([`${schema}_opt`]);
  });

  it('names the accepted forms for a URL it cannot place, and refuses a bad schema name', async () => {
    await expect(openStore('events.txt')).rejects.toThrow(UsageError);
    await expect(openStore('events.txt')).rejects.toThrow(/\.jsonl .*postgres:\/\//);
    await expect(openStore(`${pgUrl}?schema=pg_catalog`)).rejects.toThrow(UsageError);
    await expect(openStore(`${pgUrl}?schema=Drop;Table`)).rejects.toThrow(UsageError);
  });
});
