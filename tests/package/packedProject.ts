// A fresh application project with phasegate installed from its packed tarball, as a user gets it (README
// "Installing"): the repository's built dist/ is packed by its own prepack/postpack (in a staging copy, so this
// checkout's package.json is never rewritten while other tests run), then installed with npm beside xstate and zod.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What `npm pack` made: the tarball and the paths it holds. */
export type Packed = { readonly tarball: string; readonly files: readonly string[] };

/** How the consumer got its node_modules: npm (the measured install) or, offline, links to this checkout's copies. */
export type Installed = { readonly by: 'npm' } | { readonly by: 'links'; readonly why: string };

/** Returns the installed version of one of this checkout's packages. */
export function repoVersion(name: string): string {
  const text = readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/**
 * Packs the built package (run `npm run build` first; `npm test` does) into `into`, through a staging copy of what
 * `files` names, with PHASEGATE_PACK_PREBUILT=1 so the prepack hook keeps the built dist/ and only rewrites the
 * manifest.
 */
export async function packRepository(into: string): Promise<Packed> {
  if (!existsSync(join(repoRoot, 'dist/src/index.js'))) throw new Error('dist/ is not built: run npm run build first');
  const staging = join(into, 'staging');
  for (const path of ['package.json', 'README.md', 'LICENSE', 'scripts/packManifest.mjs', 'dist', 'examples']) {
    cpSync(join(repoRoot, path), join(staging, path), { recursive: true });
  }
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', into], {
    cwd: staging,
    env: { ...process.env, PHASEGATE_PACK_PREBUILT: '1', npm_config_loglevel: 'error' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { tarball: join(into, report!.filename), files: report!.files.map((f) => f.path) };
}

/**
 * Makes `dir` an application project (ESM) and installs the tarball with xstate and zod at this checkout's versions,
 * preferring npm's cache. Without a network, npm fails: the tarball is then unpacked by hand and its dependencies and
 * peers are linked from this checkout, so the type and bundle tests still run (the size is then not measured).
 */
export async function installConsumer(dir: string, tarball: string): Promise<Installed> {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'consumer', version: '1.0.0', private: true, type: 'module' };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  const peers = ['xstate', 'zod'].map((name) => `${name}@${repoVersion(name)}`);
  try {
    const flags = ['--prefer-offline', '--no-audit', '--no-fund', '--fetch-retries=1'];
    await run('npm', ['install', ...flags, tarball, ...peers], {
      cwd: dir,
      env: { ...process.env, npm_config_loglevel: 'error' },
      timeout: 300_000,
    });
    return { by: 'npm' };
  } catch (error) {
    const target = join(dir, 'node_modules/phasegate');
    mkdirSync(target, { recursive: true });
    await run('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
    for (const name of ['xstate', 'zod', 'immer', 'nanoid']) linkFromRepo(dir, name);
    return { by: 'links', why: (error as Error).message.split('\n')[0] ?? 'npm install failed' };
  }
}

/** Links one of this checkout's packages (e.g. `@types/node`) into the consumer's node_modules. */
export function linkFromRepo(dir: string, name: string): void {
  const link = join(dir, 'node_modules', name);
  if (existsSync(link)) return;
  mkdirSync(join(link, '..'), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules', name), link, 'dir');
}

/** The packages a node_modules holds (every folder with a package.json, nested ones too) and their bytes on disk. */
export function measureInstall(nodeModules: string): { readonly packages: number; readonly bytes: number } {
  let packages = 0;
  let bytes = 0;
  const walk = (folder: string, packageLevel: boolean): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isFile()) bytes += lstatSync(path).size;
      if (!entry.isDirectory()) continue;
      if (packageLevel && entry.name.startsWith('@')) walk(path, true);
      else if (packageLevel && !entry.name.startsWith('.')) {
        if (existsSync(join(path, 'package.json'))) packages += 1;
        walk(path, false);
      } else walk(path, entry.name === 'node_modules');
    }
  };
  walk(nodeModules, true);
  return { packages, bytes };
}
