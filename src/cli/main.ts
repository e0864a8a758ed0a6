import { UsageError } from '../errors.ts';
import { createWorkflowRegistry } from '../workflow/registry.ts';
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
import { verifyCommand } from './commands/verify.ts';
import { reportError, type CliIo } from './io.ts';

/** Every subcommand, in the order `phasegate --help` lists them. */
const commands: readonly Command[] = [
  recordCommand,
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
    io.stdout.write('phasegate 0.1.0\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (command === undefined) throw new UsageError(`unknown command "${name}"; run phasegate --help for the list`);
    const { positionals, values } = parseCommandArgs(command, rest);
    if (values.help === true) {
      io.stdout.write(`usage: phasegate ${command.usage}\n  ${command.summary}\n`);
      return 0;
    }
    const registry = createWorkflowRegistry(programmeVersions);
    return await command.run({ registry, readModels: [programmeReadModel], io }, positionals, values);
  } catch (error) {
    return reportError(io, error, json);
  }
}

function helpText(): string {
  const lines = commands.map((c) => `  phasegate ${c.usage}\n      ${c.summary}`);
  return [
    'phasegate: an event-sourced workflow engine for phase-gated programmes',
    '',
    ...lines,
    '',
    'Stores: a path ending .db or .sqlite (SQLite), .jsonl (JSONL file), postgres://USER@HOST/DB?schema=NAME',
    '(PostgreSQL; schema default phasegate), or memory:. verify, checkpoint, replay and audit read a .jsonl log',
    'file directly. Streams named <stream>.refusals hold refused proposals (record --record-refusals).',
    'Exit codes: 0 ok, 1 usage or internal error, 2 invalid input, 3 refused, 4 integrity failure, 5 conflict.',
    '',
  ].join('\n');
}
