import type { Viz } from '@viz-js/viz';
import { withDriver } from '../platform/optionalPeer.ts';

let viz: Promise<Viz> | undefined;

/**
 * Returns the SVG Graphviz draws for a DOT text, offline: Graphviz compiled to WebAssembly (`@viz-js/viz`), no
 * browser, no network; `@viz-js/viz` is an optional peer dependency, loaded on first use (a UsageError naming it
 * when it is not installed). Throws when Graphviz reports an error in the DOT.
 */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= withDriver('@viz-js/viz', 'Drawing an SVG', () => import('@viz-js/viz')).then((module) => module.instance());
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    const detail = result.errors.map((e) => e.message.trim()).join('; ');
    throw new Error(`Graphviz could not render the chart: ${detail}`);
  }
  return result.output;
}
