/**
 * `chart --diff`: what changed between two workflow versions, so an auditor sees what a WorkflowMigrated changed.
 */
import { createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { type Workflow } from '../../src/index.ts';
import { diffText, diffWorkflows, toDot } from '../../src/entries/export.ts';
import { programmeV1, programmeV2 } from '../../machines/index.ts';
import { runMain } from '../support/cli.ts';

/** A bare workflow for the diff (it reads only the machine, the ref and the gates): no catalogue or policy needed. */
function toy(version: number, config: object): Workflow {
  return {
    name: 'toy',
    version,
    ref: `toy@${version}`,
    hiddenStates: [],
    machine: createMachine({ id: 'toy', ...config } as never),
  } as unknown as Workflow;
}

const v1 = toy(1, { initial: 'a', states: { a: { on: { GO: { target: 'b', guard: 'ok' }, DROP: 'b' } }, b: {} } });
const v2 = toy(2, {
  initial: 'a',
  states: { a: { on: { GO: { target: 'b', guard: 'strict' }, SKIP: 'c' } }, b: {}, c: {} },
});

describe('the difference between two workflow versions', () => {
  it('names the states, transitions and guards that differ', () => {
    const diff = diffWorkflows(v1, v2);
    expect(diff.same).toBe(false);
    expect(diff.states).toEqual({ added: ['toy.c'], removed: [] });
    expect(diff.transitions.added).toEqual([{ source: 'toy.a', event: 'SKIP', targets: ['toy.c'], guard: null }]);
    expect(diff.transitions.removed).toEqual([{ source: 'toy.a', event: 'DROP', targets: ['toy.b'], guard: null }]);
    expect(diff.transitions.guardChanged).toEqual([
      { source: 'toy.a', event: 'GO', targets: ['toy.b'], from: 'ok', to: 'strict' },
    ]);
    expect(diffText(diff)).toBe(
      'toy@1 -> toy@2: differences\n+ state toy.c\n+ transition toy.a --SKIP--> toy.c\n- transition toy.a --DROP--> toy.b\n' +
        '~ guard of toy.a --GO--> toy.b: ok  =>  strict\n',
    );
    expect(diffWorkflows(v1, v1).same).toBe(true);
    const dot = toDot(v2.machine, { changed: { states: new Set(['toy.c']), edges: new Set(['toy.a->toy.c']) } });
    expect(dot).toMatch(/"toy\.c" \[id="state:toy\.c", class="state terminal changed", fillcolor="#cfe3ff"/);
    expect(dot).toMatch(/"toy\.a" -> "toy\.c" \[label="SKIP", id="edge:toy\.a->toy\.c", class="transition changed"/);
  });

  it('finds that programme@2 asks for 4 knowledge-transfer activities at G3 where programme@1 asked for 3', () => {
    const diff = diffWorkflows(programmeV1, programmeV2);
    expect(diff.states).toEqual({ added: [], removed: [] });
    expect(diff.transitions).toEqual({ added: [], removed: [], guardChanged: [] });
    expect(diff.criteria.changed.map((k) => [k.gate, k.id, k.from.text.slice(0, 12), k.to.text.slice(0, 12)])).toEqual([
      ['G3', 'G3-C1', 'At least 3 k', 'At least 4 k'],
    ]);
  });

  it('is printed by chart --diff as text, JSON and an SVG of the newer version', async () => {
    const text = await runMain(['chart', '--diff', 'programme@1', 'programme@2']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^programme@1 -> programme@2: differences\n~ criterion G3 G3-C1: "At least 3 .*"At least 4 /,
    );
    const json = await runMain(['chart', '--diff', 'programme@1', 'programme@2', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ from: 'programme@1', to: 'programme@2', same: false });
    const svg = await runMain(['chart', '--diff', 'programme@1', 'programme@2', '--format', 'svg']);
    expect(svg.stdout).toMatch(/<svg[\s>]/);
    expect(svg.stdout).toContain('programme@1 &#45;&gt; programme@2');
    expect(svg.stdout).toContain('G3&#45;C1');
    expect((await runMain(['chart', '--diff', 'programme@1'])).code).toBe(1);
    expect((await runMain(['chart', '--diff', 'programme@1', 'programme@2', '--format', 'dot'])).code).toBe(1);
  });
});
