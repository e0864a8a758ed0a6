import type { AnyMachineSnapshot } from 'xstate';
import { assertStreamExists } from '../../audit/source.ts';
import { createEngine } from '../../engine/createEngine.ts';
import { InvalidInputError, UsageError } from '../../errors.ts';
import { toDot } from '../../export/dot.ts';
import { toMermaid } from '../../export/mermaid.ts';
import { renderProgrammePage } from '../../export/page.ts';
import { toScxml } from '../../export/scxml.ts';
import { toStatelyCode } from '../../export/stately.ts';
import { renderSvg } from '../../export/svg.ts';
import { openStore } from '../../store/openStore.ts';
import type { Workflow } from '../../workflow/defineWorkflow.ts';
import type { WorkflowRegistry } from '../../workflow/registry.ts';
import { diffText, diffWorkflows } from '../../export/diff.ts';
import type { Command } from '../command.ts';
import { writeOutput, type CliIo } from '../io.ts';
import { stateText } from '../../workflow/statePath.ts';

const formats = ['mermaid', 'dot', 'scxml', 'stately', 'svg', 'html'] as const;
type Format = (typeof formats)[number];

/** `phasegate chart`: the statechart in one of six formats, with a stream's current state lit when one is named. */
export const chartCommand: Command = {
  name: 'chart',
  usage:
    'chart [--format mermaid|dot|scxml|stately|svg|html] [--store S --stream P] [--workflow NAME[@V]] [-o FILE]\n' +
    '       chart --diff NAME@A NAME@B [--format text|json|svg] [-o FILE]',
  maxPositionals: 1,
  summary:
    "the statechart (Stately code, Mermaid, DOT, SCXML, SVG, or the programme page as one HTML file); a stream's state lit",
  options: {
    format: { type: 'string' },
    store: { type: 'string' },
    stream: { type: 'string' },
    workflow: { type: 'string' },
    diff: { type: 'string' },
    output: { type: 'string', short: 'o' },
  },
  usesReadModels: false,
  async run({ registry, io }, positionals, values) {
    if (typeof values.diff === 'string') return chartDiff(registry, io, this.usage, values.diff, positionals, values);
    if (positionals.length > 0)
      throw new UsageError(
        `chart takes no positional arguments, got "${positionals[0]}"\nusage: phasegate ${this.usage}`,
      );
    const format = (values.format ?? 'mermaid') as Format;
    if (!formats.includes(format))
      throw new UsageError(`--format must be one of ${formats.join(', ')}, not "${String(values.format)}"`);
    const storeUrl = typeof values.store === 'string' ? values.store : undefined;
    const stream = typeof values.stream === 'string' ? values.stream : undefined;
    if ((storeUrl === undefined) !== (stream === undefined))
      throw new UsageError('give --store and --stream together (or neither, for the bare chart)');
    if (format === 'html' && stream === undefined)
      throw new UsageError('--format html draws a programme: give --store S --stream P');
    let workflow: Workflow =
      typeof values.workflow === 'string' ? registry.resolve(values.workflow) : registry.latest();
    let snapshot: AnyMachineSnapshot | undefined;
    let caption: string | undefined;
    let text: string;
    if (storeUrl !== undefined && stream !== undefined) {
      const store = await openStore(storeUrl, { readOnly: true });
      try {
        await assertStreamExists({ kind: 'store', store }, stream);
        if (format === 'html') {
          text = await renderProgrammePage(registry, stream, store.readStream(stream));
          await writeOutput(io, values.output, text);
          return 0;
        }
        const state = await createEngine({ workflows: registry, store }).state(stream);
        // A version given with --workflow must be the stream's; a bare name must be its family.
        const asked = typeof values.workflow === 'string' ? values.workflow : undefined;
        const mismatch =
          asked !== undefined &&
          (asked.includes('@') ? workflow.ref !== state.workflow : registry.get(state.workflow).name !== workflow.name);
        if (mismatch) {
          throw new InvalidInputError(
            `stream "${stream}" is under ${state.workflow}, so its state cannot be lit in ${workflow.ref}'s chart: ` +
              `drop --workflow (or give --workflow ${state.workflow}); to compare the versions, use chart --diff ${state.workflow} ${workflow.ref}`,
          );
        }
        workflow = registry.get(state.workflow);
        snapshot = state.snapshot;
        caption = `${stream} after event ${state.seq} of ${state.seq}: ${stateText(state.state)}`;
      } finally {
        await store.close();
      }
    }
    const lit = snapshot === undefined ? {} : { snapshot };
    switch (format) {
      case 'mermaid':
        text = toMermaid(workflow.machine, lit);
        break;
      case 'dot':
        text = toDot(workflow.machine, { ...lit, title: workflow.ref, ...(caption ? { caption } : {}) });
        break;
      case 'svg':
        text = await renderSvg(
          toDot(workflow.machine, { ...lit, title: workflow.ref, ...(caption ? { caption } : {}) }),
        );
        break;
      case 'scxml':
        text = toScxml(workflow.machine);
        break;
      case 'stately':
        text = toStatelyCode(workflow.machine);
        break;
      default:
        throw new UsageError(`--format ${format} needs --store and --stream`);
    }
    await writeOutput(io, values.output, text);
    return 0;
  },
};

/** `chart --diff A B`: what changed between two versions of a workflow, as text, JSON or a chart of B with it marked. */
async function chartDiff(
  registry: WorkflowRegistry,
  io: CliIo,
  usage: string,
  from: string,
  positionals: readonly string[],
  values: Record<string, string | boolean | undefined>,
): Promise<number> {
  if (positionals.length !== 1)
    throw new UsageError(
      `chart --diff takes two versions, e.g. --diff programme@1 programme@2\nusage: phasegate ${usage}`,
    );
  if (values.store !== undefined || values.stream !== undefined || values.workflow !== undefined) {
    throw new UsageError('chart --diff compares two versions: it takes no --store, --stream or --workflow');
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'svg')
    throw new UsageError(`chart --diff --format must be text, json or svg, not "${String(format)}"`);
  const a = registry.get(from);
  const b = registry.get(positionals[0]!);
  const diff = diffWorkflows(a, b);
  let text: string;
  if (format === 'json') text = `${JSON.stringify(diff, null, 2)}\n`;
  else if (format === 'text') text = diffText(diff);
  else {
    const states = new Set(diff.states.added);
    const edges = new Set(
      [...diff.transitions.added, ...diff.transitions.guardChanged].flatMap((t) =>
        t.targets.map((target) => `${t.source}->${target}`),
      ),
    );
    const caption = `${diffText(diff).trimEnd()}\nBlue: states and arrows that are new or guarded differently in ${b.ref}.`;
    text = await renderSvg(
      toDot(b.machine, { title: `${a.ref} -> ${b.ref}`, caption, changed: { states, edges }, noLegend: true }),
    );
  }
  await writeOutput(io, values.output, text);
  return 0;
}
