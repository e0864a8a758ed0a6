/**
 * The programme page and the Mermaid export, checked where people see them: in Debian's headless Chromium. Fails
 * (never skips) when Chromium is missing; `.ci/run` installs it. The screenshot goes to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowRegistry } from '../../src/index.ts';
import { renderProgrammePage, toMermaid } from '../../src/entries/export.ts';
import { programmeV1, programmeVersions } from '../../machines/index.ts';
import { launchChromium, type HeadlessChromium } from '../support/chromium.ts';
import { seededStore } from '../support/seedLog.ts';

const registry = createWorkflowRegistry([...programmeVersions]);
const require = createRequire(import.meta.url);
let browser: HeadlessChromium;
let dir: string;
let pageFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phasegate-page-'));
  const store = await seededStore();
  pageFile = join(dir, 'page.html');
  writeFileSync(pageFile, await renderProgrammePage(registry, 'lcz-shenzhen', store.readStream('lcz-shenzhen')));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a file and collects console errors, page errors and any request that is not the file itself. */
async function open(url: string) {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

const litIds = () => Array.from(document.querySelectorAll('#chart .state.lit')).map((e) => e.id);

const seedEvents = async () => {
  const store = await seededStore();
  const events = [];
  for await (const e of store.readStream('lcz-shenzhen')) events.push(e);
  return events;
};

/** Runs axe-core in the page and returns the serious and critical violations, with the nodes they name. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis)))
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  const result = await page.evaluate<{
    violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
    passes: unknown[];
  }>('axe.run(document, { resultTypes: ["violations"] })');
  expect(result.passes.length).toBeGreaterThan(10); // axe really ran its rules
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => JSON.stringify(n.target))
          .slice(0, 3)
          .join(', ')})`,
    );
}

/** True when the element's centre is where a tap lands on it (nothing covers it, it is on screen). */
const hitTestable = (selector: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    return x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight && document.elementFromPoint(x, y) === el; })()`;

/** True when the element is fully inside the visible part of its scrolling container. */
const insideView = (selector: string, container: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); const c = document.querySelector(${JSON.stringify(container)});
    const r = el.getBoundingClientRect(), v = c.getBoundingClientRect();
    return r.top >= v.top - 1 && r.bottom <= v.bottom + 1 && r.left >= v.left - 1 && r.right <= v.right + 1; })()`;

