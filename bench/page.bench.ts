// npm run bench:page: the programme page for a long stream. For 1,000 and 5,000 generated events: the page's bytes,
// the time to generate it in-process (warm: the fold, the words, the deltas, the chart rendered by Graphviz-in-WASM and
// the HTML; the median of 3), and in Debian's Chromium the time one slider step takes (the input handler plus the
// style and layout it forces), the median, the 95th percentile and the worst of 200 steps: 100 random jumps and a 100-event drag.
// Budgets (issue 13): 5,000 events in at most 1.5 MB, generated in under 1.5 s, a slider step under 30 ms.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createWorkflowRegistry, type RecordedEvent } from '../src/index.ts';
import { renderProgrammePage } from '../src/entries/export.ts';
import { programmeVersions } from '../machines/index.ts';
import { launchChromium } from '../tests/support/chromium.ts';
import { generateEvents } from './generateLog.ts';

const sizes = (process.env.BENCH_PAGE_SIZES ?? '1000,5000').split(',').map(Number);
const registry = createWorkflowRegistry([...programmeVersions]);
const budget = { bytes: 1.5 * 1024 * 1024, seconds: 1.5, stepMs: 30 };

async function* replayOf(events: readonly RecordedEvent[]) {
  yield* events;
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
const median = (xs: number[]) => quantile(xs, 0.5);
const dir = mkdtempSync(join(tmpdir(), 'phasegate-page-bench-'));
const browser = await launchChromium();
try {
  await renderProgrammePage(registry, 'warm-up', replayOf([...generateEvents(1000, 'warm-up')]));
  console.log('events   bytes        (budget)   generate s (budget)   slider step ms: median   p95  worst (budget)');
  for (const size of sizes) {
    const events = [...generateEvents(size)];
    const times: number[] = [];
    let html = '';
    for (let run = 0; run < 3; run++) {
      const started = process.hrtime.bigint();
      html = await renderProgrammePage(registry, 'bench', replayOf(events));
      times.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    const file = join(dir, `page-${size}.html`);
    writeFileSync(file, html);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(pathToFileURL(file).href);
    // A string, not a function: tsx would add helpers to a function's source that the page does not have.
    const steps = await page.evaluate<number[]>(`(() => {
      const slider = document.getElementById('seq');
      const last = ${size};
      let state = 20111116;
      function random() { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; }
      const positions = [];
      for (let i = 0; i < 100; i++) positions.push(Math.floor(random() * (last + 1)));
      for (let i = 0; i < 100; i++) positions.push(Math.floor(last / 2) + i);
      return positions.map(function (seq) {
        const started = performance.now();
        slider.value = String(seq);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        void document.body.offsetHeight; // the style and layout the step causes
        return performance.now() - started;
      });
    })()`);
    await page.close();
    const bytes = Buffer.byteLength(html);
    const seconds = median(times);
    console.log(
      `${String(size).padStart(6)} ${bytes.toLocaleString('en').padStart(11)} (${(bytes / budget.bytes).toFixed(2)} of it) ` +
        `${seconds.toFixed(2).padStart(6)} (${(seconds / budget.seconds).toFixed(2)} of it)` +
        `${median(steps).toFixed(1).padStart(22)} ${quantile(steps, 0.95).toFixed(1).padStart(5)} ${Math.max(...steps)
          .toFixed(1)
          .padStart(
            6,
          )} (${(Math.max(...steps) / budget.stepMs).toFixed(2)} of it; step ${steps.indexOf(Math.max(...steps)) + 1})`,
    );
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
