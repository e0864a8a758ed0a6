import type { CliIo } from './io.ts';
import { counted } from '../words.ts';

/** A progress bar on stderr: drawn only when stderr is a terminal, so piped or redirected output stays clean. */
export type ProgressBar = {
  /**
   * Whether the bar is drawn (stderr is a terminal): a walk that counts its events ahead only for the bar's total (a
   * store's stream heads) skips counting when it is not (docs/performance.md, "Using the cores").
   */
  readonly live: boolean;
  /**
   * Shows `done` of `total` (bytes or events) and how many events so far, or only the events when `total` is not
   * known (0); redrawn at most every 100 ms.
   */
  update(done: number, total: number, events: number): void;
  /** Clears the bar. */
  done(): void;
};

const width = 30;

/** Returns a progress bar labelled `label`; a no-op when `io.stderr` is not a TTY. */
export function createProgressBar(io: CliIo, label: string, clock: () => number = Date.now): ProgressBar {
  if (io.stderr.isTTY !== true) return { live: false, update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    live: true,
    update(done, total, events) {
      const now = clock();
      if (now - last < 100) return;
      last = now;
      const count = counted(events, 'event');
      if (total <= 0) {
        io.stderr.write(`\r${label} ${count}\u001b[K`);
      } else {
        const ratio = Math.min(1, done / total);
        const filled = Math.round(ratio * width);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        io.stderr.write(`\r${label} ${bar} ${String(Math.floor(ratio * 100)).padStart(3)}%  ${count}`);
      }
      drawn = true;
    },
    done() {
      if (drawn) io.stderr.write('\r\u001b[K');
      drawn = false;
    },
  };
}
