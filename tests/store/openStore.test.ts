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
    await expect(openStore(`${pgUrl}?schema=${schema}_none`, { create: false })).rejects.toThrow(
      /no phasegate store .*schema/,
    );
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

  it('never shows a PostgreSQL password: not in location, not in errors', async () => {
    const withPassword = new URL(pgUrl);
    withPassword.password = 's3cret-pw';
    withPassword.searchParams.set('schema', schema);
    const store = await openStore(withPassword.toString());
    expect(store.location).toContain(':***@');
    expect(store.location).not.toContain('s3cret-pw');
    await store.close();
    const unreachable = `postgres://someone:s3cret-pw@127.0.0.1:1/db?schema=${schema}`;
    const error = await openStore(unreachable).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain('postgres://someone:***@127.0.0.1:1/db');
    expect((error as Error).message).not.toContain('s3cret-pw');
  });
});
