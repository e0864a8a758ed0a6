// npm run bench: every benchmark, one after another, each printing ratios against its peer and the raw limits.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
  console.log(`\n=== ${file} ===`);
  execFileSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' });
}
