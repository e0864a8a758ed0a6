import { UnknownWorkflowError, UsageError } from '../errors.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { programmeVersions } from '../../machines/index.ts';
import { programmeReadModel } from '../../machines/readModel/index.ts';
import { parseCommandArgs, type Command } from './command.ts';
import { chartCommand } from './commands/chart.ts';
import { inspectCommand } from './commands/inspect.ts';
import { nextCommand } from './commands/next.ts';
import { portfolioCommand } from './commands/portfolio.ts';
import { projectionsCommand } from './commands/projections.ts';
import { auditCommand } from './commands/audit.ts';
import { checkpointCommand } from './commands/checkpoint.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { keygenCommand } from './commands/keygen.ts';
import { recordCommand } from './commands/record.ts';
import { replayCommand } from './commands/replay.ts';
import { stateCommand } from './commands/state.ts';
import { streamsCommand } from './commands/streams.ts';
import { verifyCommand } from './commands/verify.ts';
import { reportError, type CliIo } from './io.ts';
import { inputFilesOf, refuseOutputOntoInput } from './outputGuard.ts';
import { loadCliRegistry } from './workflowModules.ts';

/** Every subcommand, in the order `phasegate --help` lists them. */
const commands: readonly Command[] = [
  recordCommand,
  streamsCommand,
  stateCommand,
  portfolioCommand,
  projectionsCommand,
  replayCommand,
  verifyCommand,
  auditCommand,
  checkpointCommand,
  keygenCommand,
  nextCommand,
  chartCommand,
  inspectCommand,
  importCommand,
  exportCommand,
];

/**
 * Runs the `phasegate` command line and returns its exit code (0 ok, 1 usage or internal error, 2 invalid input,
 * 3 refused by the workflow, 4 integrity failure, 5 concurrency conflict). The composition root: the only file in
 * src/ that knows the reference workflow.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // Asked for, the help is the output (stdout, exit 0); shown because no command was given, it is an error message.
    if (name === undefined) {
      io.stderr.write(helpText());
      return 1;
    }
    io.stdout.write(helpText());
    return 0;
  }
  if (name === '--version') {
    io.stdout.write('phasegate 0.2.0\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  let registry: WorkflowRegistry | undefined;
  try {
    if (command === undefined) throw new UsageError(`unknown command "${name}"; run phasegate --help for the list`);
    const { positionals, values } = parseCommandArgs(command, rest);
    if (values.help === true) {
      io.stdout.write(`usage: phasegate ${command.usage}\n  ${command.summary}\n`);
      return 0;
    }
    refuseOutputOntoInput(values.output, inputFilesOf(positionals, values));
    const workflows = typeof values.workflows === 'string' ? values.workflows : undefined;
    registry = (await loadCliRegistry(io.cwd ?? process.cwd(), workflows, programmeVersions)).registry;
    return await command.run({ registry, readModels: [programmeReadModel], io }, positionals, values);
  } catch (error) {
    return reportError(
      io,
      error instanceof UnknownWorkflowError ? unknownWorkflow(error, name, registry) : error,
      json,
    );
  }
}

/**
 * Returns the CLI's word for a workflow the log or the command line names and no registered module defines: the
 * command cannot check (or record), which says nothing against the log; exit 2.
 */
function unknownWorkflow(
  error: UnknownWorkflowError,
  command: string,
  registry: WorkflowRegistry | undefined,
): UnknownWorkflowError {
  const verb = command === 'record' || command === 'import' ? 'record' : 'check';
  const known = registry === undefined ? '' : `; registered: ${registry.all.map((w) => w.ref).join(', ')}`;
  return new UnknownWorkflowError(
    error.workflow,
    `cannot ${verb}: workflow ${error.workflow} is not registered (use --workflows MODULE or a phasegate.config file)${known}`,
    { cause: error },
  );
}

function helpText(): string {
  const lines = commands.map((c) => `  phasegate ${c.usage}\n      ${c.summary}`);
  return [
    'phasegate: an event-sourced workflow engine for phase-gated programmes',
    '',
    ...lines,
    '',
    'Every command takes --workflows MODULE: an ES module whose default export is your workflows (what',
    'defineWorkflow returns, or a list); without it, the nearest phasegate.config.{js,mjs,json} from the working',
    'directory up names them ({"workflows": "./dist/workflows.js"}). The reference programme stays registered.',
    'Stores: a path ending .db or .sqlite (SQLite), .jsonl (JSONL file), postgres://USER@HOST/DB?schema=NAME',
    '(PostgreSQL; schema default phasegate), or memory:. verify, checkpoint, replay and audit read a .jsonl log',
    'file directly. Streams named <stream>.refusals hold refused proposals (record --record-refusals).',
    'Exit codes: 0 ok, 1 usage or internal error, 2 invalid input (an unregistered workflow too), 3 refused,',
    '4 integrity failure, 5 conflict.',
    '',
  ].join('\n');
}
