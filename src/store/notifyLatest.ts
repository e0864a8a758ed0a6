/**
 * Returns a function that announces positions through `send`, one call in flight at a time: positions announced while
 * one is in flight are folded into one more call with the highest of them, made when it settles. Every position is
 * covered by a call made after it was announced, so a listener that reads everything new on each wake misses
 * nothing, and concurrent writers spend one round trip between them instead of one each. A failed send is ignored
 * (subscribers also poll).
 */
export function notifyLatest(send: (position: number) => Promise<unknown>): (position: number) => void {
  let inFlight = false;
  let pending = 0;
  const announce = (position: number): void => {
    if (inFlight) {
      pending = Math.max(pending, position);
      return;
    }
    inFlight = true;
    void send(position)
      .catch(() => {})
      .then(() => {
        inFlight = false;
        const next = pending;
        pending = 0;
        if (next > 0) announce(next);
      });
  };
  return announce;
}
