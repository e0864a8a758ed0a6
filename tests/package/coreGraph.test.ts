// The core entries (phasegate, phasegate/programme, phasegate/testing) stay free of Node (README "0.2: subpath
// entries"): every module they import, followed as a bundler follows it, imports no Node module, driver or server and
// reads no Node global outside src/platform/ (which falls back when there is none). A quick check that names the
// file; tests/package/package.test.ts runs the packed bundle in Chromium.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './packedProject.ts';

const packagesExternal = {
  name: 'packages',
  setup: (b: import('esbuild').PluginBuild) =>
    b.onResolve({ filter: /^[^./]/ }, (a) => ({ path: a.path, external: true })),
};
const allowed = new Set(['xstate', 'xstate/graph', 'zod', 'immer', 'nanoid']);

describe('the core entries', () => {
  it('import only xstate, zod, immer and nanoid, and read no Node global outside src/platform/', async () => {
    const result = await build({
      entryPoints: ['src/index.ts', 'machines/index.ts', 'src/testing/index.ts'].map((entry) => join(repoRoot, entry)),
      absWorkingDir: repoRoot,
      bundle: true,
      write: false,
      outdir: 'out',
      platform: 'neutral',
      metafile: true,
      logLevel: 'silent',
      plugins: [packagesExternal],
    });
    const imports = Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
      input.imports.filter((i) => i.external && !allowed.has(i.path)).map((i) => `${file} imports ${i.path}`),
    );
    expect(imports).toEqual([]);
    const globals = Object.keys(result.metafile.inputs)
      .filter((file) => !file.startsWith('src/platform/') && file.endsWith('.ts'))
      .flatMap((file) =>
        readFileSync(join(repoRoot, file), 'utf8')
          .split('\n')
          .map((line, i) => ({ line: line.replace(/\/\/.*$/, ''), at: `${file}:${i + 1}` }))
          .filter(({ line }) => !/^\s*\*/.test(line) && /\b(Buffer|process|__dirname|require)\s*[.(]/.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    // Keys and signatures are used only when an engine is given keys (Node): their Buffer calls run only then.
    expect(globals.filter((where) => !where.startsWith('src/audit/'))).toEqual([]);
  });
});
