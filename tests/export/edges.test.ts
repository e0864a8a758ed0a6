/**
 * Every arrow the Mermaid and DOT exports draw is one of the machine's transitions, from its real source state to its
 * real target, and every transition is drawn: checked against XState's own state nodes, not the exporters' model.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import { renderSvg, toDot, toMermaid } from '../../src/entries/export.ts';
import { programmeVersions } from '../../machines/index.ts';

type Edge = { readonly source: string; readonly target: string; readonly event: string };
const key = (e: Edge) => `${e.source} -> ${e.target} : ${e.event}`;

/** The machine's transitions with a target, one entry per (transition, target), straight from XState's state nodes. */
function machineEdges(machine: AnyStateMachine): string[] {
  const edges: string[] = [];
  const visit = (node: AnyStateNode): void => {
    for (const [event, candidates] of node.transitions) {
      for (const t of candidates)
        for (const target of t.target ?? []) edges.push(key({ source: node.id, target: target.id, event }));
    }
    for (const child of Object.values(node.states)) visit(child as AnyStateNode);
  };
  visit(machine.root);
  return edges.sort();
}

function allStateIds(machine: AnyStateMachine): string[] {
  const ids: string[] = [];
  const visit = (node: AnyStateNode): void => {
    ids.push(node.id);
    for (const child of Object.values(node.states)) visit(child as AnyStateNode);
  };
  visit(machine.root);
  return ids;
}

/** The arrows of a Mermaid text between states (not `[*]`), mapped back to state ids. */
function mermaidEdges(machine: AnyStateMachine, text: string): string[] {
  const byNode = new Map(allStateIds(machine).map((id) => [id.replace(/[^A-Za-z0-9_]/g, '_'), id]));
  const edges: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+) --> (\S+) : (\S+)/.exec(line);
    if (!m || m[1] === '[*]' || m[2] === '[*]') continue;
    const source = byNode.get(m[1]!);
    const target = byNode.get(m[2]!);
    expect(source, `Mermaid arrow from unknown node ${m[1]}`).toBeDefined();
    expect(target, `Mermaid arrow to unknown node ${m[2]}`).toBeDefined();
    edges.push(key({ source: source!, target: target!, event: m[3]! }));
  }
  return edges.sort();
}

/**
 * The arrows of a DOT text, mapped back to states: the tail is the `ltail` cluster when the arrow leaves one, else the
 * tail node; the head likewise. One entry per line of the arrow's tooltip (one line per transition it stands for).
 */
function dotEdges(text: string): string[] {
  const edges: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*"([^"]+)" -> "([^"]+)"(?: \[(.*)\])?;$/.exec(line);
    if (!m || m[1]!.endsWith('#init')) continue;
    const attrs = m[3] ?? '';
    const ltail = /ltail="cluster_([^"]+)"/.exec(attrs)?.[1];
    const lhead = /lhead="cluster_([^"]+)"/.exec(attrs)?.[1];
    const tooltip = /tooltip="((?:[^"\\]|\\.)*)"/.exec(attrs)?.[1];
    expect(tooltip, `DOT arrow without its transitions: ${line}`).toBeDefined();
    const id = /id="edge:([^"]+)->([^"]+)"/.exec(attrs);
    const source = ltail ?? m[1]!;
    const target = lhead ?? m[2]!;
    expect([id?.[1], id?.[2]]).toEqual([source, target]);
    for (const full of tooltip!.split('\\n')) edges.push(key({ source, target, event: full.split(' ')[0]! }));
  }
  return edges.sort();
}

describe.each(programmeVersions.map((w) => [w.ref, w] as const))('the arrows of %s', (_ref, workflow) => {
  const machine = workflow.machine;
  const expected = machineEdges(machine);

  it('Mermaid draws each transition once, from its real source to its real target', () => {
    expect(expected.length).toBeGreaterThan(10);
    expect(mermaidEdges(machine, toMermaid(machine))).toEqual(expected);
    expect(mermaidEdges(machine, toMermaid(machine, { guards: 'full' }))).toEqual(expected);
  });

  it('DOT draws each transition, from its real source to its real target', async () => {
    const dot = toDot(machine);
    expect(dotEdges(dot)).toEqual(expected);
    await expect(renderSvg(dot)).resolves.toMatch(/<svg/);
  });

  it('names the cases the old exports got wrong: closing from finalisation, go from the gate, resuming into H*', () => {
    const mermaid = toMermaid(machine);
    expect(mermaid).toContain('programme_running_finalisation --> programme_closed : ProgrammeClosed');
    expect(mermaid).toContain(
      'programme_running_feasibility_gate --> programme_running_development : GateDecisionRecorded [decisionIs(go)]',
    );
    expect(mermaid).toContain(
      'programme_running_development_gate --> programme_suspended : GateDecisionRecorded [decisionIs(hold)]',
    );
    expect(mermaid).toContain('programme_suspended --> programme_running_hist : ProgrammeResumed');
    expect(dotEdges(toDot(machine))).toContain('programme.suspended -> programme.running.hist : ProgrammeResumed');
  });
});
