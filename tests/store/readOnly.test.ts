import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent, openStore, StoreError } from '../../src/index.ts';
import { openJsonlEventStore, type IgnoredTail } from '../../src/entries/jsonl.ts';
import { chainEvents, collect } from './storeEvents.ts';
import { dropSchemas, pgUrl, tempDir, uniqueSchema } from './storeFixtures.ts';

const { dir, remove } = tempDir('read-only');
const schema = uniqueSchema('ro');
afterAll(async () => {
  remove();
  await dropSchemas([schema, `${schema}_none`]);
});

const events = chainEvents('s', [{ id: 'e1' }, { id: 'e2' }, { id: 'e3' }]);
const line = (index: number) => Buffer.from(`${encodeEvent(events[index]!)}\n`);
const snapshot = { workflow: 'test@1', seq: 1, hash: events[0]!.hash, state: { value: 'x' } };
const siblings = (name: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith(name))
    .sort();

describe('read-only JSONL store', () => {
  it('shows the complete lines of a torn file and leaves the file, the lock and the quarantine alone', async () => {
    const path = join(dir, 'torn.jsonl');
    const content = Buffer.concat([line(0), line(1), line(2).subarray(0, 20)]);
    writeFileSync(path, content);
    const ignored: IgnoredTail[] = [];
    const store = await openJsonlEventStore(path, { readOnly: true, onIgnoredTail: (t) => ignored.push(t) });
    expect(ignored).toEqual([{ file: path, offset: line(0).length + line(1).length, length: 20 }]);
    expect((await collect(store.readStream('s'))).map((e) => e.id)).toEqual(['e1', 'e2']);
    expect((await collect(store.readAll())).map((p) => p.position)).toEqual([1, 2]);
    expect(await store.head('s')).toMatchObject({ seq: 2, hash: events[1]!.hash });
    expect(await store.findById('e3')).toBeNull();
    expect(store.tornTails).toEqual([]);
    await store.close();
    expect(readFileSync(path)).toEqual(content);
    expect(siblings('torn.jsonl')).toEqual(['torn.jsonl']);
  });

  it('refuses to append, naming the read-only open, and keeps no snapshot', async () => {
    const path = join(dir, 'refuse.jsonl');
    writeFileSync(path, line(0));
    const store = await openStore(path, { readOnly: true });
    const error = await store.append('s', events.slice(1, 2), { expectedSeq: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/opened read-only/);
    await store.saveSnapshot('s', snapshot);
    await store.close();
    expect(readFileSync(path)).toEqual(line(0));
    expect(siblings('refuse.jsonl')).toEqual(['refuse.jsonl']);
  });

  it('does not create a missing file', async () => {
    const path = join(dir, 'missing.jsonl');
    await expect(openStore(path, { readOnly: true, create: true })).rejects.toThrow(/There is no store/);
    expect(existsSync(path)).toBe(false);
  });
});

describe('read-only SQLite store', () => {
  it('reads a store without changing its file, refuses appends and keeps no snapshot', async () => {
    const path = join(dir, 'store.db');
    const writer = await openStore(path);
    await writer.append('s', events.slice(0, 2), { expectedSeq: 0 });
    await writer.close();
    const before = readFileSync(path);
    const store = await openStore(path, { readOnly: true });
    expect((await collect(store.readStream('s'))).map((e) => e.id)).toEqual(['e1', 'e2']);
    await expect(store.append('s', events.slice(2), { expectedSeq: 2 })).rejects.toThrow(/opened read-only/);
    await store.saveSnapshot('s', snapshot);
    expect(await store.loadSnapshot('s', 'test@1')).toBeNull();
    await store.close();
    expect(readFileSync(path)).toEqual(before);
  });

  it('says a SQLite database without phasegate tables is not a store, and creates none', async () => {
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    await expect(openStore(empty, { readOnly: true })).rejects.toThrow(/not a phasegate store/);
    expect(readFileSync(empty)).toEqual(Buffer.alloc(0));
  });
});

describe('read-only PostgreSQL store', () => {
  it('never creates the schema: a missing one is "no store"', async () => {
    await expect(openStore(`${pgUrl}?schema=${schema}_none`, { readOnly: true, create: true })).rejects.toThrow(
      /no phasegate store/,
    );
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [
        `${schema}_none`,
      ]);
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});

describe('read-only stores of every kind', () => {
  const urls: Array<[string, () => string]> = [
    ['JSONL', () => join(dir, 'live.jsonl')],
    ['SQLite (WAL, a writer holding it open)', () => join(dir, 'live.db')],
    ['PostgreSQL', () => `${pgUrl}?schema=${schema}`],
  ];
  it.each(urls)(
    '%s: reads what a writer appends after the open, refuses appends, keeps no snapshot',
    async (_kind, url) => {
      const writer = await openStore(url());
      await writer.append('s', events.slice(0, 1), { expectedSeq: 0 });
      const reader = await openStore(url(), { readOnly: true });
      await writer.append('s', events.slice(1, 2), { expectedSeq: 1 });
      expect((await collect(reader.readStream('s'))).map((e) => e.id)).toEqual(['e1', 'e2']);
      const error = await reader.append('s', events.slice(2), { expectedSeq: 2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/opened read-only/);
      await reader.saveSnapshot('s', snapshot);
      expect(await reader.loadSnapshot('s', 'test@1')).toBeNull();
      await Promise.all([reader.close(), writer.close()]);
    },
  );
});