describe('the programme page in headless Chromium', () => {
  it('is one file that needs nothing from elsewhere', () => {
    const html = readFileSync(pageFile, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });

  it.each([
    [390, 844],
    [1440, 900],
  ])(
    'is legible at %i px: no sideways scroll, the slider can be touched, the lit state is centred and readable',
    async (width, height) => {
      const { page, problems } = await open(pathToFileURL(pageFile).href);
      await page.setViewportSize({ width, height });
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
      expect(await page.evaluate(hitTestable('#seq'))).toBe(true);
      expect(await page.locator('h1').textContent()).toBe('Cooperation on a Sino-Dutch Low-carbon zone Shenzhen');
      expect(await page.locator('#current').textContent()).toBe('Implementation: work towards G3');
      expect(await page.evaluate(litIds)).toEqual([
        'state:programme.running',
        'state:programme.running.implementation',
        'state:programme.running.implementation.active',
      ]);
      // The lit leaf is in view in the chart, and its label is at least 11 px high on screen.
      const leaf = '[id="state:programme.running.implementation.active"]';
      expect(await page.evaluate(insideView(leaf, '#chart'))).toBe(true);
      expect(
        await page.evaluate((s) => document.querySelector(s + ' text')!.getBoundingClientRect().height, leaf),
      ).toBeGreaterThanOrEqual(11);
      expect(await page.locator('#gates').textContent()).toContain(
        'G3-C1 (must): At least 3 knowledge-transfer activities',
      );
      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: `test-artifacts/programme-page-${width}.png` });
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    },
  );

  it('moves the chart, the facts, the timeline and the announcement with the slider', async () => {
    const events = await seedEvents();
    const last = events.length;
    const review = events.find((e) => e.type === 'GateReviewScheduled')!.seq;
    const g1 = events.find((e) => e.type === 'GateDecisionRecorded')!.seq;
    const { page, problems } = await open(pathToFileURL(pageFile).href);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('#seq').fill('0');
    expect(await page.evaluate(litIds)).toEqual(['state:programme.unregistered']);
    expect(await page.locator('#seq').getAttribute('aria-valuetext')).toBe(`before the first event (0 of ${last})`);
    await page.locator('#seq').fill(String(review));
    expect(await page.locator('#current').textContent()).toBe('Feasibility: G1 review open');
    expect(await page.evaluate(litIds)).toContain('state:programme.running.feasibility.gate');
    expect(await page.evaluate(insideView('[id="state:programme.running.feasibility.gate"]', '#chart'))).toBe(true);
    expect(await page.locator('#gates').textContent()).toContain('G1 (review open, review on 2011-11-16)');
    expect(await page.locator('#timeline li.current .seq').textContent()).toBe(String(review));
    await page.locator(`#timeline li[data-seq="${g1}"] button`).click();
    expect(await page.locator('#seq').getAttribute('aria-valuetext')).toBe(
      `event ${g1} of ${last}: G1 go with conditions`,
    );
    expect(await page.locator('#current').textContent()).toBe('Development: work towards G2');
    expect(await page.evaluate(() => document.body.dataset.seq)).toBe(String(g1));
    expect(await page.locator('#facts').textContent()).toContain(
      'G1: go with conditions, 16 Nov 2011 (EL&I, Shenzhen Municipal Government)',
    );
    expect(await page.locator('#facts').textContent()).toMatch(/Condition K1 \(G1\).+; owner .+; due /);
    expect(await page.evaluate(insideView('#timeline li.current', '#timeline'))).toBe(true);
    expect(await page.evaluate(insideView('[id="state:programme.running.development.active"]', '#chart'))).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violation at several slider positions, on a phone and a desktop', async () => {
    const events = await seedEvents();
    const g1 = events.find((e) => e.type === 'GateDecisionRecorded')!.seq;
    const { page } = await open(pathToFileURL(pageFile).href);
    for (const [width, height] of [
      [390, 844],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const seq of [0, 1, g1, Math.floor(events.length / 2), events.length]) {
        await page.locator('#seq').fill(String(seq));
        expect(await seriousViolations(page), `${width} px, event ${seq}`).toEqual([]);
      }
    }
    await page.close();
  });

  it('is operable from the keyboard: timeline rows, chart zoom, and each way out of the state with its guards', async () => {
    const events = await seedEvents();
    const { page, problems } = await open(pathToFileURL(pageFile).href);
    await page.setViewportSize({ width: 1440, height: 900 });
    // Tab from the slider reaches the timeline's current row; arrows then move through the events.
    await page.locator('#seq').focus();
    let inTimeline = false;
    for (let i = 0; i < 60 && !inTimeline; i++) {
      await page.keyboard.press('Tab');
      inTimeline = await page.evaluate(() => document.activeElement?.closest('#timeline') !== null);
    }
    expect(inTimeline).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.dataset.seq)).toBe(String(events.length));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.body.dataset.seq)).toBe(String(events.length - 2));
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.dataset.seq)).toBe(
      String(events.length - 2),
    );
    await page.keyboard.press('Home');
    expect(await page.locator('#seq').inputValue()).toBe('1');
    await page.keyboard.press('End');
    expect(await page.locator('#seq').inputValue()).toBe(String(events.length));
    // The chart zooms with + and -, shows the whole chart with 0, and comes back to the current state with C.
    await page.locator('#chart').focus();
    const scale = () => page.evaluate(() => Number(document.getElementById('chart')!.dataset.scale));
    const start = await scale();
    await page.keyboard.press('+');
    expect(await scale()).toBeGreaterThan(start);
    await page.keyboard.press('0');
    expect(await scale()).toBeLessThan(start);
    await page.keyboard.press('c');
    expect(await scale()).toBe(start);
    // Ctrl and the wheel (what a trackpad pinch sends) zoom too.
    const box = (await page.locator('#chart').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await expect.poll(scale).toBeGreaterThan(start);
    // Tab from the chart reaches the arrows out of the current state; focus shows the guards in full.
    await page.locator('#chart').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('transition'))).toBe(true);
    expect(await page.locator('#guard-detail').textContent()).toMatch(/^\w+ \[and\(/);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the Mermaid export in headless Chromium', () => {
  it('renders with Mermaid itself, every state drawn and the lit state classed', async () => {
    const file = join(dir, 'mermaid.html');
    writeFileSync(file, '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
    const { page, problems } = await open(pathToFileURL(file).href);
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    const text = toMermaid(programmeV1.machine, {
      snapshot: programmeV1.machine.resolveState({ value: 'suspended', context: {} as never }),
    });
    const result = await page.evaluate(async (source) => {
      const mermaid = (
        globalThis as unknown as {
          mermaid: {
            initialize(o: object): void;
            parse(s: string): Promise<unknown>;
            render(id: string, s: string): Promise<{ svg: string }>;
          };
        }
      ).mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      try {
        await mermaid.parse(source);
        return { svg: (await mermaid.render('chart', source)).svg };
      } catch (error) {
        return { error: String(error) };
      }
    }, text);
    expect(result.error).toBeUndefined();
    for (const label of [
      'unregistered',
      'feasibility',
      'development',
      'implementation',
      'finalisation',
      'suspended',
      'cancelled (end)',
      'closed (end)',
      'H*',
    ]) {
      expect(result.svg).toContain(`>${label}<`);
    }
    expect(result.svg).toMatch(/class="[^"]*\blit\b[^"]*"[^>]*id="[^"]*programme_suspended/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
