// Model-based test of an EventStore: the model is a map of stream -> events plus the
// global order; it predicts ok / conflict / already appended / idempotency conflict and what every read returns.
import fc from 'fast-check';
import { expect } from 'vitest';
import { assertChain, encodeEvent, type EventStore, type RecordedEvent } from '../../src/index.ts';
import { chainEvents, collect } from './storeEvents.ts';
import type { StoreFixture } from './storeFixtures.ts';

type Model = {
  streams: Map<string, RecordedEvent[]>;
  all: RecordedEvent[];
  lastBatch: { stream: string; events: RecordedEvent[]; expectedSeq: number } | null;
  nextId: number;
};
type Real = { store: EventStore };
type StoreCommand = fc.AsyncCommand<Model, Real>;

const streamNames = ['s0', 's1', 's2'] as const;

const outcomeOf = (promise: Promise<{ outcome: string }>) =>
  promise.then(
    (result) => result.outcome,
    (error: unknown) => (error as { code?: string }).code ?? String(error),
  );

const headOf = (model: Model, stream: string) => {
  const events = model.streams.get(stream) ?? [];
  const last = events.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : null;
};

class AppendCommand implements StoreCommand {
  constructor(
    readonly stream: string,
    readonly stale: boolean,
    readonly size: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const current = model.streams.get(this.stream) ?? [];
    const expectedSeq = this.stale ? current.length + 1 : current.length;
    const specs = Array.from({ length: this.size }, () => ({ id: `id${model.nextId++}`, data: { k: model.nextId } }));
    const events = chainEvents(this.stream, specs, headOf(model, this.stream));
    const got = await outcomeOf(real.store.append(this.stream, events, { expectedSeq }));
    expect(got).toBe(this.stale ? 'VERSION_CONFLICT' : 'appended');
    if (this.stale) return;
    model.streams.set(this.stream, [...current, ...events]);
    model.all.push(...events);
    model.lastBatch = { stream: this.stream, events, expectedSeq };
  }
  toString = () => `append(${this.stream}, ${this.stale ? 'stale' : 'fresh'}, ${this.size})`;
}

class RetryLastCommand implements StoreCommand {
  check = (model: Readonly<Model>) => model.lastBatch !== null;
  async run(model: Model, real: Real) {
    const { stream, events, expectedSeq } = model.lastBatch!;
    const result = await real.store.append(stream, events, { expectedSeq });
    expect(result.outcome).toBe('already_appended');
    expect(result.events.map((e) => encodeEvent(e))).toEqual(events.map((e) => encodeEvent(e)));
  }
  toString = () => 'retryLast';
}

class ReuseIdCommand implements StoreCommand {
  constructor(
    readonly pick: number,
    readonly partly: boolean,
  ) {}
  check = (model: Readonly<Model>) => model.all.length > 0;
  async run(model: Model, real: Real) {
    const stored = model.all[this.pick % model.all.length]!;
    const head = headOf(model, stored.stream);
    const specs = this.partly
      ? [{ id: stored.id, data: stored.data as Record<string, unknown> }, { id: `id${model.nextId++}` }]
      : [{ id: stored.id, data: { other: true } }];
    const events = chainEvents(stored.stream, specs, head);
    const got = await outcomeOf(real.store.append(stored.stream, events, { expectedSeq: head?.seq ?? 0 }));
    expect(got).toBe('IDEMPOTENCY_CONFLICT');
  }
  toString = () => `reuseId(${this.pick}, ${this.partly ? 'partly stored batch' : 'other content'})`;
}

class ReadStreamCommand implements StoreCommand {
  constructor(readonly stream: string) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const read = await collect(real.store.readStream(this.stream));
    expect(read.map((e) => encodeEvent(e))).toEqual((model.streams.get(this.stream) ?? []).map((e) => encodeEvent(e)));
    expect(await real.store.head(this.stream)).toEqual(
      read.length === 0 ? null : expect.objectContaining({ seq: read.length, hash: read.at(-1)!.hash }),
    );
  }
  toString = () => `readStream(${this.stream})`;
}

class ReadAllCommand implements StoreCommand {
  constructor(readonly from: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const all = await collect(real.store.readAll());
    expect(all.map((p) => p.event.id)).toEqual(model.all.map((e) => e.id));
    const start = Math.min(this.from, all.length);
    const position = all[start]?.position ?? (all.at(-1)?.position ?? 0) + 1;
    const suffix = await collect(real.store.readAll({ fromPosition: position }));
    expect(suffix.map((p) => encodeEvent(p.event))).toEqual(model.all.slice(start).map((e) => encodeEvent(e)));
  }
  toString = () => `readAll(from #${this.from})`;
}

class VerifyCommand implements StoreCommand {
  check = () => true;
  async run(model: Model, real: Real) {
    expect(await real.store.listStreams()).toEqual([...model.streams.keys()].sort());
    for (const [stream, events] of model.streams) {
      expect(await assertChain(stream, real.store.readStream(stream))).toEqual({
        seq: events.length,
        hash: events.at(-1)!.hash,
      });
    }
  }
  toString = () => 'verify';
}

class ReopenCommand implements StoreCommand {
  constructor(readonly fixture: StoreFixture) {}
  check = () => true;
  async run(_model: Model, real: Real) {
    real.store = await this.fixture.reopen(real.store);
  }
  toString = () => 'reopen';
}

/** Runs the model-based test against an adapter: every run starts with an empty store of its own. */
export async function runStoreModel(fixture: StoreFixture): Promise<void> {
  const stream = fc.constantFrom(...streamNames);
  const commands = [
    fc
      .tuple(stream, fc.boolean(), fc.integer({ min: 1, max: 3 }))
      .map(([s, stale, size]) => new AppendCommand(s, stale, size)),
    fc.tuple(stream, fc.integer({ min: 1, max: 3 })).map(([s, size]) => new AppendCommand(s, false, size)),
    fc.constant(new RetryLastCommand()),
    fc.tuple(fc.nat(), fc.boolean()).map(([pick, partly]) => new ReuseIdCommand(pick, partly)),
    stream.map((s) => new ReadStreamCommand(s)),
    fc.nat({ max: 40 }).map((from) => new ReadAllCommand(from)),
    fc.constant(new ReopenCommand(fixture)),
    fc.constant(new VerifyCommand()),
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.commands(commands, { maxCommands: Number(process.env.STORE_MODEL_COMMANDS ?? 40) }),
      async (cmds) => {
        const real: Real = { store: await fixture.open() };
        try {
          const model: Model = { streams: new Map(), all: [], lastBatch: null, nextId: 0 };
          await fc.asyncModelRun(() => ({ model, real }), cmds);
        } finally {
          await real.store.close();
        }
      },
    ),
    { numRuns: Number(process.env.STORE_MODEL_RUNS ?? 60) },
  );
}
