// Stores against the peer: phasegate's SQLite and PostgreSQL stores vs Emmett 0.42 (emmett-sqlite,
// emmett-postgresql) on the same database files / server and the same workload: appends of one
// event per transaction and batches of 100, each with the expected version, and reading one 100k-event stream.
// Prints events/s for both and the ratio phasegate/Emmett (above 1: phasegate is faster). One run, ratios only count;
// the two alternate round by round, so drifting load on the machine weighs on both alike.
// The same work on both sides: each append starts from the payloads (built before the clock) and ends when the store
// has made them durable. Inside the clock Emmett makes its message ids and serializes data and metadata; phasegate
// makes its event ids and seals each event into the stream's hash chain as the engine does (canonical JSON and
// SHA-256, src/engine/sealing.ts), which Emmett has no counterpart for. Both run WAL with synchronous=FULL (checked
// and printed). Emmett neither hashes nor chains its events, nor looks up the ids of a batch for idempotency, nor
// checks the envelope of what it reads: phasegate does all four on the clock. Emmett keeps no index on its message
// ids; phasegate keeps a unique one on event ids (idempotency, README "Stores"). Its ids begin with their millisecond
// (src/ids.ts), so that index grows at its end: with fully random ids it took a random leaf page per event, which a
// commit writes to the WAL whole (in a 30k-event store a batch of 100 took 1.6x the time of one with ordered ids).
import './ensureSqlite3.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { getSQLiteEventStore, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { createEventId, GENESIS_HASH, type EventStore, type RecordedEvent } from '../src/index.ts';
import { openSqliteEventStore } from '../src/entries/sqlite.ts';
import { openPostgresEventStore } from '../src/entries/postgres.ts';
import { sealWithBytes } from '../src/envelope/canonical.ts';
import { openBareSqlite, type BareBatch } from './bareSqlite.ts';
import { reportGoal } from './goals.ts';

const pgUrl = process.env.PHASEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const singles = Number(process.env.BENCH_SINGLE ?? 2000);
const batches = Number(process.env.BENCH_BATCHES ?? 100);
const readSize = Number(process.env.BENCH_READ ?? 100_000);
const streams = 20;

type EmmettStore = {
  appendToStream(
    stream: string,
    events: Array<{ type: string; data: object }>,
    options?: { expectedStreamVersion?: bigint },
  ): Promise<unknown>;
  readStream(stream: string): Promise<{ events: unknown[] }>;
  aggregateStream(
    stream: string,
    options: { evolve: (state: Folded, event: Foldable) => Folded; initialState: () => Folded },
  ): Promise<{ state: Folded }>;
  close?(): Promise<void>;
};

/** A payload of the reference size (~255 B with its envelope in Emmett; phasegate's envelope adds hash, prev, ids). */
const payload = (stream: string, n: number) => ({
  docId: `${stream}-${n}`,
  title: `Document ${n} of the programme`,
  category: 'A01',
  url: 'https://example.org/doc',
  language: 'en',
});

/**
 * Returns `data` as the next events of `stream` after `seq` and `prev`, each with a new id and sealed as the engine
 * seals what it appends (src/engine/sealing.ts): hashed into the chain, its stored bytes computed once.
 */
function seal(
  stream: string,
  seq: number,
  prev: string,
  data: ReadonlyArray<ReturnType<typeof payload>>,
  lines?: string[],
) {
  return data.map((payloadOf, i) => {
    const { event, bytes } = sealWithBytes({
      id: createEventId(),
      stream,
      seq: seq + i + 1,
      type: 'DocumentLinked',
      schema: 1,
      workflow: 'programme@1',
      occurredAt: '2011-07-02',
      recordedAt: '2011-07-02T00:00:00.000Z',
      actor: { id: 'nl-agency', role: 'programme_manager' },
      data: payloadOf,
      prev,
    });
    lines?.push(bytes);
    prev = event.hash;
    return event;
  });
}

/** Returns `count` sealed events of `stream` (for what is loaded or appended off the clock). */
function chain(stream: string, count: number): RecordedEvent[] {
  return seal(
    stream,
    0,
    GENESIS_HASH,
    Array.from({ length: count }, (_, i) => payload(stream, i)),
  );
}

