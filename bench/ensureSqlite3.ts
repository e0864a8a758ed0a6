// Emmett's SQLite store needs the `sqlite3` native module, which only this benchmark uses. Its install script is
// denied in package.json (`allowScripts`) so that `npm ci` does not compile it for everyone (about 2 minutes here,
// where prebuilt binaries cannot be downloaded); it is built the first time the store benchmark runs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const dir = dirname(createRequire(import.meta.url).resolve('sqlite3/package.json'));
if (!existsSync(join(dir, 'build', 'Release', 'node_sqlite3.node'))) {
  console.log('building sqlite3 (for the Emmett SQLite comparison only; once, about 2 minutes)…');
  execFileSync('npx', ['--no-install', 'node-gyp', 'rebuild', '--release'], { cwd: dir, stdio: 'ignore' });
}
