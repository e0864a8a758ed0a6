import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowRegistry, type EventStore, type RecordedEvent } from '../../src/index.ts';
import {
  buildDossier,
  createCheckpoint,
  createKeyRegistry,
  generateSigningKey,
  publicEntryOf,
  renderDossierHtml,
  renderDossierJson,
  renderDossierMarkdown,
} from '../../src/entries/audit.ts';
import { programmeVersions } from '../../machines/index.ts';
import { temporaryDirectory } from '../support/logs.ts';
import { buildDossierFixture, eli, nla, total, twa } from './dossierFixture.ts';

const dir = temporaryDirectory();
let store: EventStore;
let file = '';
let registry: ReturnType<typeof createWorkflowRegistry>;

beforeAll(async () => {
  ({ store, file, registry } = await buildDossierFixture(dir));
});
afterAll(() => dir.dispose());

describe('the checkpoint in the verdict', () => {
  const witness = generateSigningKey({ keyId: 'witness', validFrom: '2000-01-01T00:00:00Z' });
  const withWitness = () => createKeyRegistry([nla, twa, eli, witness].map(publicEntryOf));
  const verdictOf = async (checkpoint: ReturnType<typeof createCheckpoint>, options: { keys?: boolean } = {}) => {
    const made = await buildDossier({ kind: 'file', path: file }, registry, 'lcz', {
      ...(options.keys === false ? {} : { keys: withWitness() }),
      checkpoint,
    });
    return { verdict: made.integrity.summary[0]!, md: renderDossierMarkdown(made), json: renderDossierJson(made) };
  };
  const lczHead = async () => (await store.head('lcz'))!;

  it('rests on a checkpoint that covers the stream, matches it and is signed by a registered witness', async () => {
    const head = await lczHead();
    const { verdict, md, json } = await verdictOf(
      createCheckpoint(
        [{ stream: 'lcz', seq: head.seq, head: head.hash, recordedAt: head.recordedAt }],
        '2013-02-01T00:00:00Z',
        witness,
      ),
    );
    const expected = `Verdict: the history of "lcz" is intact: the hash chain, the signatures, the checkpoint of 2013-02-01T00:00:00Z (matched at seq ${total}) and the replay hold.`;
    expect(verdict).toBe(expected);
    expect(md).toContain(expected);
    expect(JSON.parse(json).integrity.summary[0]).toBe(expected);
  });

  it('does not claim a checkpoint that does not cover the stream, or whose signature was not checked, holds', async () => {
    const head = await lczHead();
    const other = await verdictOf(
      createCheckpoint(
        [{ stream: 'elsewhere', seq: 1, head: head.hash, recordedAt: head.recordedAt }],
        '2013-02-01T00:00:00Z',
        witness,
      ),
    );
    const uncovered =
      'Verdict: the history of "lcz" is intact: the hash chain, the signatures and the replay hold (the checkpoint of 2013-02-01T00:00:00Z does not cover this stream).';
    expect(other.verdict).toBe(uncovered);
    expect(other.md).toContain(uncovered);
    expect(JSON.parse(other.json).integrity.summary[0]).toBe(uncovered);
    const unchecked = await verdictOf(
      createCheckpoint(
        [{ stream: 'lcz', seq: head.seq, head: head.hash, recordedAt: head.recordedAt }],
        '2013-02-01T00:00:00Z',
        witness,
      ),
      { keys: false },
    );
    const notChecked = `Verdict: the history of "lcz" is intact: the hash chain and the replay hold (the checkpoint of 2013-02-01T00:00:00Z matches at seq ${total} but its signature was not checked: no key registry was given).`;
    expect(unchecked.verdict).toBe(notChecked);
    expect(unchecked.md).toContain(notChecked);
    expect(JSON.parse(unchecked.json).integrity.summary[0]).toBe(notChecked);
  });
});

