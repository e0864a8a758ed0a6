import { assertStreamExists } from '../../audit/source.ts';
import { createEngine } from '../../engine/createEngine.ts';
import { streamStateJson } from '../../engine/streamState.ts';
import { openStore } from '../../store/openStore.ts';
import type { GateReport } from '../../workflow/defineWorkflow.ts';
import { shortestPathTo, whatNext, type PathReport } from '../../workflow/next.ts';
import { required, type Command } from '../command.ts';
import { printJson, sanitize, type CliIo } from '../io.ts';
import { stateText } from '../../workflow/statePath.ts';

/** `phasegate next`: what may be recorded now, what each gate ahead misses, and the shortest way to a state. */
export const nextCommand: Command = {
  name: 'next',
  usage: 'next <store> <stream> [--to STATE] [--json]',
  summary: 'the event types the workflow accepts now, what each gate still misses; --to: the shortest way to a state',
  options: { to: { type: 'string' } },
  async run({ registry, io }, positionals, values) {
    const storeUrl = required(this, positionals, 0, '<store>');
    const stream = required(this, positionals, 1, '<stream>');
    const store = await openStore(storeUrl, { readOnly: true });
    try {
      await assertStreamExists({ kind: 'store', store }, stream);
      const state = await createEngine({ workflows: registry, store }).state(stream);
      const workflow = registry.get(state.workflow);
      const report = whatNext(workflow, state.snapshot);
      const path = typeof values.to === 'string' ? shortestPathTo(workflow, state.snapshot, values.to) : undefined;
      if (values.json === true) {
        const { stream: _s, seq, workflow: ref, state: label } = streamStateJson(state);
        printJson(io, {
          stream,
          seq,
          workflow: ref,
          state: label,
          eventTypes: report.eventTypes,
          gates: report.gates,
          ...(path === undefined ? {} : { path: pathJson(path) }),
        });
      } else {
        printReport(io, state.seq, stateText(report.state), report.eventTypes, report.gates);
        if (path) printPath(io, path);
      }
      return path !== undefined && path.steps === null ? 3 : 0;
    } finally {
      await store.close();
    }
  },
};

function pathJson(path: PathReport) {
  return {
    target: path.target,
    reachable: path.steps !== null,
    eventTypes: path.steps?.map((s) => s.event.type) ?? null,
    steps: path.steps?.map((s) => ({ type: s.event.type, state: s.state })) ?? null,
    explored: path.explored,
  };
}

function printReport(io: CliIo, seq: number, state: string, eventTypes: readonly string[], gates: readonly GateReport[]): void {
  const lines = [`state      ${state} (after seq ${seq})`, `may record ${eventTypes.length === 0 ? '(nothing: the workflow has ended)' : eventTypes.join(', ')}`];
  for (const gate of gates) {
    lines.push('', `${gate.gate} (${gate.status === 'open' ? 'review open' : gate.status})`);
    for (const k of gate.criteria) {
      const verdict = k.met === true ? 'met     ' : k.met === false ? 'MISSING ' : 'to judge';
      lines.push(`  ${verdict} ${k.id}${k.kind === 'must' ? ' (must)' : ''}  ${k.text}${k.missing ? `: ${k.missing}` : ''}`);
    }
  }
  io.stdout.write(`${lines.map(sanitize).join('\n')}\n`);
}

function printPath(io: CliIo, path: PathReport): void {
  if (path.steps === null) {
    io.stdout.write(`\nno sequence of sample events reaches ${sanitize(path.target)} from here (${path.explored} states searched)\n`);
    return;
  }
  const lines = [`\nshortest way to ${path.target}: ${path.steps.length} event(s) (${path.explored} states searched)`];
  path.steps.forEach((step, i) => {
    const to = stateText(step.state);
    lines.push(`  ${String(i + 1).padStart(2)}. ${step.event.type}  -> ${to}`);
  });
  io.stdout.write(`${lines.map(sanitize).join('\n')}\n`);
}
