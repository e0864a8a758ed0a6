import { RefusedError, StoreError } from '../errors.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import type { InputLimits } from '../envelope/limits.ts';
import type { EventStore } from '../store/eventStore.ts';
import { refusalsStreamOf } from '../workflow/refusalsWorkflow.ts';
import { recordRefusal, type RefusalRecord } from './refusals.ts';
import type { EventSigner } from './sealing.ts';

/** What keeping a refusal needs of the engine's options. */
export type RefusalKeeping = {
  readonly clock: () => Date;
  readonly limits: InputLimits;
  readonly maxRetries: number;
  readonly signer?: EventSigner | undefined;
  /** Keep refusals at all (`recordRefusals`): without it a refusal is only thrown. */
  readonly recordRefusals: boolean;
};

/**
 * Answers a refused batch: from the store when the whole batch is stored already (a retried request whose first try
 * was accepted), else keeps the refusal (with `recordRefusals`) and throws it as a {@link RefusedError}.
 */
export async function answerRefusal(
  store: EventStore,
  record: RefusalRecord,
  keeping: RefusalKeeping,
  replayed: () => Promise<readonly RecordedEvent[] | null>,
): Promise<readonly RecordedEvent[]> {
  const stored = await replayed();
  if (stored) return stored;
  if (keeping.recordRefusals) await keepRefusal(store, record, keeping);
  throw new RefusedError(record.refusal);
}

/**
 * Appends a refusal to `<stream>.refusals` (`recordRefusals`, README); a store failure there is reported as a
 * {@link StoreError} that carries the refusal it was keeping.
 */
export async function keepRefusal(store: EventStore, record: RefusalRecord, keeping: RefusalKeeping): Promise<void> {
  try {
    await recordRefusal(store, record, {
      now: () => keeping.clock().toISOString(),
      limits: keeping.limits,
      maxRetries: keeping.maxRetries,
      ...(keeping.signer ? { signer: keeping.signer } : {}),
    });
  } catch (error) {
    throw new StoreError(
      `${record.refusal.message}. The refusal could not be recorded in "${refusalsStreamOf(record.stream)}": ` +
        (error as Error).message,
      { cause: error },
    );
  }
}