/** A workload's events/s on each side, and the CPU seconds Emmett spent per phasegate CPU second on it. */
type Row = { store: string; workload: string; phasegate: number; emmett: number; cpu: number };
type Folded = { readonly count: number; readonly chars: number };
type Foldable = { readonly data: { readonly title: string } };
/** The fold of read + fold, the same on both sides: what a projection of the documents' titles would do. */
const evolve = (state: Folded, event: Foldable): Folded => ({
  count: state.count + 1,
  chars: state.chars + event.data.title.length,
});
const initialState = (): Folded => ({ count: 0, chars: 0 });

/**
 * The CPU seconds each side spent in the current workload (the whole process: Emmett's SQLite driver works on libuv's
 * threads), which waiting on the disk does not inflate as it does wall time; `compare` resets it per workload.
 */
let cpu = { ours: 0, theirs: 0 };

/** Times `run` and adds the seconds to `total[side]`, and its CPU seconds to `cpu[side]`. */
async function timed(
  total: Record<'ours' | 'theirs', number>,
  side: 'ours' | 'theirs',
  run: () => Promise<unknown>,
): Promise<void> {
  const started = performance.now();
  const usage = process.cpuUsage();
  await run();
  total[side] += (performance.now() - started) / 1000;
  const used = process.cpuUsage(usage);
  cpu[side] += (used.user + used.system) / 1e6;
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Times a read as {@link timed} does, after a full garbage collection off the clock: the sides alternate in one
 * process, and without it each side's read paid for collecting what the other's had left (a 100k read spent 32-85 ms
 * collecting garbage in the bench against 3-29 ms run alone, docs/performance.md, "reads against Emmett").
 */
async function timedRead(
  total: Record<'ours' | 'theirs', number>,
  side: 'ours' | 'theirs',
  run: () => Promise<unknown>,
): Promise<void> {
  collectGarbage();
  await timed(total, side, run);
}

/** Returns Emmett's CPU seconds per phasegate CPU second in the workload just measured, and starts the next. */
function cpuRatio(): number {
  const ratio = cpu.theirs / cpu.ours;
  cpu = { ours: 0, theirs: 0 };
  return ratio;
}

/** Untimed appends each side makes before the clock: `warmSingles` lone events and `warmBatches` batches of 100. */
const warmSingles = Number(process.env.BENCH_WARM_SINGLE ?? 400);
const warmBatches = Number(process.env.BENCH_WARM_BATCHES ?? 20);

/**
 * Warms both stores up alike, off the clock, on streams of their own: lone appends and batches of 100, alternated as
 * the timed workloads are, so that neither side's first timed rounds pay its JavaScript being compiled (a lone
 * PostgreSQL append's client CPU fell from about 90 to 50 µs over its first thousands, docs/performance.md) and the
 * ratios are those of stores that have been running, as a portal's have.
 */
async function warmUp(tag: string, ours: EventStore, theirs: EmmettStore): Promise<void> {
  const heads = Array.from({ length: streams }, () => GENESIS_HASH);
  const seqs = new Array<number>(streams).fill(0);
  const append = async (s: number, size: number) => {
    const data = Array.from({ length: size }, (_, i) => payload(`w${s}`, seqs[s]! + i));
    const events = seal(`warm-${tag}-${s}`, seqs[s]!, heads[s]!, data);
    await ours.append(`warm-${tag}-${s}`, events, { expectedSeq: seqs[s]! });
    const messages = data.map((d) => ({ type: 'DocumentLinked', data: d }));
    await theirs.appendToStream(`warm-${tag}-${s}`, messages, { expectedStreamVersion: BigInt(seqs[s]!) });
    heads[s] = events.at(-1)!.hash;
    seqs[s]! += size;
  };
  for (let i = 0; i < warmSingles; i++) await append(i % streams, 1);
  for (let i = 0; i < warmBatches; i++) await append(i % streams, 100);
}

/**
 * Runs each workload on both stores in alternating rounds (phasegate, then Emmett, round after round), so that a
 * change in the machine's load during the run weighs on both alike, after both have warmed up alike (warmUp).
 */
async function compare(
  name: string,
  ours: EventStore,
  theirs: EmmettStore,
  rows: Row[],
  bare?: BareBatch,
): Promise<void> {
  const tag = Math.random().toString(36).slice(2, 8);
  await warmUp(tag, ours, theirs);
  // The seconds phasegate spent sealing (inside its timed appends), to say what share of its time the chain costs.
  let sealing = 0;
  const sealTimed = (...args: Parameters<typeof seal>) => {
    const started = performance.now();
    const events = seal(...args);
    sealing += (performance.now() - started) / 1000;
    return events;
  };
  // One event per transaction: `singles` appends spread over 20 streams, each with its expected version.
  cpuRatio(); // what ran before (the set-up) counts for no workload
  const heads = Array.from({ length: streams }, () => GENESIS_HASH);
  const singleTime = { ours: 0, theirs: 0 };
  for (let i = 0; i < singles / streams; i++) {
    const data = Array.from({ length: streams }, (_, s) => payload(`s${s}`, i));
    await timed(singleTime, 'ours', async () => {
      for (let s = 0; s < streams; s++) {
        const events = sealTimed(`single-${tag}-${s}`, i, heads[s]!, [data[s]!]);
        await ours.append(`single-${tag}-${s}`, events, { expectedSeq: i });
        heads[s] = events[0]!.hash;
      }
    });
    await timed(singleTime, 'theirs', async () => {
      for (let s = 0; s < streams; s++) {
        await theirs.appendToStream(`single-${tag}-${s}`, [{ type: 'DocumentLinked', data: data[s]! }], {
          expectedStreamVersion: BigInt(i),
        });
      }
    });
  }
  rows.push({
    store: name,
    workload: 'append, 1 event per transaction',
    phasegate: singles / singleTime.ours,
    emmett: singles / singleTime.theirs,
    cpu: cpuRatio(),
  });
  const singleSealing = sealing;
  sealing = 0;

  // Batches of 100 events: `batches` appends spread over 20 streams; the bare driver (if given) inserts the same
  // sealed lines in the same rounds, warmed up as the stores were.
  const perStream = Math.ceil(batches / streams);
  heads.fill(GENESIS_HASH);
  const batchTime = { ours: 0, theirs: 0 };
  // Each round's seconds, for the raw limit (medians: one stalled flush in a round moves a total, not a median).
  const rounds = { ours: [] as number[], theirs: [] as number[], sealing: [] as number[], bare: [] as number[] };
  const bareHeads = Array.from({ length: streams }, () => GENESIS_HASH);
  const bareRound = (prefix: string, round: number, data: ReadonlyArray<ReadonlyArray<ReturnType<typeof payload>>>) => {
    if (bare === undefined) return 0;
    const lines = data.map((batch, s) => {
      const sealed: string[] = [];
      bareHeads[s] = seal(`${prefix}-${tag}-${s}`, round * 100, bareHeads[s]!, batch, sealed).at(-1)!.hash;
      return sealed;
    });
    const started = performance.now();
    for (let s = 0; s < lines.length; s++) bare(`${prefix}-${tag}-${s}`, round * 100, lines[s]!);
    return (performance.now() - started) / 1000;
  };
  const warmData = [Array.from({ length: 100 }, (_, i) => payload('warm', i))];
  for (let w = 0; w < warmBatches; w++) bareRound('bare-warm', w, warmData);
  bareHeads.fill(GENESIS_HASH);
  for (let b = 0; b < perStream; b++) {
    const data = Array.from({ length: streams }, (_, s) =>
      Array.from({ length: 100 }, (_, i) => payload(`b${s}`, b * 100 + i)),
    );
    const before = { ours: batchTime.ours, theirs: batchTime.theirs, sealing };
    await timed(batchTime, 'ours', async () => {
      for (let s = 0; s < streams; s++) {
        const events = sealTimed(`batch-${tag}-${s}`, b * 100, heads[s]!, data[s]!);
        await ours.append(`batch-${tag}-${s}`, events, { expectedSeq: b * 100 });
        heads[s] = events.at(-1)!.hash;
      }
    });
    const messages = data.map((batch) => batch.map((d) => ({ type: 'DocumentLinked', data: d })));
    await timed(batchTime, 'theirs', async () => {
      for (let s = 0; s < streams; s++) {
        await theirs.appendToStream(`batch-${tag}-${s}`, messages[s]!, { expectedStreamVersion: BigInt(b * 100) });
      }
    });
    rounds.ours.push(batchTime.ours - before.ours);
    rounds.theirs.push(batchTime.theirs - before.theirs);
    rounds.sealing.push(sealing - before.sealing);
    rounds.bare.push(bareRound('bare', b, data));
  }
  const batchEvents = perStream * streams * 100;
  rows.push({
    store: name,
    workload: 'append, batches of 100',
    phasegate: batchEvents / batchTime.ours,
    emmett: batchEvents / batchTime.theirs,
    cpu: cpuRatio(),
  });
  const share = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;
  footnotes.push(
    `${name}: sealing (ids, canonical JSON, SHA-256 chain) took ${share(singleSealing, singleTime.ours)} of ` +
      `phasegate's time for single appends, ${share(sealing, batchTime.ours)} for batches of 100`,
  );
  if (bare !== undefined) {
    // Per event, the median round of each: the bare driver's insert plus this run's sealing is the least a store
    // that seals on the clock and keeps those lines can take, so Emmett's median over it bounds that store's ratio.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]! / (streams * 100);
    const [ours, theirs, sealed, bareEach] = [rounds.ours, rounds.theirs, rounds.sealing, rounds.bare].map(median) as [
      number,
      number,
      number,
      number,
    ];
    const us = (seconds: number) => (seconds * 1e6).toFixed(2);
    const ceiling = theirs / (bareEach + sealed);
    goalNotes.set(`${name === 'SQLite' ? 'sqlite' : 'pg'}-batch`, `raw limit ${ceiling.toFixed(2)} this run`);
    footnotes.push(
      `${name}, batches of 100, the raw limit (median rounds, µs an event): the bare driver inserting the same sealed ` +
        `lines (one 100-row INSERT a transaction into a table of stream, seq and body with one unique index, WAL, ` +
        `synchronous=FULL) ${us(bareEach)}, sealing ${us(sealed)}, phasegate ${us(ours)} (sealing included), Emmett ` +
        `${us(theirs)}: phasegate ${(theirs / ours).toFixed(2)}x Emmett; with this run's sealing a store that keeps ` +
        `those lines reaches at most ${ceiling.toFixed(2)}x, and the bare insert alone is ` +
        `${(theirs / bareEach).toFixed(2)}x`,
    );
  }

  // Read one long stream (loaded untimed, in batches of 1000), three rounds each; the best round counts.
  const big = chain(`big-${tag}`, readSize);
  for (let i = 0; i < readSize; i += 1000)
    await ours.append(big[0]!.stream, big.slice(i, i + 1000), { expectedSeq: i });
  for (let i = 0; i < readSize; i += 1000) {
    const events = Array.from({ length: 1000 }, (_, k) => ({ type: 'DocumentLinked', data: payload('big', i + k) }));
    await theirs.appendToStream(`big-${tag}`, events, { expectedStreamVersion: BigInt(i) });
  }
  const best = { ours: Infinity, theirs: Infinity };
  for (let round = 0; round < 3; round++) {
    const time = { ours: 0, theirs: 0 };
    let read = 0;
    await timedRead(time, 'ours', async () => {
      for await (const event of ours.readStream(`big-${tag}`)) if (event.seq > 0) read++;
    });
    await timedRead(time, 'theirs', async () => {
      read += (await theirs.readStream(`big-${tag}`)).events.length;
    });
    if (read !== 2 * readSize) throw new Error(`read ${read} events, expected ${2 * readSize}`);
    best.ours = Math.min(best.ours, time.ours);
    best.theirs = Math.min(best.theirs, time.theirs);
  }
  rows.push({
    store: name,
    workload: `read one ${readSize / 1000}k-event stream`,
    phasegate: readSize / best.ours,
    emmett: readSize / best.theirs,
    cpu: cpuRatio(),
  });

  // Read + fold: the same stream folded by the same evolve function (Emmett's aggregateStream), best of three rounds.
  const folded = { ours: Infinity, theirs: Infinity };
  for (let round = 0; round < 3; round++) {
    const time = { ours: 0, theirs: 0 };
    let ourState = initialState();
    let theirState = initialState();
    await timedRead(time, 'ours', async () => {
      for await (const event of ours.readStream(`big-${tag}`))
        ourState = evolve(ourState, event as unknown as Foldable);
    });
    await timedRead(time, 'theirs', async () => {
      theirState = (await theirs.aggregateStream(`big-${tag}`, { evolve, initialState })).state;
    });
    if (ourState.count !== readSize || theirState.count !== readSize)
      throw new Error('read + fold did not see every event');
    if (ourState.chars !== theirState.chars) throw new Error('read + fold: the two sides folded different titles');
    folded.ours = Math.min(folded.ours, time.ours);
    folded.theirs = Math.min(folded.theirs, time.theirs);
  }
  rows.push({
    store: name,
    workload: `read + fold one ${readSize / 1000}k-event stream`,
    phasegate: readSize / folded.ours,
    emmett: readSize / folded.theirs,
    cpu: cpuRatio(),
  });
}

/**
 * Many writers, many streams: events/s of `writers` concurrent writers, each appending one event per transaction to
 * its own stream, against one writer alone; median of three interleaved rounds.
 */
async function writersRatio(
  store: EventStore,
  writers: number,
  appends: number,
): Promise<{ one: number; many: number }> {
  const tag = Math.random().toString(36).slice(2, 8);
  const rate = async (count: number, round: number) => {
    const logs = Array.from({ length: count }, (_, w) => chain(`writers-${tag}-${round}-${count}-${w}`, appends));
    const started = performance.now();
    await Promise.all(
      logs.map(async (events) => {
        for (const event of events) await store.append(event.stream, [event], { expectedSeq: event.seq - 1 });
      }),
    );
    return (count * appends) / ((performance.now() - started) / 1000);
  };
  const one: number[] = [];
  const many: number[] = [];
  for (let round = 0; round < 3; round++) {
    one.push(await rate(1, round));
    many.push(await rate(writers, round));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  return { one: median(one), many: median(many) };
}

const rows: Row[] = [];
const footnotes: string[] = [];
/** What the goals' table shows beside a measured ratio (a raw limit measured in the same run), by goal id. */
const goalNotes = new Map<string, string>();
const only = new Set((process.env.BENCH_STORES ?? 'sqlite,postgres').split(','));
if (only.has('sqlite')) {
  const dir = mkdtempSync(join(tmpdir(), 'phasegate-bench-')); // made only when SQLite runs, so always removed
  try {
    const ours = await openSqliteEventStore(join(dir, 'phasegate.db'));
    // Emmett's default opens a connection per operation (394 appends/s and SQLITE_BUSY under load):
    // give it one shared connection, its fastest set-up.
    const connection = sqliteConnection({ fileName: join(dir, 'emmett.db') });
    const theirs = getSQLiteEventStore({
      fileName: join(dir, 'emmett.db'),
      schema: { autoMigration: 'CreateOrUpdate' },
      connectionOptions: { singleton: true, connection },
    }) as unknown as EmmettStore;
    // Like for like: Emmett's connection must make a commit as durable as phasegate's (WAL, synchronous=FULL).
    const pragma = async (name: string) =>
      Object.values((await connection.querySingle<Record<string, unknown>>(`PRAGMA ${name}`)) ?? {})[0];
    await theirs.readStream('bench-warm-up'); // Emmett creates its tables (and switches to WAL) on first use
    // Emmett's connection asks for WAL without waiting for the answer, and one run of 2026-12-06 found it still in
    // rollback-journal mode (single appends 753/s, a ratio of 5.70 that compared unlike commits): ask again, and
    // refuse to compare unless both sides commit alike.
    await connection.command('PRAGMA journal_mode = WAL');
    const durability = `journal_mode=${String(await pragma('journal_mode'))}, synchronous=${String(await pragma('synchronous'))}`;
    if (durability !== 'journal_mode=wal, synchronous=2')
      throw new Error(`Emmett's SQLite connection is not like phasegate's (WAL, synchronous=FULL): ${durability}`);
    footnotes.push(
      `SQLite durability: phasegate journal_mode=wal, synchronous=2 (FULL); Emmett ${durability} (2 is FULL). ` +
        "Only phasegate's appends hash, chain and check ids (a unique index on event ids: Emmett indexes no " +
        'message id), and only its reads check each envelope.',
    );
    const bare = openBareSqlite(dir);
    await compare('SQLite', ours, theirs, rows, bare.insert);
    bare.close();
    await ours.close();
    await theirs.close?.();
    connection.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const schema = `bench_${process.pid}`;
const admin = new pg.Client({ connectionString: pgUrl });
if (only.has('postgres')) await admin.connect();
if (only.has('postgres'))
  try {
    await admin.query(`CREATE SCHEMA "${schema}_emmett"`);
    const ours = await openPostgresEventStore(pgUrl, { schema });
    const emmettUrl = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}_emmett`)}`;
    const theirs = getPostgreSQLEventStore(emmettUrl) as unknown as EmmettStore;
    // Emmett creates its tables and functions, and opens its pool, on first use: 100-140 ms that fell inside its first
    // timed single append until 2026-12-06 (docs/performance.md), while phasegate's open had made its schema before
    // the clock. Both make theirs before it now, as for SQLite above.
    await theirs.readStream('bench-warm-up');
    // Like for like: both commit once per append on one server. Its flush bounds single appends on both sides: a bare
    // one-row INSERT per transaction shows that bound, which no store can pass.
    await admin.query(`CREATE TABLE "${schema}_emmett".bare (n integer)`);
    const bareStarted = performance.now();
    for (let n = 0; n < 100; n++) await admin.query(`INSERT INTO "${schema}_emmett".bare VALUES (${n})`);
    const bare = 100 / ((performance.now() - bareStarted) / 1000);
    await admin.query(`DROP TABLE "${schema}_emmett".bare`);
    const sync = (await admin.query<{ s: string }>(`SELECT current_setting('synchronous_commit') AS s`)).rows[0]!.s;
    footnotes.push(
      `PostgreSQL durability: one server, synchronous_commit=${sync} for both; a bare one-row INSERT per ` +
        `transaction runs ${Math.round(bare).toLocaleString('en-US')}/s here, the bound of single appends on both ` +
        "sides. Only phasegate's appends hash, chain and check ids (a unique index on the id: Emmett indexes no " +
        "message id), only its reads check each envelope, and its reads stream pages of 5,000 rows where Emmett's " +
        'readStream loads the whole stream in one query.',
    );
    await compare('PostgreSQL', ours, theirs, rows);
    const writers = await writersRatio(ours, 8, Number(process.env.BENCH_WRITER_APPENDS ?? 200));
    footnotes.push(
      `PostgreSQL, 8 writers on 8 streams: ${Math.round(writers.many).toLocaleString('en-US')} events/s, against ` +
        `${Math.round(writers.one).toLocaleString('en-US')} for 1 writer: ${(writers.many / writers.one).toFixed(2)}x`,
    );
    reportGoal('pg-writers', writers.many / writers.one);
    await ours.close();
    await theirs.close?.();
    // What each stores per event (all tables of its schema with TOAST and indexes): the hash chain makes phasegate's rows the larger ones.
    const size = async (sql: string) => Number((await admin.query<{ n: string }>(sql)).rows[0]!.n);
    const perEvent = (ns: string, table: string) =>
      size(
        `SELECT (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ` +
          `WHERE n.nspname = '${ns}' AND c.relkind = 'r') / (SELECT count(*) FROM "${ns}".${table}) AS n`,
      );
    const ourBytes = await perEvent(schema, 'events');
    const theirBytes = await perEvent(`${schema}_emmett`, 'emt_messages');
    footnotes.push(
      `PostgreSQL bytes per stored event (rows + indexes): phasegate ${Math.round(ourBytes)}, Emmett ${Math.round(theirBytes)}`,
    );
    reportGoal('pg-bytes', ourBytes / theirBytes, `${Math.round(ourBytes)} B vs ${Math.round(theirBytes)} B`);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}_emmett" CASCADE`);
    await admin.end();
  }

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = loadavg()
  .map((n) => n.toFixed(2))
  .join(' ');
console.log(
  `\nphasegate vs Emmett 0.42, events/s (one run; ratio = phasegate / Emmett, above 1 is faster; load average ${load})\n`,
);
console.log('| store | workload | phasegate | Emmett | ratio | CPU ratio |');
console.log('|---|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.store} | ${row.workload} | ${fmt(row.phasegate)} | ${fmt(row.emmett)} | ` +
      `${(row.phasegate / row.emmett).toFixed(2)} | ${row.cpu.toFixed(2)} |`,
  );
console.log(
  "\nCPU ratio: Emmett's CPU seconds per phasegate CPU second in this process (above 1: phasegate uses less); the " +
    "PostgreSQL server's CPU is in neither. Wall time adds the disk's fsyncs, which this ratio leaves out.",
);
for (const note of footnotes) console.log(`\n${note}`);
const goalOf = (row: Row) => {
  const kind = row.workload.startsWith('append, 1')
    ? 'single'
    : row.workload.startsWith('append, batches')
      ? 'batch'
      : row.workload.includes('fold')
        ? 'read-fold'
        : 'read';
  return `${row.store === 'SQLite' ? 'sqlite' : 'pg'}-${kind}`;
};
for (const row of rows) reportGoal(goalOf(row), row.phasegate / row.emmett, goalNotes.get(goalOf(row)));
