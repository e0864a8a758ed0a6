import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PhasegateError, UsageError } from '../errors.ts';
import type { Workflow } from '../workflow/defineWorkflow.ts';
import { createWorkflowRegistry, isWorkflowRegistry, type WorkflowRegistry } from '../workflow/registry.ts';
import { findConfig } from './configFile.ts';

export { configFileNames, findConfig } from './configFile.ts';

/** Where the CLI's own workflows came from: a `--workflows` module, a config file, or neither. */
export type WorkflowSource = { readonly kind: 'option' | 'config' | 'builtin'; readonly path: string | null };

/**
 * Returns the registry every command uses: the workflows of the `--workflows MODULE` option, else of the nearest
 * `phasegate.config.{js,mjs,json}` from `cwd` up, followed by the built-in ones whose names they do not take (so
 * logs of the reference programme still read). Throws a {@link UsageError} naming the module that cannot be loaded
 * or exports no workflows.
 */
export async function loadCliRegistry(
  cwd: string,
  option: string | undefined,
  builtin: readonly Workflow[],
): Promise<{ readonly registry: WorkflowRegistry; readonly source: WorkflowSource }> {
  let own: readonly Workflow[] = [];
  let source: WorkflowSource = { kind: 'builtin', path: null };
  if (option !== undefined) {
    const path = resolveModule(option, cwd);
    own = await importWorkflows(path, `--workflows ${option}`);
    source = { kind: 'option', path };
  } else {
    const config = findConfig(cwd);
    if (config !== null) {
      own = await configWorkflows(config);
      source = { kind: 'config', path: config };
    }
  }
  const names = new Set(own.map((w) => w.name));
  const workflows = [...own, ...builtin.filter((w) => !names.has(w.name))];
  try {
    return { registry: createWorkflowRegistry(workflows), source };
  } catch (error) {
    throw new UsageError(`The workflows of ${source.path}: ${(error as Error).message}`, { cause: error });
  }
}

async function configWorkflows(path: string): Promise<readonly Workflow[]> {
  let config: unknown;
  if (path.endsWith('.json')) {
    try {
      config = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new UsageError(`Cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
  } else {
    config = (await importModule(path, path)).default;
  }
  const workflows = (config as { workflows?: unknown } | null)?.workflows;
  if (typeof workflows === 'string')
    return importWorkflows(resolveModule(workflows, dirname(path)), `${path} (workflows: "${workflows}")`);
  const found = workflowsIn(workflows);
  if (found === null) {
    throw new UsageError(
      `${path} names no workflows: give it "workflows": "./path/to/module.js" (a module whose default export is a ` +
        'workflow or a list of them), or, in a .js config, the workflows themselves',
    );
  }
  return found;
}

async function importWorkflows(path: string, label: string): Promise<readonly Workflow[]> {
  const module = await importModule(path, label);
  const found = workflowsIn(module.default) ?? workflowsIn(module.workflows);
  if (found === null) {
    throw new UsageError(
      `${label} exports no workflows: export default [grantV1, grantV2] (what defineWorkflow returns, a list of them, ` +
        'or a registry), or export const workflows = ...',
    );
  }
  return found;
}

async function importModule(path: string, label: string): Promise<Record<string, unknown>> {
  if (!existsSync(path)) throw new UsageError(`${label}: there is no module at ${path}`);
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const why =
      error instanceof PhasegateError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
    throw new UsageError(`${label} could not be loaded: ${why}`, { cause: error });
  }
}

/** Returns the workflows a module export holds (one, a list, or a registry), or null when it holds none. */
function workflowsIn(value: unknown): readonly Workflow[] | null {
  if (isWorkflowRegistry(value)) return value.all;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every(isWorkflow)) return null;
  return list;
}

function isWorkflow(value: unknown): value is Workflow {
  const candidate = value as Partial<Workflow> | null;
  return (
    typeof candidate?.ref === 'string' &&
    typeof candidate.machine === 'object' &&
    typeof candidate.catalogue === 'object'
  );
}

/** Returns the file a module specifier names: a path (relative to `from`), or a package resolved from `from`. */
function resolveModule(specifier: string, from: string): string {
  if (isAbsolute(specifier) || specifier.startsWith('.') || /\.[cm]?js$/.test(specifier))
    return resolve(from, specifier);
  try {
    return createRequire(join(from, 'noop.js')).resolve(specifier);
  } catch (error) {
    throw new UsageError(
      `Cannot find the workflows module "${specifier}" from ${from}: give a path (./workflows.js) or an installed package`,
      { cause: error },
    );
  }
}
