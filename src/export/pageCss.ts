import { litColours } from './dot.ts';

/**
 * The programme page's style: one column on a phone, chart and timeline beside the facts from 1000 px on, capped
 * at 2400 px. Every text colour meets WCAG AA (4.5:1) on its background. Only the chart scrolls sideways.
 */
export const pageCss: string = `
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2933; background: #f4f6f8; overflow-wrap: anywhere; }
header { padding: 12px 16px; background: #24323f; color: #fff; }
header h1 { margin: 0; font-size: 20px; font-weight: 650; line-height: 1.25; }
header p { margin: 4px 0 0; color: #dde5ec; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; padding: 12px; max-width: 2400px; margin: 0 auto; }
.panel { background: #fff; border: 1px solid #d5dce3; border-radius: 6px; padding: 12px 14px; min-width: 0; }
h2 { font-size: 14px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .04em; color: #3e4c59; }
#position-panel { position: sticky; top: 0; z-index: 2; box-shadow: 0 2px 6px rgba(0,0,0,.08); }
#controls { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 4px 10px; align-items: center; }
#controls label { font-weight: 600; }
#seq { width: 100%; min-height: 32px; margin: 0; }
#position { grid-column: 1 / -1; font-variant-numeric: tabular-nums; }
#current { font-weight: 650; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 8px; }
button { font: inherit; color: #1f2933; background: #eef2f6; border: 1px solid #8a99a8; border-radius: 4px; padding: 4px 10px; min-height: 32px; cursor: pointer; }
button:focus-visible, #chart:focus-visible, #chart .transition:focus { outline: 3px solid #1a5fb4; outline-offset: 2px; }
#chart { overflow: auto; height: min(70vh, 760px); min-height: 280px; border: 1px solid #d5dce3; border-radius: 4px; background: #fff; touch-action: pan-x pan-y; overscroll-behavior: contain; }
#chart svg { display: block; }
#chart svg text { fill: #1f2933; }
#chart g.node.state > path, #chart g.node.state > polygon, #chart g.node.state > ellipse { fill: #fff; stroke: #555; stroke-width: 1; }
#chart g.node.state.lit > path, #chart g.node.state.lit > polygon, #chart g.node.state.lit > ellipse { fill: ${litColours.leaf}; stroke: ${litColours.border}; stroke-width: 3; }
#chart g.cluster.state > path { fill: #fbfbfb; stroke: #888; stroke-width: 1; }
#chart g.cluster.state.lit > path { fill: ${litColours.compound}; stroke: ${litColours.border}; stroke-width: 2; }
#chart g.transition.out path { stroke: #1a5fb4; stroke-width: 2; }
#chart g.transition.out polygon { fill: #1a5fb4; stroke: #1a5fb4; }
#guard-detail { margin: 8px 0 0; min-height: 1.5em; white-space: pre-wrap; font-size: 14px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0 0; padding: 0; list-style: none; font-size: 14px; }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 18px; height: 14px; border: 1px solid #555; border-radius: 3px; flex: none; }
.swatch.lit { background: ${litColours.leaf}; border: 2px solid ${litColours.border}; }
.swatch.phase { background: ${litColours.compound}; border: 2px solid ${litColours.border}; }
.swatch.terminal { background: #fff; border: 3px double #333; }
.swatch.facts { background: #eef2f6; border-color: #8a99a8; }
.swatch.out { border: 0; border-top: 3px solid #1a5fb4; border-radius: 0; height: 0; }
dl#facts { display: grid; grid-template-columns: minmax(7em, max-content) minmax(0, 1fr); gap: 4px 12px; margin: 0; }
dl#facts dt { font-weight: 600; color: #3e4c59; }
dl#facts dd { margin: 0; }
dl#facts .attention { color: #8a1c12; font-weight: 650; }
.gate h3 { font-size: 15px; margin: 10px 0 4px; }
.gate ul { list-style: none; margin: 0; padding: 0; }
.gate li { display: grid; grid-template-columns: 6.5em minmax(0, 1fr); gap: 2px 8px; padding: 3px 0; border-bottom: 1px solid #eef1f4; }
.met { color: #17622f; font-weight: 650; }
.unmet { color: #8a1c12; font-weight: 650; }
.unknown { color: #4b5563; font-style: italic; }
.muted { color: #4b5563; }
#timeline { position: relative; list-style: none; margin: 0; padding: 0; max-height: 60vh; overflow: auto; }
#timeline li { border-bottom: 1px solid #eef1f4; content-visibility: auto; contain-intrinsic-size: auto 52px; }
#timeline button { display: grid; grid-template-columns: 3.2em 6.8em minmax(0, 1fr); gap: 0 8px; width: 100%; text-align: left; background: none; border: 0; border-radius: 0; padding: 6px 4px; }
#timeline .by { grid-column: 3; color: #4b5563; font-size: 13px; }
#timeline .seq { font-variant-numeric: tabular-nums; color: #3e4c59; }
#timeline li.later button { color: #4b5563; font-style: italic; }
#timeline li.current button { background: #fff4cc; font-weight: 650; box-shadow: inset 4px 0 0 ${litColours.border}; }
@media (max-width: 520px) {
  #timeline button { grid-template-columns: 2.8em minmax(0, 1fr); }
  #timeline .date { grid-column: 2; color: #3e4c59; }
  #timeline .what, #timeline .by { grid-column: 2; }
  dl#facts { grid-template-columns: minmax(0, 1fr); }
  dl#facts dd { margin-bottom: 6px; }
}
@media (min-width: 1000px) {
  .layout { grid-template-columns: minmax(0, 1fr) minmax(320px, 30%); grid-template-areas: "pos pos" "chart facts" "chart gates" "timeline gates"; align-items: start; }
  #position-panel { grid-area: pos; }
  #chart-panel { grid-area: chart; }
  #facts-panel { grid-area: facts; }
  #gates-panel { grid-area: gates; }
  #timeline-panel { grid-area: timeline; }
}
`;
