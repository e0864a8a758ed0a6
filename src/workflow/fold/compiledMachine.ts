import {
  StateMachine,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type StateValue,
} from 'xstate';
import { inertScopeOf, step as xstateStep } from '../scope.ts';
import {
  compileAction,
  compileArgsGuard,
  runActions,
  Unsupported,
  type CompiledAction,
  type ArgsGuard,
} from './compileParts.ts';
import { createConfigurations, type Configuration, type HistoryValue, type InternedHistory } from './configurations.ts';
import { structureOf, type TransitionDef } from './microstep.ts';
import { TypeTable } from '../typeTable.ts';

/** What one step of a machine gives: the next snapshot, whether the event was accepted, the actions it asked for. */
export type StepResult = {
  readonly next: AnyMachineSnapshot;
  readonly accepted: boolean;
  readonly actions: readonly unknown[];
};

/** A machine compiled into a transition table: {@link CompiledMachine.step} is `machine.transition` in a reused scope. */
export type CompiledMachine = {
  readonly machine: AnyStateMachine;
  /** Returns what XState's `machine.transition(snapshot, event, inertScope)` returns, computed from the table. */
  step(snapshot: AnyMachineSnapshot, event: { readonly type: string }): StepResult;
};

type Compiled = {
  readonly id: number;
  readonly def: TransitionDef;
  readonly guard: ArgsGuard | null;
  readonly actions: readonly CompiledAction[];
  /** Structural effects by configuration and history (see {@link effectKey}). */
  readonly effects: Map<number, Effect>;
};

type Effect = {
  readonly actions: readonly CompiledAction[];
  readonly config: Configuration;
  /** The history afterwards, or null when it did not change. */
  readonly history: HistoryValue | null;
  readonly changed: boolean;
  readonly done: boolean;
};

const noActions: readonly unknown[] = Object.freeze([]);
const noTransitions: readonly Compiled[] = Object.freeze([]);
const effectKey = (config: Configuration, history: InternedHistory) => config.id * 2 ** 26 + history.id;

/**
 * Returns the machine compiled, or why it cannot be: the compiled fold handles atomic, compound, parallel and final
 * (top-level) states, shallow and deep history, guards (named, inline, `and`/`or`/`not`/`stateIn`), `assign` and
 * custom actions on transitions, entry and exit. Everything else (eventless `always` transitions, nested finals,
 * output, `raise`/`sendTo`/`enqueueActions` and other built-in actions, history with a default target, a
 * customised `transition`) makes it unsupported, and the workflow folds with XState itself.
 */
export function compileMachine(machine: AnyStateMachine): CompiledMachine | { readonly unsupported: string } {
  try {
    return build(machine);
  } catch (error) {
    if (error instanceof Unsupported) return { unsupported: error.message };
    throw error;
  }
}

