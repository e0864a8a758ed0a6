import * as graph from 'xstate/graph';

/** xstate's graph functions in a browser bundle (the `browser` field of package.json): xstateGraph.ts under Node. */
export function xstateGraph(): typeof graph {
  return graph;
}
