import { instance, type Viz } from '@viz-js/viz';

let viz: Promise<Viz> | undefined;

/**
 * Returns the SVG Graphviz draws for a DOT text, offline: Graphviz compiled to WebAssembly (`@viz-js/viz`), no
 * browser, no network. Throws when Graphviz reports an error in the DOT.
 */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    const detail = result.errors.map((e) => e.message.trim()).join('; ');
    throw new Error(`Graphviz could not render the chart: ${detail}`);
  }
  return result.output;
}
