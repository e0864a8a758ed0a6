import { describe, expect, it } from 'vitest';
import { notifyLatest } from '../../src/store/notifyLatest.ts';

/** A send whose calls are recorded and settled by the test. */
function controlledSend() {
  const calls: { position: number; settle: (ok: boolean) => void }[] = [];
  const send = (position: number) =>
    new Promise<void>((resolve, reject) =>
      calls.push({ position, settle: (ok) => (ok ? resolve() : reject(new Error('connection lost'))) }),
    );
  return { calls, send };
}
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('notifyLatest: one NOTIFY in flight, the rest folded into one more', () => {
  it('announces at once when nothing is in flight', () => {
    const { calls, send } = controlledSend();
    notifyLatest(send)(7);
    expect(calls.map((c) => c.position)).toEqual([7]);
  });

  it('announces positions made meanwhile with one more call, the highest, after the one in flight', async () => {
    const { calls, send } = controlledSend();
    const notify = notifyLatest(send);
    notify(1);
    notify(3);
    notify(2);
    expect(calls.map((c) => c.position)).toEqual([1]);
    calls[0]!.settle(true);
    await settled();
    expect(calls.map((c) => c.position)).toEqual([1, 3]);
    calls[1]!.settle(true);
    await settled();
    expect(calls).toHaveLength(2);
    notify(4);
    expect(calls.map((c) => c.position)).toEqual([1, 3, 4]);
  });

  it('carries on after a failed call', async () => {
    const { calls, send } = controlledSend();
    const notify = notifyLatest(send);
    notify(1);
    notify(2);
    calls[0]!.settle(false);
    await settled();
    expect(calls.map((c) => c.position)).toEqual([1, 2]);
    calls[1]!.settle(false);
    await settled();
    notify(5);
    expect(calls.map((c) => c.position)).toEqual([1, 2, 5]);
  });
});
