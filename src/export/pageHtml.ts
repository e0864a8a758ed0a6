import { litColours } from './dot.ts';
import { escapeHtml, inertJson } from '../audit/dossier/escape.ts';
import type { PageModel } from './page.ts';


const css = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; background: #fafafa; }
header { padding: 12px 20px; background: #24323f; color: #fff; }
header h1 { margin: 0; font-size: 18px; font-weight: 600; }
header p { margin: 2px 0 0; color: #c9d4de; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 16px; padding: 16px 20px; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px 14px; margin-bottom: 16px; }
h2 { font-size: 14px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .04em; color: #555; }
#controls { display: flex; align-items: center; gap: 12px; }
#seq { flex: 1; }
#position { font-variant-numeric: tabular-nums; min-width: 11em; }
#current { font-weight: 600; }
#chart { overflow: auto; max-height: 70vh; border: 1px solid #eee; }
#chart svg { display: block; width: 100%; height: auto; }
#chart.zoomed svg { width: auto; }
#zoom { font: inherit; }
#chart g.node.state > path, #chart g.node.state > polygon, #chart g.node.state > ellipse { fill: #fff; stroke: #555; stroke-width: 1; }
#chart g.node.state.lit > path, #chart g.node.state.lit > polygon, #chart g.node.state.lit > ellipse { fill: ${litColours.leaf}; stroke: ${litColours.border}; stroke-width: 2; }
#chart g.cluster.state > path, #chart g.cluster.state > polygon { fill: #fbfbfb; stroke: #888; stroke-width: 1; }
#chart g.cluster.state.lit > path, #chart g.cluster.state.lit > polygon { fill: ${litColours.compound}; stroke: ${litColours.border}; stroke-width: 2; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid #eee; }
th { color: #555; font-weight: 600; }
#timeline { max-height: 40vh; overflow: auto; }
#timeline tr { cursor: pointer; }
#timeline tr.future { color: #aaa; }
#timeline tr.current { background: #fff4cc; font-weight: 600; }
.met { color: #1b7f3b; font-weight: 600; }
.unmet { color: #b3261e; font-weight: 600; }
.unknown { color: #777; }
.gate h3 { font-size: 14px; margin: 10px 0 4px; }
.muted { color: #777; }
`;

const script = `
const data = JSON.parse(document.getElementById('page-data').textContent);
const slider = document.getElementById('seq');
const text = (tag, value, cls) => { const el = document.createElement(tag); el.textContent = value; if (cls) el.className = cls; return el; };
function row(cells) { const tr = document.createElement('tr'); for (const c of cells) tr.append(c); return tr; }
function show(seq) {
  const frame = data.frames[seq];
  for (const el of document.querySelectorAll('#chart .state.lit')) el.classList.remove('lit');
  for (const id of frame.lit) { const el = document.getElementById('state:' + id); if (el) el.classList.add('lit'); }
  document.getElementById('position').textContent = seq === 0 ? 'before the first event' : 'after event ' + seq + ' of ' + (data.frames.length - 1);
  document.getElementById('current').textContent = frame.state;
  const facts = document.getElementById('facts');
  facts.replaceChildren(...Object.entries(frame.facts).map(([k, v]) => row([text('th', k), text('td', v)])));
  const gates = document.getElementById('gates');
  gates.replaceChildren();
  if (frame.gates.length === 0) gates.append(text('p', 'No gate ahead.', 'muted'));
  for (const gate of frame.gates) {
    const box = document.createElement('div'); box.className = 'gate';
    box.append(text('h3', gate.gate + ' (' + (gate.status === 'open' ? 'review open' : gate.status) + ')'));
    const table = document.createElement('table');
    for (const k of gate.criteria) {
      const verdict = k.met === true ? text('td', 'met', 'met') : k.met === false ? text('td', 'not met', 'unmet') : text('td', 'to judge', 'unknown');
      table.append(row([text('td', k.id + (k.kind === 'must' ? ' (must)' : '')), verdict, text('td', k.text + (k.missing ? ': ' + k.missing : ''))]));
    }
    box.append(table);
    gates.append(box);
  }
  for (const tr of document.querySelectorAll('#timeline tbody tr')) {
    const n = Number(tr.dataset.seq);
    tr.className = n === seq ? 'current' : n > seq ? 'future' : '';
  }
  document.body.dataset.seq = String(seq);
}
slider.addEventListener('input', () => show(Number(slider.value)));
document.getElementById('zoom').addEventListener('click', () => document.getElementById('chart').classList.toggle('zoomed'));
for (const tr of document.querySelectorAll('#timeline tbody tr')) {
  tr.addEventListener('click', () => { slider.value = tr.dataset.seq; show(Number(tr.dataset.seq)); });
}
show(Number(slider.value));
`;

/** Returns the programme page's HTML for a model and the chart's SVG. Pure. */
export function pageHtml(model: PageModel, svg: string): string {
  const last = model.frames.length - 1;
  const head = model.frames[last]!;
  const rows = model.events
    .map((e) => `<tr data-seq="${e.seq}"><td>${e.seq}</td><td>${escapeHtml(e.occurredAt)}</td><td>${escapeHtml(e.type)}</td><td>${escapeHtml(e.actor)}</td></tr>`)
    .join('\n');
  const inlineSvg = svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/i, '');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.stream)}: ${escapeHtml(head.state)}</title>
<style>${css}</style>
</head>
<body data-seq="${last}">
<header><h1>${escapeHtml(model.stream)}</h1><p>${escapeHtml(model.workflow)} &middot; ${model.events.length} events &middot; now in <strong>${escapeHtml(head.state)}</strong></p></header>
<main>
<div>
<section>
<div id="controls"><label for="seq">seq</label><input id="seq" type="range" min="0" max="${last}" value="${last}" step="1"><span id="position"></span></div>
<p>State: <span id="current">${escapeHtml(head.state)}</span> <button id="zoom" type="button">zoom</button></p>
<div id="chart">${inlineSvg}</div>
</section>
<section><h2>Timeline</h2><div id="timeline"><table><thead><tr><th>seq</th><th>occurred</th><th>event</th><th>recorded by</th></tr></thead><tbody>
${rows}
</tbody></table></div></section>
</div>
<div>
<section><h2>Key facts</h2><table id="facts"></table></section>
<section><h2>Gates ahead</h2><div id="gates"></div></section>
</div>
</main>
<script type="application/json" id="page-data">${inertJson(model)}</script>
<script>${script}</script>
</body>
</html>
`;
}
