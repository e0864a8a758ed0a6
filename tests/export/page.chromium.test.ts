/**
 * The programme page and the Mermaid export, checked where people see them: in Debian's headless Chromium. Fails
 * (never skips) when Chromium is missing; `.ci/run` installs it. The screenshot goes to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowRegistry, renderProgrammePage, toMermaid } from '../../src/index.ts';
import { programmeV1, programmeVersions } from '../../machines/index.ts';
import { launchChromium, type HeadlessChromium } from '../support/chromium.ts';
import { seedSeqOf } from '../support/lifecycle.ts';
import { seededStore } from '../support/seed.ts';

const registry = createWorkflowRegistry([...programmeVersions]);
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

describe('the programme page in headless Chromium', () => {
  it('is one file that needs nothing from elsewhere', () => {
    const html = readFileSync(pageFile, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });

  it('loads with no console error and lights the current state', async () => {
    const { page, problems } = await open(pathToFileURL(pageFile).href);
    await page.setViewportSize({ width: 1500, height: 1000 });
    expect(await page.locator('#current').textContent()).toBe('implementation.active');
    expect(await page.evaluate(litIds)).toEqual([
      'state:programme.running',
      'state:programme.running.implementation',
      'state:programme.running.implementation.active',
    ]);
    expect(await page.locator('#gates').textContent()).toContain('G3-C1 (must)not met');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/programme-page.png', fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('moves the lit state, the facts and the gate criteria with the slider', async () => {
    const { page, problems } = await open(pathToFileURL(pageFile).href);
    await page.locator('#seq').fill('0');
    expect(await page.evaluate(litIds)).toEqual(['state:programme.unregistered']);
    const review = String(seedSeqOf('lcz-09-g1-review'));
    const decision = seedSeqOf('lcz-12-g1-decision');
    await page.locator('#seq').fill(review); // after the G1 review is scheduled
    expect(await page.locator('#current').textContent()).toBe('feasibility.gate');
    expect(await page.evaluate(litIds)).toContain('state:programme.running.feasibility.gate');
    expect(await page.locator('#gates').textContent()).toContain('G1 (review open)');
    expect(await page.locator('#timeline tr.current td').first().textContent()).toBe(review);
    await page.locator('#timeline tbody tr').nth(decision - 1).click(); // the G1 decision
    expect(await page.locator('#current').textContent()).toBe('development.active');
    expect(await page.evaluate(() => document.body.dataset.seq)).toBe(String(decision));
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the Mermaid export in headless Chromium', () => {
  it('renders with Mermaid itself, every state drawn and the lit state classed', async () => {
    const require = createRequire(import.meta.url);
    const file = join(dir, 'mermaid.html');
    writeFileSync(file, '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
    const { page, problems } = await open(pathToFileURL(file).href);
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    const text = toMermaid(programmeV1.machine, { snapshot: programmeV1.machine.resolveState({ value: 'suspended', context: {} as never }) });
    const result = await page.evaluate(async (source) => {
      const mermaid = (globalThis as unknown as { mermaid: { initialize(o: object): void; parse(s: string): Promise<unknown>; render(id: string, s: string): Promise<{ svg: string }> } }).mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      try {
        await mermaid.parse(source);
        return { svg: (await mermaid.render('chart', source)).svg };
      } catch (error) {
        return { error: String(error) };
      }
    }, text);
    expect(result.error).toBeUndefined();
    for (const label of ['unregistered', 'feasibility', 'development', 'implementation', 'finalisation', 'suspended', 'cancelled (end)', 'closed (end)', 'H*']) {
      expect(result.svg).toContain(`>${label}<`);
    }
    expect(result.svg).toMatch(/class="[^"]*\blit\b[^"]*"[^>]*id="[^"]*programme_suspended/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
