// The goals of the performance issue, and how a benchmark reports what it measured against one of them: a JSON line
// appended to the file named by PHASEGATE_BENCH_GOALS (set by bench/index.ts), which prints them as one table.
import { appendFileSync, readFileSync } from 'node:fs';

/** One goal: what is compared, and the ratio it must reach (at least, or at most for sizes). */
export type Goal = { readonly id: string; readonly what: string; readonly target: number; readonly atMost?: boolean };

/** Every goal, in the order of the summary table. */
export const goals: readonly Goal[] = [
  { id: 'replay-parse-100k', what: 'replay, engine / bare JSON.parse, 100k events', target: 0.5 },
  { id: 'replay-parse-1m', what: 'replay, engine / bare JSON.parse, 1M events', target: 0.5 },
  { id: 'replay-actor', what: 'replay, engine / XState createActor().send() (largest size run)', target: 2.5 },
  { id: 'verify-hash', what: 'verify / SHA-256 of the same lines (node:crypto, CPU time)', target: 0.5 },
  { id: 'sqlite-single', what: 'SQLite / Emmett: 1 event per transaction', target: 3 },
  { id: 'sqlite-batch', what: 'SQLite / Emmett: batches of 100', target: 4 },
  { id: 'sqlite-read', what: 'SQLite / Emmett: read one long stream', target: 3 },
  { id: 'sqlite-read-fold', what: 'SQLite / Emmett: read + fold one long stream', target: 3 },
  { id: 'pg-single', what: 'PostgreSQL / Emmett: 1 event per transaction', target: 2 },
  { id: 'pg-batch', what: 'PostgreSQL / Emmett: batches of 100', target: 3 },
  { id: 'pg-read', what: 'PostgreSQL / Emmett: read one long stream', target: 3 },
  { id: 'pg-read-fold', what: 'PostgreSQL / Emmett: read + fold one long stream', target: 3 },
  { id: 'pg-bytes', what: 'PostgreSQL bytes per event, phasegate / Emmett', target: 1.2, atMost: true },
  { id: 'cores-verify', what: 'verify of many streams, 2 cores / 1 core', target: 1.7 },
  { id: 'cores-replay', what: 'replay of many streams, 2 cores / 1 core', target: 1.7 },
  { id: 'pg-writers', what: 'PostgreSQL, 8 writers on 8 streams / 1 writer (events/s)', target: 3 },
];

/** Records what a benchmark measured for a goal (a no-op unless bench/index.ts collects them). */
export function reportGoal(id: string, ratio: number, note = ''): void {
  if (!goals.some((goal) => goal.id === id)) throw new Error(`unknown goal ${id}`);
  const file = process.env.PHASEGATE_BENCH_GOALS;
  if (file) appendFileSync(file, `${JSON.stringify({ id, ratio, note })}\n`);
}

/** Returns the summary table (Markdown) of the goals measured into `file`; the last measurement of a goal counts. */
export function summaryTable(file: string): string {
  const measured = new Map<string, { ratio: number; note: string }>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // nothing measured
  }
  for (const line of text.split('\n').filter(Boolean)) {
    const { id, ratio, note } = JSON.parse(line) as { id: string; ratio: number; note: string };
    measured.set(id, { ratio, note });
  }
  const rows = goals.map((goal) => {
    const found = measured.get(goal.id);
    const target = `${goal.atMost ? '<=' : '>='} ${goal.target}`;
    if (found === undefined) return `| ${goal.what} | not measured | ${target} | no |`;
    const met = goal.atMost ? found.ratio <= goal.target : found.ratio >= goal.target;
    return `| ${goal.what} | ${found.ratio.toFixed(2)}${found.note ? ` (${found.note})` : ''} | ${target} | ${met ? 'met' : 'not met'} |`;
  });
  const met = goals.filter((goal) => {
    const found = measured.get(goal.id);
    return found !== undefined && (goal.atMost ? found.ratio <= goal.target : found.ratio >= goal.target);
  }).length;
  return [
    '| goal | measured | goal | met |',
    '|---|---|---|---|',
    ...rows,
    '',
    `${met} of ${goals.length} goals met.`,
  ].join('\n');
}
