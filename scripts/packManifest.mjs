// npm pack / npm publish hooks (package.json prepack, postpack): what a consumer installs is the built package with a
// manifest that asks nothing of their npm. prepack builds dist/ afresh (skipped when PHASEGATE_PACK_PREBUILT=1, as
// the package test does right after `npm test` built it) and writes the published package.json without what only
// this repository uses (scripts, so no prepare/prestart; allowScripts; overrides; devDependencies), keeping the
// repository's own beside it; postpack puts the repository's back. README "0.2: subpath entries".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const manifest = 'package.json';
const kept = '.package.json.repository';
const step = process.argv[2];

if (step === 'prepack') {
  if (existsSync(kept)) renameSync(kept, manifest); // an earlier pack that stopped before its postpack
  if (process.env.PHASEGATE_PACK_PREBUILT !== '1') {
    rmSync('dist', { recursive: true, force: true });
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const text = readFileSync(manifest, 'utf8');
  const published = JSON.parse(text);
  for (const key of ['scripts', 'allowScripts', 'overrides', 'devDependencies']) delete published[key];
  writeFileSync(kept, text);
  writeFileSync(manifest, JSON.stringify(published, null, 2) + '\n');
} else if (step === 'postpack') {
  if (existsSync(kept)) renameSync(kept, manifest);
} else {
  console.error('usage: node scripts/packManifest.mjs prepack|postpack');
  process.exit(1);
}
