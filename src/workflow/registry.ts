import { UnknownWorkflowError, UsageError } from '../errors.ts';
import type { Workflow } from './defineWorkflow.ts';
import { refusalsWorkflow } from './refusalsWorkflow.ts';

/** The workflow versions a process can replay and decide with; old versions stay registered for old streams. */
export type WorkflowRegistry = {
  /**
   * Returns the workflow `ref` names; throws {@link UnknownWorkflowError} if it is not registered. The engine's
   * built-in `phasegate-refusals@1` (the workflow of `<stream>.refusals` streams) is always known.
   */
  get(ref: string): Workflow;
  /** Returns the newest version of `name` (default: the first name registered), the one new streams start under. */
  latest(name?: string): Workflow;
  /**
   * Returns the workflow a caller names: `name@version` is that version ({@link WorkflowRegistry.get}), a bare
   * `name` the newest registered version of it. Throws {@link UnknownWorkflowError} naming what is registered.
   */
  resolve(nameOrRef: string): Workflow;
  /** Every registered workflow, in registration order. */
  readonly all: readonly Workflow[];
};

/** Returns a registry of the given workflows. Throws a {@link UsageError} if a ref is registered twice. */
export function createWorkflowRegistry(workflows: readonly Workflow[]): WorkflowRegistry {
  if (workflows.length === 0) throw new UsageError('A workflow registry needs at least one workflow');
  const byRef = new Map<string, Workflow>();
  for (const workflow of workflows) {
    if (byRef.has(workflow.ref)) throw new UsageError(`Workflow ${workflow.ref} is registered twice`);
    byRef.set(workflow.ref, workflow);
  }
  const defaultName = workflows[0]!.name;
  const get = (ref: string): Workflow => {
    const workflow = byRef.get(ref) ?? (ref === refusalsWorkflow.ref ? refusalsWorkflow : undefined);
    if (workflow === undefined) {
      throw new UnknownWorkflowError(
        ref,
        `Workflow ${ref} is not registered (registered: ${[...byRef.keys()].join(', ')}). ` +
          `Register every version that wrote the log you read.`,
      );
    }
    return workflow;
  };
  const latest = (name: string = defaultName): Workflow => {
    let newest: Workflow | undefined;
    for (const workflow of workflows) {
      if (workflow.name === name && (newest === undefined || workflow.version > newest.version)) newest = workflow;
    }
    if (newest === undefined) {
      const names = [...new Set(workflows.map((w) => w.name))].join(', ');
      throw new UnknownWorkflowError(name, `No workflow named "${name}" is registered (registered: ${names})`);
    }
    return newest;
  };
  return {
    all: workflows,
    get,
    latest,
    resolve: (nameOrRef) => (nameOrRef.includes('@') ? get(nameOrRef) : latest(nameOrRef)),
  };
}

/** True when `value` is a registry rather than a single workflow or a list. */
export function isWorkflowRegistry(value: unknown): value is WorkflowRegistry {
  return typeof value === 'object' && value !== null && typeof (value as WorkflowRegistry).latest === 'function';
}
