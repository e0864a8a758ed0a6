import { UnknownWorkflowError, UsageError } from '../errors.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import { parseCommandArgs, type Command } from './command.ts';
import { reportError, type CliIo } from './io.ts';
import { inputFilesOf, refuseOutputOntoInput } from './outputGuard.ts';
import { findConfig } from './configFile.ts';

/**
 * Every subcommand, in the order `phasegate --help` lists them, loaded when named: a command loads its own modules
 * only (`verify` none of `record`'s), and the help loads them all.
 */
const commands: Readonly<Record<string, () => Promise<Command>>> = {
  record: async () => (await import('./commands/record.ts')).recordCommand,
  streams: async () => (await import('./commands/streams.ts')).streamsCommand,
  state: async () => (await import('./commands/state.ts')).stateCommand,
  portfolio: async () => (await import('./commands/portfolio.ts')).portfolioCommand,
  projections: async () => (await import('./commands/projections.ts')).projectionsCommand,
  replay: async () => (await import('./commands/replay.ts')).replayCommand,
  verify: async () => (await import('./commands/verify.ts')).verifyCommand,
  audit: async () => (await import('./commands/audit.ts')).auditCommand,
  checkpoint: async () => (await import('./commands/checkpoint.ts')).checkpointCommand,
  keygen: async () => (await import('./commands/keygen.ts')).keygenCommand,
  next: async () => (await import('./commands/next.ts')).nextCommand,
  chart: async () => (await import('./commands/chart.ts')).chartCommand,
  inspect: async () => (await import('./commands/inspect.ts')).inspectCommand,
  import: async () => (await import('./commands/import.ts')).importCommand,
  export: async () => (await import('./commands/export.ts')).exportCommand,
};

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
      io.stderr.write(await helpText());
      return 1;
    }
    io.stdout.write(await helpText());
    return 0;
  }
  if (name === '--version') {
    io.stdout.write('phasegate 0.2.0\n');
    return 0;
  }
  let registry: WorkflowRegistry | undefined;
  try {
    const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (load === undefined) throw new UsageError(`unknown command "${name}"; run phasegate --help for the list`);
    const command = await load();
    const { positionals, values } = parseCommandArgs(command, rest);
    if (values.help === true) {
      io.stdout.write(`usage: phasegate ${command.usage}\n  ${command.summary}\n`);
      return 0;
    }
    refuseOutputOntoInput(values.output, inputFilesOf(positionals, values));
    const workflows = typeof values.workflows === 'string' ? values.workflows : undefined;
    const cwd = io.cwd ?? process.cwd();
    // A command that never uses the workflows loads them only when a module or config file of them is to be checked:
    // loading the reference programme (xstate, zod, the machines) is a tenth of a second of a verify.
    if (command.usesWorkflows === false && workflows === undefined && findConfig(cwd) === null)
      return await command.run({ io }, positionals, values);
    // The read models (the portfolio's, with its projections and IATI code) only for a command that reads them.
    const [{ loadCliRegistry }, { programmeVersions }, readModel] = await Promise.all([
      import('./workflowModules.ts'),
      import('../../machines/index.ts'),
      command.usesReadModels === false ? null : import('../../machines/readModel/index.ts'),
    ]);
    registry = (await loadCliRegistry(cwd, workflows, programmeVersions)).registry;
    if (command.usesReadModels === false) return await command.run({ registry, io }, positionals, values);
    return await command.run({ registry, readModels: [readModel!.programmeReadModel], io }, positionals, values);
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

async function helpText(): Promise<string> {
  const all = await Promise.all(Object.values(commands).map((load) => load()));
  const lines = all.map((c) => `  phasegate ${c.usage}\n      ${c.summary}`);
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
