import { afterAll, describe, expect, it } from 'vitest';
import { programmeVersions } from '../../machines/index.ts';
import { programmeReadModel, type ProgrammeSummary } from '../../machines/readModel/index.ts';
import { createEngine, createWorkflowRegistry, type Engine, type EventStore } from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/entries/sqlite.ts';
import { openPostgresEventStore } from '../../src/entries/postgres.ts';
import { openPostgresReadModels } from '../../src/projections/postgresReadModels.ts';
import { createProjector } from '../../src/projections/projector.ts';
import { readSummaries, readStreamModel } from '../../src/projections/queries.ts';
import type { ReadModelStore } from '../../src/projections/readModelStore.ts';
import { openSqliteReadModels } from '../../src/projections/sqliteReadModels.ts';
import { implementationToClosure, seedProposals } from '../support/lifecycle.ts';
import { dropSchemas, pgUrl, tempDir, uniqueSchema } from '../store/storeFixtures.ts';

const registry = createWorkflowRegistry([...programmeVersions]);
const model = programmeReadModel;
const schemas: string[] = [];
const dirs: Array<() => void> = [];
afterAll(async () => {
  await dropSchemas(schemas);
  for (const remove of dirs) remove();
});

type Kind = {
  name: string;
  open(): Promise<{ store: EventStore; tables(readOnly?: boolean): Promise<ReadModelStore> }>;
};
const kinds: Kind[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = tempDir('read-models');
      dirs.push(dir.remove);
      const path = `${dir.dir}/lcz.db`;
      return {
        store: await openSqliteEventStore(path),
        tables: async (readOnly = false) => openSqliteReadModels(path, { readOnly }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const schema = uniqueSchema('readmodels');
      schemas.push(schema);
      return {
        store: await openPostgresEventStore(pgUrl, { schema }),
        tables: async (readOnly = false) => openPostgresReadModels(pgUrl, { schema, readOnly }),
      };
    },
  },
];

describe.each(kinds)('read model tables in $name', (kind) => {
  it('keep the seed with its checkpoint, survive a restart without counting twice, and equal a rebuild', async () => {
    const { store, tables } = await kind.open();
    const engine: Engine = createEngine({ workflows: registry, store, clock: () => new Date('2013-01-01T00:00:00Z') });
    await engine.recordBatch('lcz', seedProposals());
    const first = await tables();
    expect(await first.checkpoint(model.name)).toBeNull();
    const report = await createProjector({ store, tables: first, model, registry, batchSize: 7 }).catchUp();
    expect(report).toMatchObject({ from: 0, to: seedProposals().length, events: seedProposals().length });
    const summary = (await first.summaries(model.name))[0]!.summary as ProgrammeSummary;
    expect(summary).toMatchObject({ currency: 'EUR', iatiStatus: 2, phase: 'Implementation' });
    expect(summary.finance).toMatchObject({
      budget: 15_000_000,
      incomingCommitments: 15_000_000,
      incomingFunds: 0,
      outgoingCommitments: 0,
      disbursements: 0,
      expenditure: 0,
      left: 15_000_000,
    });
    await first.close();

    // "Restart": new events, a new connection and projector, which takes up at the stored checkpoint.
    await engine.recordBatch('lcz', implementationToClosure(4));
    const again = await tables();
    const caught = await createProjector({ store, tables: again, model, registry, batchSize: 5 }).catchUp();
    expect(caught.from).toBe(seedProposals().length);
    expect(caught.events).toBe(implementationToClosure(4).length);
    const incremental = await again.rows(model.name, ['lcz']);
    const rebuilt = await createProjector({ store, tables: again, model, registry }).rebuild();
    expect(rebuilt).toMatchObject({ from: 0, events: seedProposals().length + implementationToClosure(4).length });
    expect(await again.rows(model.name, ['lcz'])).toEqual(incremental);
    expect(((await again.summaries(model.name))[0]!.summary as ProgrammeSummary).phase).toBe('Closed');

    // A commit from a checkpoint that moved meanwhile is refused whole.
    const row = incremental.get('lcz')!;
    expect(
      await again.commit(model.name, {
        version: model.version,
        from: 0,
        to: 1,
        rows: [{ ...row, seq: 1 }],
        history: [],
      }),
    ).toBe(false);
    expect(await again.rows(model.name, ['lcz'])).toEqual(incremental);

    // Read-only: summaries as of a date come from the history table and equal a fold of the log.
    const readOnly = await tables(true);
    for (const date of ['2011-07-01', '2011-11-16', '2012-03-31', '2013-12-31']) {
      const fromTables = await readSummaries({ store, tables: readOnly, model, registry }, date);
      expect(fromTables.source).toEqual({ kind: 'tables', tail: 0 });
      expect(fromTables.summaries).toEqual(
        (await readSummaries({ store, tables: null, model, registry }, date)).summaries,
      );
    }
    await expect(readOnly.reset(model.name, 1)).rejects.toThrow(/read-only/);
    // A stream's model from the tables plus its newer events equals the fold of the stream.
    const seq = seedProposals().length;
    expect((await readStreamModel({ store, tables: readOnly, model, registry }, 'lcz', seq))!.model).toEqual(
      (await readStreamModel({ store, tables: null, model, registry }, 'lcz', seq))!.model,
    );
    await readOnly.close();
    await again.close();
    await store.close();
  });

  it('answers from the tables plus the events after their checkpoint, without writing', async () => {
    const { store, tables } = await kind.open();
    const engine: Engine = createEngine({ workflows: registry, store, clock: () => new Date('2013-01-01T00:00:00Z') });
    await engine.recordBatch('lcz', seedProposals());
    const writable = await tables();
    await createProjector({ store, tables: writable, model, registry }).catchUp();
    await engine.recordBatch('lcz', implementationToClosure(4).slice(0, 2));
    const readOnly = await tables(true);
    const { summaries, source } = await readSummaries({ store, tables: readOnly, model, registry });
    expect(source).toEqual({ kind: 'tables', tail: 2 });
    expect(summaries).toEqual((await readSummaries({ store, tables: null, model, registry })).summaries);
    expect(await writable.checkpoint(model.name)).toMatchObject({ position: seedProposals().length });
    await readOnly.close();
    await writable.close();
    await store.close();
  });
});
