import type { PositionedEvent } from '../envelope/envelope.ts';
import type { EventStore, Subscription } from '../store/eventStore.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { RowFolder } from './fold.ts';
import type { ReadModel } from './readModel.ts';
import type { ReadModelCheckpoint, ReadModelStore } from './readModelStore.ts';

/** What a catch-up or rebuild did: the positions it folded from and to, and how many events it read. */
export type ProjectionReport = {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly events: number;
};

/** Options of {@link createProjector}. */
export type ProjectorOptions = {
  readonly store: EventStore;
  /** The read-model tables of the same store. */
  readonly tables: ReadModelStore;
  readonly model: ReadModel;
  /** Lifts payloads to the newest schema of their workflow before the model sees them. */
  readonly registry?: WorkflowRegistry;
  /** Events per commit. @defaultValue 2000 */
  readonly batchSize?: number;
  /** Rows kept in memory between commits. @defaultValue 5000 */
  readonly cacheRows?: number;
  /**
   * Let another process that is folding the same positions finish the job: a catch-up that loses a commit race
   * returns instead of starting over (what a writer wants after its append). @defaultValue false
   */
  readonly yieldOnRace?: boolean;
};

/** Keeps one read model's tables in step with the log. */
export type Projector = {
  /** Folds every event after the checkpoint into the tables, in batches (rebuilding first under a new version). */
  catchUp(): Promise<ProjectionReport>;
  /** Deletes the read model's rows and folds the whole log from position 0. */
  rebuild(): Promise<ProjectionReport>;
  /**
   * Catches up, then keeps following the store's subscription, committing what arrives in batches; returns the
   * subscription (stop it to end). `done` rejects with the first failure.
   */
  follow(): Promise<Subscription>;
};

/**
 * Returns a projector: it reads the log from its read model's checkpoint on (the store's `readAll` to catch up, its
 * subscription to follow) and stores each batch's rows with the checkpoint in one transaction, so a restart neither
 * loses nor double counts an event; when another process committed the same positions first, it reloads and goes on.
 */
export function createProjector(options: ProjectorOptions): Projector {
  const { store, tables, model } = options;
  const batchSize = options.batchSize ?? 2000;
  const cacheRows = options.cacheRows ?? 5000;
  let folder = new RowFolder(model, options.registry);
  /** The checkpoint the cached rows belong to: when the stored one differs (another process), they are dropped. */
  let cachedAt = -1;

  const start = async (): Promise<ReadModelCheckpoint> => {
    let checkpoint = await tables.checkpoint(model.name);
    if (checkpoint === null || checkpoint.version !== model.version) {
      await tables.reset(model.name, model.version);
      checkpoint = { position: 0, version: model.version };
    }
    if (checkpoint.position !== cachedAt) folder = new RowFolder(model, options.registry);
    cachedAt = checkpoint.position;
    return checkpoint;
  };

  /** Folds and commits one batch; returns false when another process moved the checkpoint first. */
  const commit = async (from: number, batch: readonly PositionedEvent[]): Promise<boolean> => {
    const missing = [...new Set(batch.map((b) => b.event.stream))].filter((s) => !folder.has(s));
    for (const row of (await tables.rows(model.name, missing)).values()) folder.load(row);
    for (const { event } of batch) folder.apply(event);
    const { rows, history } = folder.take();
    const to = batch.at(-1)!.position;
    const stored = await tables.commit(model.name, { version: model.version, from, to, rows, history });
    if (!stored) {
      folder = new RowFolder(model, options.registry);
      cachedAt = -1;
    } else {
      cachedAt = to;
      if (folder.size > cacheRows) folder.forgetClean();
    }
    return stored;
  };

  const catchUp = async (): Promise<ProjectionReport> => {
    let checkpoint = await start();
    const first = checkpoint.position;
    let events = 0;
    for (;;) {
      let batch: PositionedEvent[] = [];
      let raced = false;
      for await (const item of store.readAll({ fromPosition: checkpoint.position + 1 })) {
        batch.push(item);
        if (batch.length < batchSize) continue;
        if (!(await commit(checkpoint.position, batch))) {
          raced = true;
          break;
        }
        events += batch.length;
        checkpoint = { ...checkpoint, position: batch.at(-1)!.position };
        batch = [];
      }
      if (!raced && batch.length > 0) {
        if (await commit(checkpoint.position, batch)) {
          events += batch.length;
          checkpoint = { ...checkpoint, position: batch.at(-1)!.position };
        } else raced = true;
      }
      if (!raced || options.yieldOnRace === true)
        return { name: model.name, from: first, to: checkpoint.position, events };
      checkpoint = await start();
    }
  };

  return {
    catchUp,
    async rebuild() {
      await tables.reset(model.name, model.version);
      folder = new RowFolder(model, options.registry);
      cachedAt = 0;
      return catchUp();
    },
    async follow() {
      await catchUp();
      let checkpoint = (await tables.checkpoint(model.name))!;
      let pending: PositionedEvent[] = [];
      let flushing: Promise<void> = Promise.resolve();
      let failure: Error | null = null;
      const throwIfFailed = (): void => {
        if (failure !== null) throw failure;
      };
      const flush = (): Promise<void> => {
        flushing = flushing.then(async () => {
          const batch = pending.filter((item) => item.position > checkpoint.position);
          pending = [];
          if (batch.length === 0 || failure !== null) return;
          try {
            if (await commit(checkpoint.position, batch))
              checkpoint = { ...checkpoint, position: batch.at(-1)!.position };
            else {
              await catchUp(); // another process went ahead: take up from the stored checkpoint
              checkpoint = (await tables.checkpoint(model.name))!;
            }
          } catch (error) {
            failure = error instanceof Error ? error : new Error(String(error));
          }
        });
        return flushing;
      };
      const subscription = store.subscribe({ fromPosition: checkpoint.position + 1 }, async (item) => {
        throwIfFailed();
        if (item.position <= checkpoint.position) return;
        pending.push(item);
        if (pending.length >= batchSize) await flush();
        else setImmediate(() => void flush());
        throwIfFailed(); // a flush may have failed meanwhile (TypeScript's narrowing cannot see that, a call can)
      });
      const done = subscription.done.then(async () => {
        await flush();
        if (failure !== null) throw failure;
      });
      done.catch(() => {}); // the caller may never look at `done`
      return {
        async stop() {
          await subscription.stop();
          await flush();
        },
        done,
      };
    },
  };
}
