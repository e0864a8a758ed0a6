import type * as XStateGraph from 'xstate/graph';

let graph: typeof XStateGraph | undefined;

/**
 * xstate's graph functions, for {@link shortestPathTo} (`phasegate next --to`), loaded on first use with `require`.
 * Its `import` entry is a CommonJS build behind an ES wrapper: an ES import has Node scan the 28 kB of CommonJS for
 * its export names (cjs-module-lexer), long enough for V8 to compile the scanner with its optimizing compiler, 45-65
 * ms of CPU in every process and worker thread that loads phasegate (docs/performance.md, "Using the cores
 * (--jobs)"). `require` gives the same module objects as an ES import would (one instance per file). A browser
 * bundle takes xstateGraph.browser.ts instead (the `browser` field of package.json).
 */
export function xstateGraph(): typeof XStateGraph {
  graph ??= process.getBuiltinModule('node:module').createRequire(import.meta.url)(
    'xstate/graph',
  ) as typeof XStateGraph;
  return graph;
}
