import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';
import { parseJobs } from '../parallel/jobs.ts';
import type { ReadModel } from '../projections/readModel.ts';
import type { WorkflowRegistry } from '../workflow/registry.ts';
import type { CliIo } from './io.ts';

/**
 * What every command gets: the workflows this build knows, the read models kept beside their logs (the first one
 * is the portfolio's), and where to read and write.
 */
export type CommandContext = {
  readonly registry: WorkflowRegistry;
  readonly readModels: readonly ReadModel[];
  readonly io: CliIo;
};

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * One `phasegate` subcommand: one that uses the workflows and the read models, one that uses the workflows only
 * ({@link CommandWithoutReadModels}), or one that uses neither ({@link CommandWithoutWorkflows}).
 */
export type Command = CommandWithWorkflows | CommandWithoutReadModels | CommandWithoutWorkflows;

/** A command that reads or records through the workflows: it gets the registry and the read models. */
export type CommandWithWorkflows = CommandInfo & {
  readonly usesWorkflows?: true;
  readonly usesReadModels?: true;
  /** Runs with parsed arguments; returns the exit code. Throws PhasegateErrors, which main turns into exit codes. */
  run(
    context: CommandContext,
    positionals: string[],
    values: Record<string, string | boolean | undefined>,
  ): Promise<number>;
};

/**
 * A command that uses the workflows and no read model (`replay`, `audit`, `next`...): the command line does not load
 * the read models for it (the portfolio's, with its projections and IATI code; docs/performance.md, "Using the
 * cores").
 */
export type CommandWithoutReadModels = CommandInfo & {
  readonly usesWorkflows?: true;
  readonly usesReadModels: false;
  /** Runs with parsed arguments; returns the exit code. Throws PhasegateErrors, which main turns into exit codes. */
  run(
    context: Pick<CommandContext, 'registry' | 'io'>,
    positionals: string[],
    values: Record<string, string | boolean | undefined>,
  ): Promise<number>;
};

/**
 * A command that never uses the workflows (`verify` checks hash chains, signatures and checkpoints only). The command
 * line loads the built-in workflows for it only to check a `--workflows` module or a config file, so that a broken
 * one stops it with the same message and exit code as every other command (README, "Command line").
 */
export type CommandWithoutWorkflows = CommandInfo & {
  readonly usesWorkflows: false;
  readonly usesReadModels?: false;
  /** Runs with parsed arguments; returns the exit code. Throws PhasegateErrors, which main turns into exit codes. */
  run(
    context: Pick<CommandContext, 'io'>,
    positionals: string[],
    values: Record<string, string | boolean | undefined>,
  ): Promise<number>;
};

type CommandInfo = {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options: Options;
  /**
   * The most positional arguments it takes; more is a usage error (README, "Command line"). Without it, the number
   * of `<...>` placeholders in `usage`.
   */
  readonly maxPositionals?: number;
};

/** Parses a command's arguments strictly; throws a {@link UsageError} that shows the usage line. */
export function parseCommandArgs(command: Command, argv: readonly string[]) {
  // `--jobs -1` is a bad number of jobs (exit 2, README "Command line"), which parseArgs would call a missing value.
  const jobsAt = argv.indexOf('--jobs');
  if (command.options.jobs !== undefined && jobsAt >= 0 && /^-\d/.test(argv[jobsAt + 1] ?? ''))
    parseJobs(argv[jobsAt + 1]);
  try {
    const { positionals, values } = parseArgs({
      args: [...argv],
      options: {
        ...command.options,
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        workflows: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const max = command.maxPositionals ?? (command.usage.match(/<[^>]+>/g) ?? []).length;
    if (positionals.length > max) {
      const extra = positionals
        .slice(max)
        .map((p) => `"${p}"`)
        .join(', ');
      throw new UsageError(
        `${command.name} takes at most ${max} ${max === 1 ? 'argument' : 'arguments'} besides options; ${extra} would be ignored`,
      );
    }
    return { positionals, values: values as Record<string, string | boolean | undefined> };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: phasegate ${command.usage}`, { cause: error });
  }
}

/** Returns the positional at `index` or throws a {@link UsageError} naming what is missing. */
export function required(command: Command, positionals: readonly string[], index: number, what: string): string {
  const value = positionals[index];
  if (value === undefined || value === '') throw new UsageError(`missing ${what}\nusage: phasegate ${command.usage}`);
  return value;
}

/** Parses a non-negative whole number option; throws a {@link UsageError} naming the option. */
export function wholeNumber(option: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw new UsageError(`--${option} needs a whole number, got "${String(value)}"`);
  return Number(value);
}
