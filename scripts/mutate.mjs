/**
 * Mutation testing of the decision core, one file at a time, each against the tests that cover it.
 *
 *   npm run mutate                          every target of stryker.config.mjs
 *   npm run mutate -- machines/rules.ts     only these files (paths as in the targets table)
 *   npm run mutate -- --incremental ...     reuse the last run's results for unchanged code and tests
 *   npm run mutate -- --dry-run-only ...    only the initial test run: how long it takes, how many mutants are static
 *
 * Writes reports/mutation/<file>.json and .html, prints the scores as a Markdown table (also written to
 * reports/mutation/scores.md) and exits 1 when a file scores below its floor. Plain JavaScript, not TypeScript: it
 * runs Stryker (and so vitest) in this process, and a TypeScript loader here would leak into the test runner.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Stryker } from '@stryker-mutator/core';
import base, { mutationTargets } from '../stryker.config.mjs';

const args = process.argv.slice(2);
const incremental = args.includes('--incremental');
const dryRunOnly = args.includes('--dry-run-only');
const files = args.filter((a) => !a.startsWith('--'));
const unknown = files.filter((f) => !mutationTargets.some((t) => t.file === f));
if (unknown.length > 0) {
  console.error(
    `Not a mutation target: ${unknown.join(', ')}. Targets: ${mutationTargets.map((t) => t.file).join(', ')}`,
  );
  process.exit(2);
}
const targets = files.length === 0 ? mutationTargets : mutationTargets.filter((t) => files.includes(t.file));

const dir = 'reports/mutation';
mkdirSync(dir, { recursive: true });

/** Returns the table row of one file's results; timeouts count as killed, compile and runtime errors are left out. */
function score(file, results) {
  const count = (...statuses) => results.filter((r) => statuses.includes(r.status)).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const mutants = killed + timeout + survived + noCoverage;
  const score = mutants === 0 ? 100 : (100 * (killed + timeout)) / mutants;
  return { file, mutants, killed, timeout, survived, noCoverage, score };
}

// Stryker merges its options into the config file's exported object (the module `base` is), so a second target in
// this process would start from the first one's leftovers: each run starts from a copy taken before any ran, and
// the module's object is put back to that copy first.
const pristine = structuredClone(base);
const freshBase = () => {
  for (const key of Object.keys(base)) delete base[key];
  Object.assign(base, structuredClone(pristine));
  return structuredClone(pristine);
};

const rows = [];
for (const target of targets) {
  const slug = target.file.replaceAll('/', '_');
  console.log(`\n=== ${target.file} (tests: ${target.tests.join(' ')})\n`);
  const results = await new Stryker({
    ...freshBase(),
    mutate: [target.file],
    testFiles: target.tests,
    jsonReporter: { fileName: `${dir}/${slug}.json` },
    htmlReporter: { fileName: `${dir}/${slug}.html` },
    incremental,
    dryRunOnly,
    incrementalFile: `${dir}/${slug}.incremental.json`,
  }).runMutationTest();
  rows.push({ ...score(target.file, results), floor: target.floor });
}
if (dryRunOnly) process.exit(0);

const table = [
  '| file | mutants | killed | timeout | survived | no coverage | score | floor |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.file} | ${r.mutants} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ` +
      `${r.score.toFixed(1)}% | ${r.floor}% |`,
  ),
].join('\n');
writeFileSync(`${dir}/scores.md`, `${table}\n`);
console.log(`\n${table}\n`);
const low = rows.filter((r) => r.score < r.floor);
for (const r of low) console.error(`${r.file} scores ${r.score.toFixed(1)}%, below its floor of ${r.floor}%`);
process.exit(low.length > 0 ? 1 : 0);
