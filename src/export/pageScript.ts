/**
 * The programme page's script (inline; the page's CSP allows nothing else). It rebuilds each slider position from the
 * frames' deltas (key facts from the nearest checkpoint, cached every 64 frames), touches only what changed, keeps the
 * chart centred on the lit state at a legible scale, pans and zooms by wheel, pinch and keys, and keeps the timeline
 * on the current event.
 */
export const pageScript: string = String.raw`
'use strict';
const data = JSON.parse(document.getElementById('page-data').textContent);
const S = data.strings;
const frames = data.frames;
const last = frames.length - 1;
const slider = document.getElementById('seq');
const chart = document.getElementById('chart');
const svg = chart.querySelector('svg');
const timeline = document.getElementById('timeline');
const detail = document.getElementById('guard-detail');
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
const stateEl = (id) => document.getElementById('state:' + id);

// --- Key facts from deltas: checkpoints every 64 frames, built on demand.
const checkpoints = new Map([[-1, new Map()]]);
function factsAt(seq) {
  let base = Math.floor(seq / 64) * 64 - 1;
  while (!checkpoints.has(base)) base -= 64;
  const facts = new Map(checkpoints.get(base));
  for (let i = base + 1; i <= seq; i++) {
    const changes = frames[i][4];
    if (changes) for (const [k, v, a] of changes) { if (v < 0) facts.delete(k); else facts.set(k, [v, a]); }
    if (i % 64 === 63 && !checkpoints.has(i)) checkpoints.set(i, new Map(facts));
  }
  return facts;
}

// --- Timeline rows, built once from the data.
const rows = [];
{
  const fragment = document.createDocumentFragment();
  for (const [seq, date, line, , by] of data.events) {
    const li = document.createElement('li');
    li.dataset.seq = seq;
    const button = document.createElement('button');
    button.type = 'button';
    button.tabIndex = -1;
    button.append(el('span', String(seq), 'seq'), el('span', S[date], 'date'), el('span', S[line], 'what'), el('span', S[by], 'by'));
    li.append(button);
    fragment.append(li);
    rows[seq] = li;
  }
  timeline.append(fragment);
}

// --- Chart: scale in CSS px per point of the drawing; legible (10 pt labels at 11 px or more) by default.
const box = svg.viewBox.baseVal;
const natural = { w: box && box.width ? box.width : svg.getBBox().width, h: box && box.height ? box.height : svg.getBBox().height };
const legible = 1.1;
let scale = legible;
svg.removeAttribute('width');
svg.removeAttribute('height');
function setScale(next, cx, cy) {
  const s = Math.min(4, Math.max(0.1, next));
  const x = (chart.scrollLeft + cx) / scale;
  const y = (chart.scrollTop + cy) / scale;
  scale = s;
  svg.style.width = (natural.w * s) + 'px';
  svg.style.height = (natural.h * s) + 'px';
  chart.scrollLeft = x * s - cx;
  chart.scrollTop = y * s - cy;
  chart.dataset.scale = s.toFixed(3);
}
function zoomBy(factor) { setScale(scale * factor, chart.clientWidth / 2, chart.clientHeight / 2); }
function fit() { setScale(Math.min(chart.clientWidth / natural.w, chart.clientHeight / natural.h), 0, 0); }
function centre() {
  const ids = data.lits[frames[current][2]];
  let target = null;
  for (let i = ids.length - 1; i >= 0 && !target; i--) target = stateEl(ids[i]);
  if (!target) return;
  const r = target.getBoundingClientRect();
  const c = chart.getBoundingClientRect();
  chart.scrollLeft += (r.left + r.width / 2) - (c.left + chart.clientLeft + chart.clientWidth / 2);
  chart.scrollTop += (r.top + r.height / 2) - (c.top + chart.clientTop + chart.clientHeight / 2);
}
setScale(legible, 0, 0);
document.getElementById('zoom-in').addEventListener('click', () => zoomBy(1.25));
document.getElementById('zoom-out').addEventListener('click', () => zoomBy(0.8));
document.getElementById('zoom-fit').addEventListener('click', fit);
document.getElementById('zoom-current').addEventListener('click', () => { setScale(legible, 0, 0); centre(); });
chart.addEventListener('wheel', (e) => {
  if (!e.ctrlKey && !e.metaKey) return; // a plain wheel pans (scrolls); with Ctrl (and a trackpad pinch) it zooms
  e.preventDefault();
  const c = chart.getBoundingClientRect();
  setScale(scale * Math.exp(-e.deltaY * 0.002), e.clientX - c.left, e.clientY - c.top);
}, { passive: false });
chart.addEventListener('keydown', (e) => {
  if (e.target !== chart) return;
  if (e.key === '+' || e.key === '=') zoomBy(1.25);
  else if (e.key === '-' || e.key === '_') zoomBy(0.8);
  else if (e.key === '0') fit();
  else if (e.key === 'c' || e.key === 'C') { setScale(legible, 0, 0); centre(); }
  else return;
  e.preventDefault();
});
const pointers = new Map();
let pinch = null;
chart.addEventListener('pointerdown', (e) => { if (e.pointerType === 'touch') pointers.set(e.pointerId, e); });
chart.addEventListener('pointermove', (e) => {
  if (!pointers.has(e.pointerId)) return;
  pointers.set(e.pointerId, e);
  if (pointers.size !== 2) return;
  const [a, b] = [...pointers.values()];
  const distance = Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
  const c = chart.getBoundingClientRect();
  const mid = [(a.clientX + b.clientX) / 2 - c.left, (a.clientY + b.clientY) / 2 - c.top];
  if (pinch) setScale(pinch.scale * distance / pinch.distance, mid[0], mid[1]);
  else pinch = { distance, scale };
});
const release = (e) => { pointers.delete(e.pointerId); if (pointers.size < 2) pinch = null; };
for (const type of ['pointerup', 'pointercancel', 'pointerleave']) chart.addEventListener(type, release);

// --- Arrows: full guards on hover and focus; the arrows out of the lit state are focusable.
// Graphviz wraps a tooltip in an SVG link, which Chromium makes a tab stop: keep the text, drop the link, and make
// the tooltip the element's title (shown on hover).
for (const a of [...chart.querySelectorAll('a')]) {
  const holder = a.parentNode.closest('g.edge, g.node, g.cluster');
  const text = a.getAttribute('xlink:title') || '';
  if (holder && holder.dataset.full === undefined) {
    holder.dataset.full = text;
    const title = holder.querySelector(':scope > title');
    if (title) title.textContent = text;
  }
  a.replaceWith(...a.childNodes);
}
const edges = [...chart.querySelectorAll('g.edge.transition')].map((g) => {
  const m = /^edge:(.*)->(.*)$/.exec(g.id);
  const text = g.dataset.full || '';
  g.addEventListener('mouseenter', () => { detail.textContent = text; });
  return { g, source: m ? m[1] : '', text };
});
// One listener on the chart: Chromium makes any SVG element with a focus listener of its own a tab stop.
chart.addEventListener('focusin', (e) => {
  const g = e.target.closest && e.target.closest('g.edge.transition');
  if (g) detail.textContent = g.dataset.full || '';
});

// --- Showing one position.
let current = -1;
let shownLit = -1;
let shownGates = -1;
function say(seq) {
  if (seq === 0) return 'before the first event (0 of ' + last + ')';
  return 'event ' + seq + ' of ' + last + ': ' + S[data.events[seq - 1][3]];
}
function renderFacts(seq) {
  const facts = factsAt(seq);
  const dl = document.getElementById('facts');
  const items = [];
  for (const k of data.factOrder) {
    const f = facts.get(k);
    if (!f) continue;
    items.push(el('dt', data.factLabels[k], f[1] ? 'attention' : ''), el('dd', S[f[0]], f[1] ? 'attention' : ''));
  }
  dl.replaceChildren(...items);
}
function renderGates(index) {
  const gates = document.getElementById('gates');
  const list = data.gateSets[index];
  gates.replaceChildren();
  if (list.length === 0) gates.append(el('p', 'No gate ahead.', 'muted'));
  for (const gate of list) {
    const section = el('div', undefined, 'gate');
    const due = gate.due ? (gate.status === 'open' ? ', review on ' : ', due by ') + gate.due : '';
    section.append(el('h3', gate.gate + ' (' + (gate.status === 'open' ? 'review open' : gate.status === 'next' ? 'next gate' : 'later') + due + ')'));
    const ul = el('ul');
    for (const k of gate.criteria) {
      const li = el('li');
      li.append(k.met === true ? el('span', 'met', 'met') : k.met === false ? el('span', 'missing', 'unmet') : el('span', 'reviewers judge', 'unknown'));
      li.append(el('span', k.id + (k.kind === 'must' ? ' (must): ' : ': ') + k.text + (k.missing ? '. Missing: ' + k.missing : '')));
      ul.append(li);
    }
    section.append(ul);
    gates.append(section);
  }
}
function relight(index) {
  for (const e of chart.querySelectorAll('.state.lit')) e.classList.remove('lit');
  const ids = data.lits[index];
  const on = new Set(ids);
  for (const id of ids) { const e = stateEl(id); if (e) e.classList.add('lit'); }
  for (const edge of edges) {
    const out = on.has(edge.source);
    edge.g.classList.toggle('out', out);
    // Only the ways out of the lit state are tab stops (an SVG element with an ARIA name is focusable in Chromium).
    if (out) { edge.g.setAttribute('tabindex', '0'); edge.g.setAttribute('role', 'img'); edge.g.setAttribute('aria-label', edge.text.replace(/\n/g, '; ')); }
    else { edge.g.removeAttribute('tabindex'); edge.g.removeAttribute('role'); edge.g.removeAttribute('aria-label'); }
  }
}
function markRows(from, to) {
  const lo = Math.max(1, Math.min(from, to)), hi = Math.max(from, to);
  for (let i = lo; i <= hi; i++) { const r = rows[i]; if (r) r.className = i === to ? 'current' : i > to ? 'later' : ''; }
  const old = rows[from] && rows[from].firstChild;
  if (old) { old.tabIndex = -1; old.removeAttribute('aria-current'); }
  const now = rows[Math.max(1, to)] && rows[Math.max(1, to)].firstChild;
  if (now) { now.tabIndex = 0; if (to >= 1) now.setAttribute('aria-current', 'step'); }
}
function keepRowInView(seq) {
  const row = rows[seq];
  if (!row) return;
  const top = row.offsetTop, bottom = top + row.offsetHeight;
  if (top < timeline.scrollTop) timeline.scrollTop = top - 8;
  else if (bottom > timeline.scrollTop + timeline.clientHeight) timeline.scrollTop = bottom - timeline.clientHeight + 8;
}
function show(seq, follow) {
  const frame = frames[seq];
  const previous = current;
  current = seq;
  if (frame[2] !== shownLit) { relight(frame[2]); shownLit = frame[2]; if (follow !== false) centre(); }
  if (frame[3] !== shownGates) { renderGates(frame[3]); shownGates = frame[3]; }
  renderFacts(seq);
  const words = say(seq);
  document.getElementById('position').textContent = words;
  slider.setAttribute('aria-valuetext', words);
  document.getElementById('current').textContent = S[frame[0]];
  document.getElementById('current').title = S[frame[1]];
  markRows(previous < 0 ? 1 : previous, seq);
  if (previous < 0) for (let i = 1; i <= last; i++) if (rows[i]) rows[i].className = i === seq ? 'current' : i > seq ? 'later' : '';
  keepRowInView(seq);
  document.body.dataset.seq = String(seq);
}
slider.addEventListener('input', () => show(Number(slider.value)));
function go(seq, focus) {
  const n = Math.max(0, Math.min(last, seq));
  slider.value = String(n);
  show(n);
  if (focus && rows[n]) rows[n].firstChild.focus();
}
timeline.addEventListener('click', (e) => {
  const li = e.target.closest('li');
  if (li) go(Number(li.dataset.seq), false);
});
timeline.addEventListener('keydown', (e) => {
  const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
  let to = null;
  if (e.key in moves) to = current + moves[e.key];
  else if (e.key === 'Home') to = 1;
  else if (e.key === 'End') to = last;
  if (to === null) return;
  e.preventDefault();
  go(Math.max(1, to), true);
});
show(Number(slider.value));
`;
