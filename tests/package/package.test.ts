// The package as an application gets it (README "Installing", "0.2: subpath entries"): packed by npm, installed in
// a fresh project beside xstate and zod, compiled with tsc (nodenext and bundler, skipLibCheck false, lib ES2023),
// bundled for the browser and run in Chromium, and measured. Generous timeouts: npm, tsc and Chromium on a busy
// 2-core machine; nothing here asserts a duration.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEvent } from '../../src/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { browserApp } from './browserApp.ts';
import { nodeConsumer, readmeExample, tsconfig, typedConsumer } from './consumerSources.ts';
import {
  installConsumer,
  linkFromRepo,
  measureInstall,
  packRepository,
  repoRoot,
  type Installed,
  type Packed,
} from './packedProject.ts';

const run = promisify(execFile);
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'phasegate-package-'));
const consumer = join(work, 'consumer');
let packed: Packed;
let installed: Installed;
let install: { readonly packages: number; readonly bytes: number };

beforeAll(async () => {
  packed = await packRepository(work);
  installed = await installConsumer(consumer, packed.tarball);
  install = measureInstall(join(consumer, 'node_modules'));
  const megabytes = (install.bytes / 1e6).toFixed(1);
  console.log(`memory-only consumer (${installed.by}): ${install.packages} packages, ${megabytes} MB`);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('ships the LICENSE, README, the examples and the built entries, and no source map or source', () => {
    const examples = ['lcz-shenzhen.jsonl', 'embed.ts', 'grant/grantWorkflow.ts'].map((name) => `examples/${name}`);
    const shipped = ['LICENSE', 'README.md', ...examples];
    for (const path of shipped) {
      expect(packed.files).toContain(path);
    }
    const names = ['sqlite', 'postgres', 'jsonl', 'export', 'inspect', 'iati', 'audit'];
    const subpaths = names.map((name) => `entries/${name}`);
    for (const entry of ['index', ...subpaths]) {
      expect(packed.files).toContain(`dist/src/${entry}.js`);
      expect(packed.files).toContain(`dist/src/${entry}.d.ts`);
    }
    expect(packed.files.filter((path) => path.endsWith('.map') || path.startsWith('src/'))).toEqual([]);
    // The worker threads of verify and replay --jobs (README, "Command line") are files of their own.
    for (const worker of ['audit/parallel/verifyWorker', 'cli/replayWorker']) {
      expect(packed.files).toContain(`dist/src/${worker}.js`);
    }
  });

  it('publishes a manifest with peers, entries and top-level types, and nothing only this repository uses', () => {
    const text = readFileSync(join(consumer, 'node_modules/phasegate/package.json'), 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the published manifest, read field by field
    const manifest = JSON.parse(text) as Record<string, any>;
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest).not.toHaveProperty('allowScripts');
    expect(manifest).not.toHaveProperty('devDependencies');
    const topLevel = { main: './dist/src/index.js', types: './dist/src/index.d.ts' };
    expect(manifest).toMatchObject({ sideEffects: false, license: 'MIT', ...topLevel });
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['immer', 'nanoid']);
    const peers = Object.keys(manifest.peerDependencies);
    expect(peers).toEqual(expect.arrayContaining(['xstate', 'zod', 'better-sqlite3', 'pg']));
    for (const driver of ['better-sqlite3', 'pg', 'ws', 'xmlbuilder2', '@viz-js/viz', '@statelyai/inspect']) {
      expect(manifest.peerDependenciesMeta[driver]).toEqual({ optional: true });
    }
    const entries = Object.keys(manifest.exports);
    expect(entries).toEqual(expect.arrayContaining(['.', './programme', './testing', './sqlite', './postgres']));
  });
});

describe('a memory-only consumer', () => {
  it('installs phasegate, xstate and zod with their dependencies only: no driver, at most 20 MB', (context) => {
    if (installed.by !== 'npm') context.skip(); // offline: linked, not installed, so nothing to measure
    expect(install.packages).toBeLessThanOrEqual(8);
    expect(install.bytes).toBeLessThanOrEqual(20e6);
  });

  it('runs the memory store, and openStore names the driver a SQLite or PostgreSQL URL needs', async () => {
    const script = `
      import { createEngine, openStore, UsageError } from 'phasegate';
      import { programme } from 'phasegate/programme';
      const engine = createEngine({ workflows: programme, store: await openStore('memory:') });
      const messages = [];
      for (const url of ['lcz.db', 'postgres://localhost/lcz']) {
        try { await openStore(url); }
        catch (error) { messages.push(error instanceof UsageError ? error.message : 'other: ' + error); }
      }
      console.log(JSON.stringify({ state: (await engine.state('nothing-yet')).seq, messages }));`;
    writeFileSync(join(consumer, 'drivers.mjs'), script);
    const { stdout } = await run(process.execPath, ['drivers.mjs'], { cwd: consumer });
    const { state, messages } = JSON.parse(stdout) as { state: number; messages: string[] };
    expect(state).toBe(0);
    expect(messages[0]).toMatch(/needs the better-sqlite3 package.*npm install better-sqlite3/);
    expect(messages[1]).toMatch(/needs the pg package.*npm install pg/);
  }, 120_000);
});

