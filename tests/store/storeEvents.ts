import { GENESIS_HASH, hashEvent, type RecordedEvent } from '../../src/index.ts';

/** What a test event may set; the rest of the envelope is filled in. */
export type EventSpec = { readonly id: string; readonly data?: Record<string, unknown>; readonly type?: string };

/** Returns sealed events that continue a stream from `after` (seq and hash of its head; none: an empty stream). */
export function chainEvents(
  stream: string,
  specs: readonly EventSpec[],
  after: { readonly seq: number; readonly hash: string } | null = null,
): RecordedEvent[] {
  let seq = after?.seq ?? 0;
  let prev = after?.hash ?? GENESIS_HASH;
  return specs.map((spec) => {
    seq++;
    const unhashed = {
      id: spec.id,
      stream,
      seq,
      type: spec.type ?? 'Noted',
      schema: 1,
      workflow: 'test@1',
      occurredAt: '2024-01-01',
      recordedAt: '2024-01-01T00:00:00.000Z',
      actor: { id: 'org', role: 'clerk' },
      data: spec.data ?? { n: seq },
      prev,
    };
    const event = { ...unhashed, hash: hashEvent(unhashed) } as RecordedEvent;
    prev = event.hash;
    return event;
  });
}

/** Returns every event a stream yields. */
export async function collect<TItem>(items: AsyncIterable<TItem>): Promise<TItem[]> {
  const out: TItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Waits until `check` holds, polling; fails the test after `ms`. */
export async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
