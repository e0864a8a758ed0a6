import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian's chromium lives; `.ci/run` installs it when missing. */
export const chromiumPath = '/usr/bin/chromium';

/** A headless Chromium with a fresh profile; `close()` removes the profile. */
export type HeadlessChromium = { readonly context: BrowserContext; close(): Promise<void> };

/**
 * Launches Debian's Chromium headless, offline-minded (no sandbox, GPU, QUIC, sync or background networking) with a
 * fresh user-data dir. Throws (never skips) when Chromium is not installed, so a missing install fails the suite.
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}: run "apt-get install -y chromium" (.ci/run does this)`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'phasegate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
