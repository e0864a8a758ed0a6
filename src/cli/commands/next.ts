import { assertStreamExists } from '../../audit/source.ts';
import { createEngine } from '../../engine/createEngine.ts';
import { streamStateJson } from '../../engine/streamState.ts';
import { openStore } from '../../store/openStore.ts';
import type { GateReport, Workflow } from '../../workflow/defineWorkflow.ts';
import {
  requiredFields,
  shortestPathTo,
  whatNext,
  type NextActor,
  type NextReport,
  type PathReport,
} from '../../workflow/next.ts';
import { required, type Command } from '../command.ts';
import { printJson, sanitize, type CliIo } from '../io.ts';
import { counted } from '../../words.ts';
import { stateText } from '../../workflow/statePath.ts';

/** `phasegate next`: what may be recorded now and by whom, the gates ahead, and the shortest way to a state. */
export const nextCommand: Command = {
  name: 'next',
  usage: 'next <store> <stream> [--as ORG] [--to STATE] [--json]',
  summary:
    'what may be recorded now (roles and guards checked), by whom, and what each gate ahead still misses; --to: the shortest way to a state',
  options: { to: { type: 'string' }, as: { type: 'string' } },
  usesReadModels: false,
  async run({ registry, io }, positionals, values) {
    const storeUrl = required(this, positionals, 0, '<store>');
    const stream = required(this, positionals, 1, '<stream>');
    const store = await openStore(storeUrl, { readOnly: true });
    try {
      await assertStreamExists({ kind: 'store', store }, stream);
      const state = await createEngine({ workflows: registry, store }).state(stream);
      const workflow = registry.get(state.workflow);
      let as: NextActor | undefined;
      if (typeof values.as === 'string') {
        // The roles the log grants the organisation (programme@3 on); for a workflow without grants, the roles the
        // log shows it recording in.
        let roles: readonly string[];
        if (workflow.rolesHeld) roles = workflow.rolesHeld(state.snapshot, values.as);
        else {
          const seen = new Set<string>();
          for await (const event of store.readStream(stream))
            if (event.actor.id === values.as) seen.add(event.actor.role);
          roles = [...seen];
        }
        as = { id: values.as, roles };
      }
      const report = whatNext(workflow, state.snapshot, as ? { as } : {});
      const path = typeof values.to === 'string' ? shortestPathTo(workflow, state.snapshot, values.to) : undefined;
      if (values.json === true) {
        const { seq, workflow: ref, state: label } = streamStateJson(state);
        printJson(io, {
          stream,
          seq,
          workflow: ref,
          state: label,
          ...(as ? { as } : {}),
          eventTypes: report.eventTypes,
          events: report.events,
          notNow: report.notNow,
          gates: report.gates,
          ...(path === undefined ? {} : { path: pathJson(workflow, path) }),
        });
      } else {
        printReport(io, state.seq, report);
        if (path) printPath(io, workflow, path);
      }
      return path !== undefined && path.steps === null ? 3 : 0;
    } finally {
      await store.close();
    }
  },
};

const rolesOf = (workflow: Workflow, type: string) => workflow.policy.rules[type]?.roles ?? [];

function pathJson(workflow: Workflow, path: PathReport) {
  return {
    target: path.target,
    reachable: path.steps !== null,
    eventTypes: path.steps?.map((s) => s.event.type) ?? null,
    steps:
      path.steps?.map((s) => ({
        type: s.event.type,
        roles: rolesOf(workflow, s.event.type),
        requiredData: requiredFields(workflow, s.event.type),
        state: s.state,
      })) ?? null,
    explored: path.explored,
  };
}

function gateLine(gate: GateReport): string {
  const status = gate.status === 'open' ? 'review open' : gate.status === 'next' ? 'next gate' : 'later';
  const due = gate.due ? `, ${gate.status === 'open' ? 'review on' : 'due by'} ${gate.due}` : '';
  return `${gate.gate} (${status}${due})`;
}

function printReport(io: CliIo, seq: number, report: NextReport): void {
  const state = stateText(report.state);
  const who = report.as
    ? ` as ${report.as.id} (${report.as.roles.length === 0 ? 'no role in this log' : report.as.roles.join(', ')})`
    : '';
  const width = Math.max(10, ...report.events.map((e) => e.type.length), ...report.notNow.map((e) => e.type.length));
  const lines = [`state      ${state} (after seq ${seq})`, '', `may record now${who}:`];
  if (report.events.length === 0) lines.push('  (nothing)');
  for (const e of report.events) {
    lines.push(
      `  ${e.type.padEnd(width)}  by ${e.roles.join(' or ')}${e.checked ? '' : '  (no example to try its guards on: they decide when it is recorded)'}`,
    );
  }
  if (report.notNow.length > 0) {
    lines.push('', 'not now:');
    for (const e of report.notNow) lines.push(`  ${e.type.padEnd(width)}  ${e.reasons.join('; ')}`);
  }
  for (const gate of report.gates) {
    lines.push('', gateLine(gate));
    for (const k of gate.criteria) {
      const verdict = k.met === true ? 'met     ' : k.met === false ? 'MISSING ' : 'to judge';
      lines.push(
        `  ${verdict} ${k.id}${k.kind === 'must' ? ' (must)' : ''}  ${k.text}${k.missing ? `: ${k.missing}` : ''}`,
      );
    }
  }
  io.stdout.write(`${lines.map((line) => sanitize(line)).join('\n')}\n`);
}

function printPath(io: CliIo, workflow: Workflow, path: PathReport): void {
  if (path.steps === null) {
    io.stdout.write(
      `\nno sequence of sample events reaches ${sanitize(path.target)} from here (${path.explored} states searched)\n`,
    );
    return;
  }
  const searched = `${counted(path.steps.length, 'event')} (${counted(path.explored, 'state')} searched)`;
  const lines = ['', `shortest way to ${path.target}: ${searched}`];
  path.steps.forEach((step, i) => {
    const to = stateText(step.state);
    const type = step.event.type;
    lines.push(`  ${String(i + 1).padStart(2)}. ${type} by ${rolesOf(workflow, type).join(' or ')}  -> ${to}`);
    const data = requiredFields(workflow, type);
    if (data.length > 0) lines.push(`      with ${data.join(', ')}`);
  });
  io.stdout.write(`${lines.map((line) => sanitize(line)).join('\n')}\n`);
}
