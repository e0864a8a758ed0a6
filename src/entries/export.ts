/**
 * phasegate/export: the statechart as data, DOT, Mermaid, SCXML, Stately, SVG (Graphviz in WebAssembly,
 * `@viz-js/viz`, an optional peer dependency loaded on first use), the version diff and the programme page.
 */
export { toStatechart, activeStateIds } from '../export/statechart.ts';
export type { ChartState, ChartTransition, Statechart } from '../export/statechart.ts';
export { toDot } from '../export/dot.ts';
export { diffText, diffWorkflows } from '../export/diff.ts';
export type { DiffCriterion, DiffTransition, WorkflowDiff } from '../export/diff.ts';
export type { DotOptions } from '../export/dot.ts';
export { toMermaid } from '../export/mermaid.ts';
export type { MermaidOptions } from '../export/mermaid.ts';
export { toScxml } from '../export/scxml.ts';
export { toStatelyCode, toStatelyJson } from '../export/stately.ts';
export { renderSvg } from '../export/svg.ts';
export { buildPageModel, renderProgrammePage } from '../export/page.ts';
export type { PageEvent, PageFrame, PageModel } from '../export/page.ts';