describe('the dossier of a damaged log', () => {
  it('says in its verdict, in every format, that the log no longer matches the checkpoint', async () => {
    const golden = new URL('../golden/lcz-v1-closed.jsonl', import.meta.url).pathname;
    const events = readFileSync(golden, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const last = JSON.parse(events.at(-1)!) as { seq: number; hash: string; recordedAt: string };
    const checkpoint = createCheckpoint(
      [{ stream: 'lcz-v1-closed', seq: last.seq, head: last.hash, recordedAt: last.recordedAt }],
      '2013-02-01T00:00:00Z',
    );
    const file = dir.file('truncated.jsonl', `${events.slice(0, -3).join('\n')}\n`);
    const cut = await buildDossier(
      { kind: 'file', path: file },
      createWorkflowRegistry([...programmeVersions]),
      'lcz-v1-closed',
      { checkpoint },
    );
    expect(cut.integrity.verdict).toBe('not intact');
    expect(cut.integrity.summary[0]).toBe(
      'Verdict: the history of "lcz-v1-closed" is NOT intact (the checkpoint of 2013-02-01T00:00:00Z (truncated) failed); see below.',
    );
    expect(cut.integrity.checkpoint).toMatchObject({ covers: true, matches: false, problem: 'truncated' });
    for (const text of [renderDossierMarkdown(cut), renderDossierHtml(cut), renderDossierJson(cut)])
      expect(text).toContain('the checkpoint of 2013-02-01T00:00:00Z (truncated) failed');
  });

  it('is still written, says the history is not intact, and names the first bad seq', async () => {
    const golden = new URL('../golden/lcz-v1-closed.jsonl', import.meta.url).pathname;
    const text = readFileSync(golden, 'utf8').split('\n');
    text.splice(30, 1, '{"this is":"not an event"');
    const file = dir.file('damaged.jsonl', text.join('\n'));
    const damaged = await buildDossier(
      { kind: 'file', path: file },
      createWorkflowRegistry([...programmeVersions]),
      'lcz-v1-closed',
    );
    expect(damaged.integrity.verdict).toBe('not intact');
    expect(damaged.integrity.summary[1]).toMatch(/^Hash chain: NOT intact: unreadable at seq 31/);
    expect(damaged.events).toHaveLength(46);
  });
});

describe('the dossier folds as it reads', () => {
  /** A store over a golden log that notes each event it yields, and a registry whose projections note each event they fold. */
  const traced = (name: string) => {
    const log: string[] = [];
    const path = new URL(`../golden/${name}.jsonl`, import.meta.url).pathname;
    const all = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as RecordedEvent);
    const of = (stream: string) => all.filter((e) => e.stream === stream);
    const store = {
      location: `traced:${name}`,
      listStreams: async () => [...new Set(all.map((e) => e.stream))],
      head: async (stream: string) => of(stream).at(-1) ?? null,
      async *readStream(stream: string) {
        for (const event of of(stream)) {
          log.push(`read ${event.seq}`);
          yield event;
        }
      },
    } as unknown as EventStore;
    const workflows = programmeVersions.map((w) => ({
      ...w,
      dossier: {
        ...w.dossier!,
        apply: (model: unknown, event: RecordedEvent) => (
          log.push(`apply ${event.seq}`),
          w.dossier!.apply(model, event)
        ),
      },
    }));
    return {
      log,
      path,
      store,
      registry: createWorkflowRegistry(workflows as unknown as typeof programmeVersions),
      reads: () => log.filter((l) => l === 'read 1').length,
    };
  };

  it('folds each event as it is read, and reads a stream that stayed on one version once after verifying it', async () => {
    const { log, store, registry, reads } = traced('lcz-v1-closed');
    const made = await buildDossier({ kind: 'store', store }, registry, 'lcz-v1-closed');
    expect(made.integrity.verdict).toBe('intact');
    expect(log[log.indexOf('apply 1') - 1]).toBe('read 1');
    expect(log[log.indexOf('apply 2') - 1]).toBe('read 2');
    expect(reads()).toBe(2);
    const fromFile = await buildDossier(
      { kind: 'file', path: traced('lcz-v1-closed').path },
      createWorkflowRegistry([...programmeVersions]),
      'lcz-v1-closed',
    );
    expect(made.sections).toEqual(fromFile.sections);
  });

  it('reads a migrated stream once more, to fold it under the projection of the version it ended under', async () => {
    const { store, registry, reads } = traced('lcz-v1-migrated-v2');
    const made = await buildDossier({ kind: 'store', store }, registry, 'lcz-v1-migrated-v2');
    expect(made.state).toMatchObject({ workflow: 'programme@2' });
    expect(reads()).toBe(3);
    const fromFile = await buildDossier(
      { kind: 'file', path: traced('lcz-v1-migrated-v2').path },
      createWorkflowRegistry([...programmeVersions]),
      'lcz-v1-migrated-v2',
    );
    expect(made.sections).toEqual(fromFile.sections);
    expect(made.sections.length).toBeGreaterThan(0);
  });
});
