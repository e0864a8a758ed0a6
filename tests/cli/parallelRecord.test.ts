import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertChain, openStore } from '../../src/index.ts';
import { tempDir } from '../store/storeFixtures.ts';
import { runCli, seedFile as seed } from '../support/cli.ts';

const { dir, remove } = tempDir('parallel-record');
afterAll(remove);

async function recordIn(store: string, file: string): Promise<{ stdout: string }> {
  const result = await runCli(['record', store, 'lcz-shenzhen', file]);
  if (result.code !== 0) throw new Error(`record exited ${result.code}: ${result.stderr}`);
  return result;
}

describe('phasegate record from several processes on one JSONL file', () => {
  it("stores every process's fact, one after the other", async () => {
    const store = join(dir, 'shared.jsonl');
    const registration = join(dir, 'registration.jsonl');
    writeFileSync(registration, `${readFileSync(seed, 'utf8').split('\n')[0]}\n`);
    await recordIn(store, registration);
    const files = Array.from({ length: 4 }, (_, i) => {
      const file = join(dir, `doc-${i}.json`);
      const proposal = {
        type: 'DocumentLinked',
        occurredAt: '2011-07-02',
        actor: { id: 'nl-agency', role: 'programme_manager' },
        data: {
          docId: `doc-${i}`,
          title: `Document ${i}`,
          category: 'A01',
          url: 'https://example.org/doc',
          date: '2011-07-02',
          language: 'en',
        },
      };
      writeFileSync(file, JSON.stringify(proposal));
      return file;
    });
    await Promise.all(files.map((file) => recordIn(store, file)));
    const opened = await openStore(store, { create: false });
    const docs: string[] = [];
    for await (const event of opened.readStream('lcz-shenzhen'))
      if (event.type === 'DocumentLinked') docs.push((event.data as { docId: string }).docId);
    expect((await assertChain('lcz-shenzhen', opened.readStream('lcz-shenzhen'))).seq).toBe(5);
    await opened.close();
    expect(docs.sort()).toEqual(['doc-0', 'doc-1', 'doc-2', 'doc-3']);
  });
});
