import { closeSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent, IntegrityError, StoreError, StoreNotFoundError } from '../../src/index.ts';
import { createJsonlIndex } from '../../src/store/jsonlIndex.ts';
import { openJsonlFile } from '../../src/store/jsonlOpen.ts';
import { createJsonlReader } from '../../src/store/jsonlRead.ts';
import { ignoredTail, recoverUnderLock, type TornTail } from '../../src/store/jsonlRecovery.ts';
import { chainEvents } from './storeEvents.ts';
import { tempDir } from './storeFixtures.ts';

/** The JSONL store's pieces alone (issue 10 §3): opening the file, recovering a torn tail, reading what is indexed. */
const { dir, remove } = tempDir('phasegate-jsonl-parts-');
afterAll(remove);

const [first, second] = chainEvents('s', [{ id: 'e1' }, { id: 'e2' }]);
const lines = `${encodeEvent(first!)}\n${encodeEvent(second!)}\n`;

function fileWith(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const fd = openJsonlFile(path, { create: false, readOnly: false });
  return { fd, path, index: createJsonlIndex(fd, path) };
}

describe('openJsonlFile', () => {
  it('creates a missing file unless told not to, and names the path it cannot open', () => {
    const path = join(dir, 'new.jsonl');
    expect(() => openJsonlFile(path, { create: false, readOnly: false })).toThrow(StoreNotFoundError);
    expect(() => openJsonlFile(path, { create: true, readOnly: true })).toThrow(StoreNotFoundError);
    closeSync(openJsonlFile(path, { create: true, readOnly: false }));
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(() => openJsonlFile(dir, { create: false, readOnly: false })).toThrow(
      new StoreError(
        `Cannot open "${dir}" as a JSONL store: EISDIR: illegal operation on a directory, open '${dir}'. Check the path and its permissions.`,
      ),
    );
  });
});

describe('recoverUnderLock', () => {
  it('indexes complete lines and quarantines an unterminated last line, telling each cut', () => {
    const file = fileWith('torn.jsonl', `${lines}{"id":"e3"`);
    const cut: TornTail[] = [];
    recoverUnderLock(file, null, (tail) => cut.push(tail));
    expect(file.index.count).toBe(2);
    expect(cut).toEqual([expect.objectContaining({ offset: lines.length, length: 10, reason: 'unterminated line' })]);
    expect(readFileSync(cut[0]!.quarantine, 'utf8')).toBe('{"id":"e3"');
    expect(readFileSync(file.path, 'utf8')).toBe(lines);
  });

  it('quarantines the complete lines of an append its stale lock note says never finished', () => {
    const firstLine = `${encodeEvent(first!)}\n`;
    const file = fileWith('unfinished.jsonl', lines);
    const cut: TornTail[] = [];
    recoverUnderLock(file, `append ${firstLine.length} ${lines.length}`, (tail) => cut.push(tail));
    expect(cut.map((t) => t.reason)).toEqual(['unfinished append']);
    expect(file.index.count).toBe(1);
    expect(readFileSync(file.path, 'utf8')).toBe(firstLine);
  });

  it('refuses a file that shrank below what is indexed, and cuts nothing', () => {
    const file = fileWith('shrunk.jsonl', lines);
    recoverUnderLock(file, null, () => undefined);
    writeFileSync(file.path, '');
    expect(() => recoverUnderLock(file, null, () => undefined)).toThrow(IntegrityError);
  });
});

describe('ignoredTail and the reader', () => {
  it('reports the bytes after the last line to a read-only open unless a writer holds the lock', async () => {
    const file = fileWith('ignored.jsonl', `${lines}{"id"`);
    const reader = createJsonlReader(file, () => false);
    reader.refresh();
    expect(ignoredTail(file, false)).toEqual({ file: file.path, offset: lines.length, length: 5 });
    expect(ignoredTail(file, true)).toBeNull();
    expect(await reader.head('s')).toMatchObject({ seq: 2, hash: second!.hash });
    expect(existsSync(`${file.path}.lock`)).toBe(false);
  });

  it('refuses to read once the store is closed', async () => {
    const file = fileWith('closed.jsonl', lines);
    await expect(createJsonlReader(file, () => true).listStreams()).rejects.toThrow(
      `JSONL store "${file.path}" is closed`,
    );
  });
});