describe('a Node consumer', () => {
  it('verifies a log of two streams on two worker threads, the worker file loaded from the package', async () => {
    const script = `
      import { writeFileSync } from 'node:fs';
      import { canonicalJson, encodeEvent, GENESIS_HASH, sha256Hex } from 'phasegate';
      import { verifyLog } from 'phasegate/audit';
      const lines = [];
      for (const stream of ['north', 'south']) {
        let prev = GENESIS_HASH;
        for (let seq = 1; seq <= 3; seq++) {
          const event = { id: stream + '-' + seq, stream, seq, type: 'NetworkMeetingHeld', schema: 1,
            workflow: 'programme@2', occurredAt: '2012-03-15', recordedAt: '2012-03-15T00:00:0' + seq + '.000Z',
            actor: { id: 'twa', role: 'programme_manager' }, data: {}, prev };
          prev = sha256Hex(canonicalJson(event));
          lines.push(encodeEvent({ ...event, hash: prev }));
        }
      }
      writeFileSync('two.jsonl', lines.join('\\n') + '\\n');
      const report = await verifyLog('two.jsonl', { jobs: 2 });
      console.log(JSON.stringify({ ok: report.ok, verified: report.streams.map((s) => s.verified) }));`;
    writeFileSync(join(consumer, 'jobs.mjs'), script);
    const { stdout } = await run(process.execPath, ['jobs.mjs'], { cwd: consumer });
    expect(JSON.parse(stdout)).toEqual({ ok: true, verified: [3, 3] });
  }, 120_000);
});

describe('a TypeScript consumer (skipLibCheck false, lib ES2023)', () => {
  beforeAll(() => {
    writeFileSync(join(consumer, 'readme.ts'), readmeExample());
    writeFileSync(join(consumer, 'typed.ts'), typedConsumer);
    writeFileSync(join(consumer, 'node.ts'), nodeConsumer);
    const grant = join(consumer, 'node_modules/phasegate/examples/grant/grantWorkflow.ts');
    copyFileSync(grant, join(consumer, 'grantWorkflow.ts'));
    // After the measurement: a Node application has its own @types/node, and one that imports phasegate/postgres
    // installs pg and, for TypeScript, @types/pg (README "Installing").
    for (const name of ['@types/node', 'pg', '@types/pg']) linkFromRepo(consumer, name);
  });

  const forNode = { lib: ['ES2023'], types: ['node'], node: true };
  const forBrowser = { lib: ['ES2023', 'DOM'], types: [], node: false };
  const variants = [
    { name: 'Node, nodenext', module: 'nodenext', moduleResolution: 'nodenext', ...forNode },
    { name: 'Node, bundler', module: 'preserve', moduleResolution: 'bundler', ...forNode },
    // No @types/node: the core entry's declarations need no Node type (DOM only for xstate's and zod's own).
    { name: 'browser, bundler', module: 'preserve', moduleResolution: 'bundler', ...forBrowser },
  ];
  it.each(variants)(
    'compiles the README example, typos as errors and every entry: $name',
    async (variant) => {
      const files = ['readme.ts', 'typed.ts', ...(variant.node ? ['node.ts'] : [])];
      const config = `tsconfig.${variant.name.replace(/\W+/g, '-')}.json`;
      writeFileSync(join(consumer, config), tsconfig(variant, files));
      const compile = run(process.execPath, [tsc, '-p', config], { cwd: consumer });
      const result = await compile.catch((error: { stdout: string }) => error);
      expect(result.stdout).toBe('');
    },
    300_000,
  );
});

describe('a browser bundle of the core entry', () => {
  it('bundles with no Node module; records, refuses and replays in Chromium with the hashes Node gives', async () => {
    writeFileSync(join(consumer, 'app.js'), browserApp);
    const bundle = await build({
      entryPoints: [join(consumer, 'app.js')],
      absWorkingDir: consumer,
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.filter((path) => /better-sqlite3|\/pg\/|node:/.test(path))).toEqual([]);
    const seed = readFileSync(join(repoRoot, 'examples/lcz-shenzhen.jsonl'), 'utf8').split('\n').slice(0, 5).join('\n');
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
      expect(errors).toEqual([]);
      const result = await page.evaluate(
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bundled app's result, checked below
        (text) => (globalThis as unknown as { runPhasegate(t: string): any }).runPhasegate(text),
        seed,
      );
      expect(errors).toEqual([]);
      expect(result.hasProcess).toBe(false);
      expect(result.events).toHaveLength(5);
      for (const event of result.events) expect(event.hash).toBe(hashEvent(event)); // portable SHA-256 == node:crypto
      expect(result.refusal).toMatch(/ProgrammeClosed/);
      expect(result.replayed).toEqual({ state: result.state, seq: result.seq, hash: result.hash });
      expect(result.seq).toBe(5);
      expect(result.first.seq).toBe(1);
    } finally {
      await chromium.close();
    }
  }, 300_000);
});
