import type * as XStateGraph from 'xstate/graph';
import type * as NodeModule from 'node:module';
import { UsageError } from '../errors.ts';

let graph: typeof XStateGraph | undefined;

/**
 * xstate's graph functions, for `shortestPathTo` (`phasegate next --to`), loaded on first use with `require`.
 * Its `import` entry is a CommonJS build behind an ES wrapper: an ES import has Node scan the 28 kB of CommonJS for
 * its export names (cjs-module-lexer), long enough for V8 to compile the scanner with its optimizing compiler, 45-65
 * ms of CPU in every process and worker thread that loads phasegate (docs/performance.md, "Using the cores
 * (--jobs)"). `require` gives the same module objects as an ES import would (one instance per file). A browser
 * bundle takes xstateGraph.browser.ts instead (the `browser` field of package.json); a host with neither Node's
 * `node:module` nor a bundler that reads that field gets a {@link UsageError} saying so.
 * @internal
 */
export function xstateGraph(): typeof XStateGraph {
  if (graph !== undefined) return graph;
  const host = (globalThis as { readonly process?: { readonly getBuiltinModule?: (id: string) => unknown } }).process;
  const nodeModule = host?.getBuiltinModule?.('node:module') as typeof NodeModule | undefined;
  if (nodeModule === undefined) {
    throw new UsageError(
      'Paths to a state need xstate/graph, loaded through node:module under Node (20.16 or later); this host has ' +
        "none: bundle phasegate with a bundler that reads package.json's browser field, which imports it statically",
    );
  }
  graph = nodeModule.createRequire(import.meta.url)('xstate/graph') as typeof XStateGraph;
  return graph;
}
