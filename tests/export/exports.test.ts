import { create } from 'xmlbuilder2';
import { and, createMachine, not, or, stateIn, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createEngine, initialSnapshot } from '../../src/index.ts';
import { renderSvg, toDot, toMermaid, toScxml, toStatechart, toStatelyCode } from '../../src/entries/export.ts';
import { programmeV1, programmeVersions } from '../../machines/index.ts';
import { seededStore } from '../support/seedLog.ts';

const machine = programmeV1.machine;
const head = async (): Promise<AnyMachineSnapshot> => {
  const store = await seededStore();
  return (await createEngine({ workflows: [...programmeVersions], store }).state('lcz-shenzhen')).snapshot;
};

describe('statechart exports', () => {
  it('keeps every state and transition of the machine in the chart model', () => {
    const chart = toStatechart(machine);
    expect(chart.states.size).toBe(17);
    expect(chart.transitions).toHaveLength(68); // 64, and RoleGranted and RoleRevoked while running and suspended
    expect(chart.commonGuards).toEqual(['knownOrgs', 'notBackdated', 'notFuture']);
    const go = chart.transitions.find(
      (t) => t.source === 'programme.running.feasibility.gate' && t.targets[0] === 'programme.running.development',
    );
    expect(go?.guard).toMatch(/^and\(decisionIs\(go\), knownOrgs, notBackdated, notFuture, reviewedGate, /);
  });

  it('writes Stately code that evaluates back to the same machine, guard names kept', () => {
    const code = toStatelyCode(machine);
    expect(code).toContain("import { and, createMachine, not, or, stateIn } from 'xstate';");
    expect(code).toContain('"mustCriteriaMet"');
    const body = code.replace(/^import .*$/m, '').replace('export const machine =', 'return');
    // The exported code is meant to be pasted into a module: running it is the test that it builds the machine.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const rebuilt = new Function('createMachine', 'and', 'or', 'not', 'stateIn', body)(
      createMachine,
      and,
      or,
      not,
      stateIn,
    );
    const original = toStatechart(machine);
    const copy = toStatechart(rebuilt);
    expect([...copy.states.keys()]).toEqual([...original.states.keys()]);
    expect(copy.transitions.map((t) => [t.source, t.event, t.targets, t.guard])).toEqual(
      original.transitions.map((t) => [t.source, t.event, t.targets, t.guard]),
    );
  });

  it('writes Mermaid stateDiagram-v2 with composite states, deep history, short labels, guard notes and the lit leaf', async () => {
    const text = toMermaid(machine, { snapshot: await head() });
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(text).toContain('state programme_running_feasibility {');
    expect(text).toContain('state "H*" as programme_running_hist');
    expect(text).toContain(
      'programme_running_feasibility_gate --> programme_running_development : GateDecisionRecorded [decisionIs(go)]\n',
    );
    expect(text).toContain('programme_suspended --> programme_running_hist : ProgrammeResumed\n');
    expect(text).toMatch(
      /note right of programme_running_feasibility_gate\n {4}GateDecisionRecorded \[decisionIs\(go\)\] also checks reviewedGate, /,
    );
    expect(text).toContain('Every guarded arrow also checks knownOrgs, notBackdated, notFuture');
    // Only the leaf is lit, not the composites around it; the facts boxes carry the facts class, terminal states theirs.
    expect(text).toMatch(/^ {2}class programme_running_implementation_active lit$/m);
    expect(text).toMatch(/^ {2}class programme_running_feasibility__facts,.*,programme_running__facts facts$/m);
    expect(text).toMatch(/^ {2}class programme_cancelled,programme_closed terminal$/m);
    expect(toMermaid(machine, { guards: 'full' })).toContain(': GateDecisionRecorded [and(decisionIs(go), knownOrgs, ');
  });

  it('writes DOT that Graphviz renders, the current configuration lit', async () => {
    const dot = toDot(machine, { snapshot: await head() });
    const svg = await renderSvg(dot);
    expect(svg).toMatch(/<svg[\s>]/);
    const lit = [...svg.matchAll(/<g id="state:([^"]+)" class="(?:node|cluster) state lit">/g)].map((m) => m[1]);
    expect(lit).toEqual([
      'programme.running',
      'programme.running.implementation',
      'programme.running.implementation.active',
    ]);
    const node = svg.slice(svg.indexOf('<g id="state:programme.running.implementation.active"'));
    expect(node.slice(0, node.indexOf('</g>'))).toContain('fill="#ffd54f"');
    expect(svg.match(/class="node state lit"/g)).toHaveLength(1);
  });

  it('lights nothing without a snapshot, and the initial state for a new stream', async () => {
    expect(await renderSvg(toDot(machine))).not.toContain('state lit');
    expect(toDot(machine, { snapshot: initialSnapshot(programmeV1) })).toMatch(
      /"programme.unregistered" \[id="state:programme.unregistered", class="state lit"/,
    );
  });

  it('reports a DOT syntax error instead of drawing something', async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(/Graphviz could not render the chart/);
  });

  it('writes SCXML that parses, with states, a deep history and guarded transitions', () => {
    const xml = toScxml(machine);
    const doc = create(xml).end({ format: 'object' }) as { scxml: Record<string, unknown> };
    const root = doc.scxml as { '@xmlns': string; '@initial': string; state: Array<Record<string, unknown>> };
    expect(root['@xmlns']).toBe('http://www.w3.org/2005/07/scxml');
    expect(root['@initial']).toBe('programme.unregistered');
    expect(root.state.map((s) => s['@id'])).toEqual([
      'programme.unregistered',
      'programme.running',
      'programme.suspended',
      'programme.cancelled',
      'programme.closed',
    ]);
    const running = root.state[1] as { history: Record<string, unknown>; state: unknown[] };
    expect(running.history['@type']).toBe('deep');
    expect(running.history['@id']).toBe('programme.running.hist');
    expect(xml).toContain(
      '<transition event="ProgrammeResumed" target="programme.running.hist" cond="knownOrgs &amp;&amp; notBackdated &amp;&amp; notFuture">',
    );
    expect(xml.match(/<transition /g)).toHaveLength(68 + 1); // every transition, plus the history default
  });
});