function build(machine: AnyStateMachine): CompiledMachine {
  // XState binds `transition` to the machine in its constructor; anything else there, or a subclass, is customised.
  const customised =
    Object.getPrototypeOf(machine) !== StateMachine.prototype ||
    machine.transition.name !== 'bound transition' ||
    Object.hasOwn(machine, 'getTransitionData') ||
    Object.hasOwn(machine, 'microstep');
  if (customised) throw new Unsupported('a customised machine.transition');
  const root = machine.root;
  if (root.output !== undefined) throw new Unsupported('machine output');
  const actionCache = new Map<unknown, CompiledAction>();
  const action = (ref: unknown): CompiledAction => {
    let compiled = actionCache.get(ref);
    if (compiled === undefined) actionCache.set(ref, (compiled = compileAction(machine, ref)));
    return compiled;
  };
  const compiledOf = new Map<TransitionDef, Compiled>();
  const visit = (node: AnyStateNode): void => {
    const where = `state "${node.id}"`;
    if (node.always?.length) throw new Unsupported(`eventless (always) transitions in ${where}`);
    if (node.invoke.length > 0 || node.after.length > 0) throw new Unsupported(`invoke or after in ${where}`);
    if (node.type === 'final' && (node.parent !== root || root.type !== 'compound')) {
      throw new Unsupported(`a final state inside another state (${where})`);
    }
    if (node.output !== undefined) throw new Unsupported(`output in ${where}`);
    if (node.type === 'history' && (node.config as { target?: unknown }).target !== undefined) {
      throw new Unsupported(`a history state with a default target (${where})`);
    }
    [...node.entry, ...node.exit, ...(node.type === 'history' ? [] : node.initial.actions)].forEach(action);
    for (const defs of node.transitions.values()) {
      for (const def of defs) {
        compiledOf.set(def, {
          id: compiledOf.size + 1,
          def,
          guard: def.guard === undefined ? null : compileArgsGuard(machine, def.guard),
          actions: def.actions.map(action),
          effects: new Map(),
        });
      }
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(root);

  const configs = createConfigurations(machine);
  const scope = inertScopeOf(machine).scope;
  const candidates = new Map<AnyStateNode, Map<string, readonly Compiled[]>>();
  /** By configuration id (small integers from 0): each configuration's candidates by event type. */
  const selections: TypeTable<readonly Compiled[]>[] = [];
  const parallelEffects = new Map<string, Effect>();

  /** The candidates of one node for an event type, as XState's getCandidates orders them (exact, then wildcards). */
  const candidatesOf = (node: AnyStateNode, type: string): readonly Compiled[] => {
    let byType = candidates.get(node);
    if (byType === undefined) candidates.set(node, (byType = new Map()));
    let list = byType.get(type);
    if (list === undefined) {
      const exact = node.transitions.get(type) ?? [];
      const wildcards = [...node.transitions.keys()]
        .filter((descriptor) => descriptor !== type && matchesDescriptor(type, descriptor))
        .sort((a, b) => b.length - a.length)
        .flatMap((descriptor) => node.transitions.get(descriptor)!);
      list = [...exact, ...wildcards].map((def) => compiledOf.get(def)!);
      byType.set(type, list);
    }
    return list;
  };
  const selectionOf = (config: Configuration, type: string): readonly Compiled[] => {
    let byType = selections[config.id];
    if (byType === undefined) selections[config.id] = byType = new TypeTable();
    let list = byType.get(type);
    if (list === undefined) byType.set(type, (list = config.chain!.flatMap((node) => candidatesOf(node, type))));
    return list;
  };
  const passes = (c: Compiled, snapshot: AnyMachineSnapshot, event: { readonly type: string }): boolean => {
    if (c.guard === null) return true;
    try {
      return c.guard(snapshot, { context: snapshot.context, event });
    } catch (error) {
      const guard = c.def.guard as { type?: string } | string;
      const name = typeof guard === 'string' ? guard : typeof guard === 'object' ? guard.type : undefined;
      throw new Error(
        `Unable to evaluate guard ${name ? `'${name}' ` : ''}in transition for event '${event.type}' in state node ` +
          `'${c.def.source.id}':\n${(error as Error).message}`,
        { cause: error },
      );
    }
  };
  const next = (
    node: AnyStateNode,
    snapshot: AnyMachineSnapshot,
    event: { readonly type: string },
  ): Compiled[] | undefined => {
    for (const c of candidatesOf(node, event.type)) if (passes(c, snapshot, event)) return [c];
    return undefined;
  };
  /** XState's transitionNode: the first enabled transition of each region, innermost first. */
  const select = (
    node: AnyStateNode,
    value: StateValue,
    snapshot: AnyMachineSnapshot,
    event: { readonly type: string },
  ) => {
    let found: Compiled[] | undefined;
    if (typeof value === 'string') found = next(node.states[value]!, snapshot, event);
    else if (Object.keys(value).length === 1) {
      const key = Object.keys(value)[0]!;
      found = select(node.states[key]!, value[key]!, snapshot, event);
    } else {
      const all: Compiled[] = [];
      for (const key of Object.keys(value)) {
        if (!value[key]) continue;
        all.push(...(select(node.states[key]!, value[key], snapshot, event) ?? []));
      }
      found = all.length > 0 ? all : undefined;
    }
    return found?.length ? found : next(node, snapshot, event);
  };
  const computeEffect = (taken: readonly Compiled[], config: Configuration, history: InternedHistory): Effect => {
    const s = structureOf(
      taken.map((c) => c.def),
      config.nodes,
      history.value,
    );
    return {
      actions: s.actions.map(action),
      config: s.changed ? configs.of(s.nodes) : config,
      history: s.history === history.value ? null : s.history,
      changed: s.changed,
      done: s.done,
    };
  };
  /** The effect of taking `only`, or (when `only` is undefined) every transition of `taken`. */
  const effectOf = (
    only: Compiled | undefined,
    taken: readonly Compiled[],
    config: Configuration,
    history: InternedHistory,
  ): Effect => {
    if (only !== undefined) {
      const key = effectKey(config, history);
      let effect = only.effects.get(key);
      if (effect === undefined) only.effects.set(key, (effect = computeEffect([only], config, history)));
      return effect;
    }
    const key = `${config.id}:${history.id}:${taken.map((c) => c.id).join(',')}`;
    let effect = parallelEffects.get(key);
    if (effect === undefined) parallelEffects.set(key, (effect = computeEffect(taken, config, history)));
    return effect;
  };

  return {
    machine,
    step(snapshot, event) {
      const { type } = event;
      // XState's own events (`xstate.*`) go to XState; the first character rules out nearly every other type.
      // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: equivalent; XState steps alike
      const xstateEvent = type[0] === 'x' && type.startsWith('xstate.');
      if (snapshot.machine !== machine || snapshot.status !== 'active' || xstateEvent) {
        return xstateStep(machine, snapshot, event);
      }
      const config = configs.of(snapshot._nodes);
      // The one transition taken (always so along a chain), or the transitions of several regions.
      let only: Compiled | undefined;
      let taken: readonly Compiled[] | undefined;
      if (config.chain !== null) {
        const selection = selectionOf(config, event.type);
        for (let i = 0; i < selection.length; i++) {
          if (passes(selection[i]!, snapshot, event)) {
            only = selection[i]!;
            break;
          }
        }
        if (only === undefined) return { next: snapshot, accepted: false, actions: noActions };
      } else {
        taken = select(root, config.value, snapshot, event);
        if (taken === undefined || taken.length === 0) return { next: snapshot, accepted: false, actions: noActions };
        if (taken.length === 1) only = taken[0]!;
      }
      const effect =
        only && !only.def.target?.length
          ? null
          : effectOf(only, taken ?? noTransitions, config, configs.history(snapshot.historyValue));
      const ran = runActions(effect ? effect.actions : only!.actions, snapshot.context, event, scope);
      const actions = ran.executed ?? noActions;
      if (!ran.assigned && (effect === null || !effect.changed) && !effect?.done) {
        return { next: snapshot, accepted: actions.length > 0, actions };
      }
      const target = effect && (effect.changed || effect.done) ? effect.config : config;
      // xstate exports no constructor of a machine snapshot (its createMachineSnapshot is internal), and a snapshot
      // carries the internal _nodes; this object is the same shape xstate builds, so it is asserted to be one here.
      const next = {
        status: effect?.done ? 'done' : snapshot.status,
        output: effect?.done ? undefined : snapshot.output,
        error: snapshot.error,
        machine,
        context: ran.context,
        _nodes: target.nodes,
        value: target.value,
        tags: target.tags,
        children: snapshot.children,
        historyValue: effect?.history ?? snapshot.historyValue,
        matches: snapshot.matches,
        hasTag: snapshot.hasTag,
        can: snapshot.can,
        getMeta: snapshot.getMeta,
        toJSON: snapshot.toJSON,
      } as unknown as AnyMachineSnapshot;
      return { next, accepted: true, actions };
    },
  };
}

/** XState's matchesEventDescriptor: exact, `*`, or a `prefix.*` wildcard. */
function matchesDescriptor(eventType: string, descriptor: string): boolean {
  if (descriptor === eventType || descriptor === '*') return true;
  if (!descriptor.endsWith('.*')) return false;
  const partial = descriptor.split('.');
  const tokens = eventType.split('.');
  for (let i = 0; i < partial.length; i++) {
    if (partial[i] === '*') return i === partial.length - 1;
    if (partial[i] !== tokens[i]) return false;
  }
  return true;
}
