// npm run bench:portfolio: the portfolio of PROGRAMMES programmes x EVENTS events (default 10,000 x 50) on
// PostgreSQL. Prints the read model rebuild rate beside the replay rate (the same events, read from the same store,
// folded through the workflow), and the portfolio query time from the read model tables (now and --as-of).
import pg from 'pg';
import { programmeVersions } from '../machines/index.ts';
import { programmeReadModel } from '../machines/readModel/index.ts';
import { canonicalJson, createWorkflowRegistry, GENESIS_HASH, sha256Hex, type RecordedEvent } from '../src/index.ts';
import { openPostgresEventStore } from '../src/entries/postgres.ts';
import { emptyPosition, foldStream } from '../src/engine/streamFold.ts';
import { openPostgresReadModels } from '../src/projections/postgresReadModels.ts';
import { createProjector } from '../src/projections/projector.ts';
import { readSummaries } from '../src/projections/queries.ts';
import { generateEvents } from './generateLog.ts';

const programmes = Number(process.env.PROGRAMMES ?? 10_000);
const perProgramme = Number(process.env.EVENTS ?? 50);
const url = process.env.PHASEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_portfolio_${process.pid}`;
const registry = createWorkflowRegistry([...programmeVersions]);
const model = programmeReadModel;

/** One programme's events: the generated log with ids of its own, chained and hashed again. */
function programmeEvents(stream: string): RecordedEvent[] {
  let prev = GENESIS_HASH;
  return [...generateEvents(perProgramme, stream)].map((event) => {
    const { hash: _hash, ...rest } = event;
    const unhashed = { ...rest, id: `${stream}-${event.seq}`, prev };
    prev = sha256Hex(canonicalJson(unhashed));
    return { ...unhashed, hash: prev };
  });
}

const seconds = (start: number) => (performance.now() - start) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const store = await openPostgresEventStore(url, { schema });
try {
  let start = performance.now();
  for (let i = 0; i < programmes; i++) {
    const stream = `p${String(i).padStart(5, '0')}`;
    await store.append(stream, programmeEvents(stream), { expectedSeq: 0 });
  }
  const total = programmes * perProgramme;
  console.log(
    `loaded ${programmes} programmes x ${perProgramme} events = ${total} events in ${seconds(start).toFixed(1)} s`,
  );

  const tables = await openPostgresReadModels(url, { schema });
  start = performance.now();
  const report = await createProjector({ store, tables, model, registry }).rebuild();
  const rebuild = seconds(start);
  console.log(
    `read model rebuild: ${report.events} events in ${rebuild.toFixed(1)} s = ${Math.round(report.events / rebuild)} events/s`,
  );

  start = performance.now();
  let replayed = 0;
  for (const stream of await store.listStreams()) {
    const { position } = await foldStream(registry, emptyPosition(registry.latest()), store.readStream(stream));
    replayed += position.seq;
  }
  const replay = seconds(start);
  console.log(
    `replay of every stream: ${replayed} events in ${replay.toFixed(1)} s = ${Math.round(replayed / replay)} events/s`,
  );
  console.log(`rebuild / replay rate: ${(replay / rebuild).toFixed(2)}`);

  const readOnly = await openPostgresReadModels(url, { schema, readOnly: true });
  for (const asOf of [undefined, '2011-07-21']) {
    const times: number[] = [];
    let rows = 0;
    for (let run = 0; run < 5; run++) {
      start = performance.now();
      const { summaries } = await readSummaries({ store, tables: readOnly, model, registry }, asOf);
      rows = summaries.length;
      times.push(seconds(start) * 1000);
    }
    console.log(
      `portfolio query${asOf ? ` --as-of ${asOf}` : ''}: ${rows} rows, median ${median(times).toFixed(0)} ms of 5 (${times.map((t) => t.toFixed(0)).join(', ')})`,
    );
  }
  await readOnly.close();
  await tables.close();
} finally {
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
