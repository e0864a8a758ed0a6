import type { AnyStateMachine } from 'xstate';
import { initialSnapshotOf } from './scope.ts';

/**
 * How a workflow's context is written into a persisted snapshot and read back, for a context that is not plain JSON
 * (a `Set`, a `Map`, a `Date`, a class instance). Without one, the context must survive a JSON round trip, which
 * `defineWorkflow` checks on the initial context.
 * @example
 * const codec: ContextCodec<{ seen: Set<string> }> = {
 *   version: 1,
 *   persist: (context) => ({ seen: [...context.seen] }),
 *   restore: (persisted) => ({ seen: new Set((persisted as { seen: string[] }).seen) }),
 * };
 */
export type ContextCodec<TContext> = {
  /** The version of the persisted form, a positive integer; raise it when the form changes. */
  readonly version: number;
  /** Returns the context as plain JSON data (objects, arrays, strings, finite numbers, booleans, null). Pure. */
  persist(context: TContext): unknown;
  /**
   * Returns the live context from a persisted one. `version` is the codec version it was written under, or 0 for a
   * plain JSON context written without a codec (an older workflow version's, taken over by a migration). Throws
   * when it cannot read that version: the engine then replays the stream instead. Pure.
   */
  restore(persisted: unknown, version: number): TContext;
};

/**
 * Returns where a value stops being plain JSON data, e.g. `context.seen is a Set`, or null when `JSON.parse`
 * of its `JSON.stringify` gives the same value back. An object property that is `undefined` counts as absent, and so
 * does an `undefined` value (a machine without context).
 */
export function jsonProblem(value: unknown, path: string): string | null {
  const seen = new Set<object>();
  const visit = (node: unknown, at: string): string | null => {
    switch (typeof node) {
      case 'string':
      case 'boolean':
        return null;
      case 'number':
        return Number.isFinite(node) ? null : `${at} is ${node}, which JSON writes as null`;
      case 'undefined':
        return `${at} is undefined, which JSON leaves out`;
      case 'object':
        break;
      default:
        return `${at} is a ${typeof node}, which JSON cannot hold`;
    }
    if (node === null) return null;
    if (seen.has(node)) return `${at} refers back to an enclosing object, which JSON cannot hold`;
    const prototype = Object.getPrototypeOf(node);
    if (Array.isArray(node)) {
      seen.add(node);
      for (let index = 0; index < node.length; index++) {
        const problem = visit(node[index], `${at}[${index}]`);
        if (problem) return problem;
      }
      seen.delete(node);
      return null;
    }
    if (prototype !== Object.prototype && prototype !== null) {
      const name = (prototype?.constructor as { name?: string } | undefined)?.name || 'class instance';
      return `${at} is a ${name}, which JSON does not give back as one`;
    }
    seen.add(node);
    for (const [key, child] of Object.entries(node)) {
      if (child === undefined) continue;
      const problem = visit(child, `${at}.${key}`);
      if (problem) return problem;
    }
    seen.delete(node);
    return null;
  };
  return value === undefined ? null : visit(value, path);
}

/**
 * Returns what is wrong with how a machine's context would be persisted: without a codec, where its initial context
 * is not plain JSON; with one, a bad version, a persisted form that is not plain JSON, or a restore that throws or
 * does not give back what was persisted (compared through `persist` again). Runs the machine's initial transition
 * (pure). An empty list when all is well.
 */
export function contextProblems(
  machine: AnyStateMachine,
  input: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any machine's codec (its context type is the machine's)
  codec: ContextCodec<any> | undefined,
): string[] {
  let context: unknown;
  try {
    context = initialSnapshotOf(machine, input).context;
  } catch (error) {
    return [`the machine's initial state could not be computed: ${(error as Error).message}`];
  }
  if (codec === undefined) {
    const problem = jsonProblem(context, 'context');
    if (problem === null) return [];
    return [
      `the initial ${problem}: a context is persisted in snapshots as JSON, so give defineWorkflow a codec ` +
        '({ version, persist, restore }) or keep the context plain JSON',
    ];
  }
  if (!Number.isInteger(codec.version) || codec.version < 1) {
    return [`the codec's version must be a positive integer, got ${String(codec.version)}`];
  }
  try {
    const persisted = codec.persist(context);
    const problem = jsonProblem(persisted, 'codec.persist(context)');
    if (problem) return [`${problem}: persist must return plain JSON data`];
    const text = JSON.stringify(persisted);
    const again = JSON.stringify(codec.persist(codec.restore(JSON.parse(text), codec.version)));
    if (again !== text)
      return ['the codec does not round-trip the initial context: persist(restore(persist(context))) differs'];
    return [];
  } catch (error) {
    return [`the codec failed on the initial context: ${(error as Error).message}`];
  }
}
