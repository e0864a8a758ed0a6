import { escapeHtml, inertJson } from '../audit/dossier/escape.ts';
import type { PageModel } from './page.ts';
import { pageCss } from './pageCss.ts';
import { pageScript } from './pageScript.ts';

/** Returns the programme page's HTML for a model and the chart's SVG. Pure. */
export function pageHtml(model: PageModel, svg: string): string {
  const last = model.frames.length - 1;
  const head = model.frames[last]!;
  const now = model.strings[head[0]] ?? '';
  const inlineSvg = svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/<!DOCTYPE[^>]*>\s*/i, '')
    .replace(/<!--[\s\S]*?-->\s*/g, '')
    .replace(/<svg /, '<svg role="img" aria-labelledby="chart-title" ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}: ${escapeHtml(now)}</title>
<style>${pageCss}</style>
</head>
<body data-seq="${last}">
<header><h1>${escapeHtml(model.title)}</h1>
<p>${escapeHtml(model.stream)} &middot; ${escapeHtml(model.workflow)} &middot; ${model.events.length} events &middot; now: <strong>${escapeHtml(now)}</strong></p></header>
<main class="layout">
<section class="panel" id="position-panel" aria-label="Position in the history">
<div id="controls"><label for="seq">Event</label><input id="seq" type="range" min="0" max="${last}" value="${last}" step="1">
<span id="position" aria-hidden="true"></span></div>
<p style="margin:4px 0 0">State then: <span id="current">${escapeHtml(now)}</span></p>
</section>
<section class="panel" id="chart-panel" aria-labelledby="chart-heading">
<h2 id="chart-heading">Statechart</h2>
<div class="toolbar" role="group" aria-label="Chart view">
<button type="button" id="zoom-in" aria-label="Zoom in">+ Zoom in</button><button type="button" id="zoom-out" aria-label="Zoom out">&minus; Zoom out</button>
<button type="button" id="zoom-fit">Whole chart</button><button type="button" id="zoom-current">Current state</button>
</div>
<div id="chart" tabindex="0" role="region" aria-label="Statechart: scroll or use the arrow keys to pan, Ctrl and the wheel, a pinch or + and - to zoom, 0 for the whole chart, C for the current state">
<span id="chart-title" hidden>Statechart of ${escapeHtml(model.workflow)} with the state at the slider's position lit</span>
${inlineSvg}</div>
<p id="guard-detail" aria-live="polite">Point at or focus an arrow (Tab from the chart) to read its guards in full.</p>
<ul class="legend" aria-label="Legend">
<li><span class="swatch lit"></span>current state</li><li><span class="swatch phase"></span>the phase it is in</li>
<li><span class="swatch terminal"></span>terminal state (the programme ends there)</li><li><span class="swatch facts"></span>facts recorded without moving</li>
<li><span class="swatch out"></span>ways out of the current state</li>
</ul>
</section>
<section class="panel" id="facts-panel" aria-labelledby="facts-heading"><h2 id="facts-heading">Key facts</h2><dl id="facts"></dl></section>
<section class="panel" id="gates-panel" aria-labelledby="gates-heading"><h2 id="gates-heading">Gates ahead</h2><div id="gates"></div></section>
<section class="panel" id="timeline-panel" aria-labelledby="timeline-heading"><h2 id="timeline-heading">Timeline</h2>
<p class="muted" style="margin:0 0 6px">Highlighted: the event the slider shows; in italics: events after it. Up and down arrows move through the events.</p>
<ol id="timeline" aria-label="Events, oldest first"></ol></section>
</main>
<script type="application/json" id="page-data">${inertJson(model)}</script>
<script>${pageScript}</script>
</body>
</html>
`;
}
