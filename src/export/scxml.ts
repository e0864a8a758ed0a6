import type { AnyStateMachine } from 'xstate';
import { toStatechart, type ChartState, type ChartTransition, type Statechart } from './statechart.ts';

/**
 * Returns the machine as W3C SCXML 1.0: `<state>`, `<parallel>`, `<final>`, `<history type="deep|shallow">` (with
 * its default transition to the parent's initial state), and `<transition event target cond>`. State ids are XState's
 * ids; a guard is kept in `cond` as an ECMAScript expression over named guards (`decisionIs("go") &&
 * knownOrgs`), which an SCXML interpreter would have to bind; actions are named in a comment. Pure.
 */
export function toScxml(machine: AnyStateMachine): string {
  const chart = toStatechart(machine);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="ecmascript" name="${attr(chart.id)}"` +
      `${chart.root.initial ? ` initial="${attr(chart.root.initial)}"` : ''}>`,
  ];
  for (const t of transitionsOf(chart, chart.root.id)) lines.push(...transition(t, '  '));
  for (const child of chart.root.children) lines.push(...element(chart, child, '  '));
  lines.push('</scxml>');
  return `${lines.join('\n')}\n`;
}

function element(chart: Statechart, state: ChartState, indent: string): string[] {
  if (state.type === 'history') {
    const parent = chart.states.get(state.parent!)!;
    const fallback = parent.initial ?? parent.children.find((c) => c.type !== 'history')?.id;
    return [
      `${indent}<history id="${attr(state.id)}" type="${state.history ?? 'shallow'}">`,
      ...(fallback ? [`${indent}  <transition target="${attr(fallback)}"/>`] : []),
      `${indent}</history>`,
    ];
  }
  const tag = state.type === 'parallel' ? 'parallel' : state.type === 'final' ? 'final' : 'state';
  const initial = state.type === 'compound' && state.initial ? ` initial="${attr(state.initial)}"` : '';
  const body = [
    ...transitionsOf(chart, state.id).flatMap((t) => transition(t, `${indent}  `)),
    ...state.children.flatMap((child) => element(chart, child, `${indent}  `)),
  ];
  if (body.length === 0) return [`${indent}<${tag} id="${attr(state.id)}"${initial}/>`];
  return [`${indent}<${tag} id="${attr(state.id)}"${initial}>`, ...body, `${indent}</${tag}>`];
}

function transitionsOf(chart: Statechart, id: string): ChartTransition[] {
  return chart.transitions.filter((t) => t.source === id);
}

function transition(t: ChartTransition, indent: string): string[] {
  const attrs = [`event="${attr(t.event)}"`];
  if (t.targets.length > 0) attrs.push(`target="${attr(t.targets.join(' '))}"`);
  else attrs.push('type="internal"');
  if (t.guards.length > 0) attrs.push(`cond="${attr(t.guards.map(condOf).join(' && '))}"`);
  const actions = t.actions.filter((a) => a !== '(inline)');
  if (actions.length === 0) return [`${indent}<transition ${attrs.join(' ')}/>`];
  return [
    `${indent}<transition ${attrs.join(' ')}>`,
    `${indent}  <!-- actions: ${comment(actions.join(', '))} -->`,
    `${indent}</transition>`,
  ];
}

/** `decisionIs(go)` is kept as a call with its params; a plain name stays a name. */
function condOf(name: string): string {
  const match = /^([A-Za-z_$][\w$]*)\((.*)\)$/.exec(name);
  if (!match) return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
  return `${match[1]}(${JSON.stringify(match[2])})`;
}

function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function comment(text: string): string {
  return text.replace(/--/g, '- -');
}
