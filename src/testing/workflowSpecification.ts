import { createEngine } from '../engine/createEngine.ts';
import { InvalidInputError, RefusedError, type Refusal } from '../errors.ts';
import { encodeEvent } from '../envelope/canonical.ts';
import type { RecordedEvent } from '../envelope/envelope.ts';
import { createMemoryEventStore } from '../store/memoryEventStore.ts';
import type { EventStore } from '../store/eventStore.ts';
import type { AnyWorkflow, StatePathOf, WorkflowProposal, WorkflowState } from '../workflow/typing.ts';

/** Options of a specification: the clock every `recordedAt` comes from, and the stream name. */
export type SpecificationOptions = {
  /** @defaultValue a fixed clock at 2026-01-01T00:00:00Z, so specifications do not depend on the day they run */
  readonly clock?: () => Date;
  /** @defaultValue `spec` */
  readonly stream?: string;
};

/** What a `when` led to, for custom assertions with `then`; typed by the workflow's machine. */
export type Outcome<TWorkflow extends AnyWorkflow = AnyWorkflow> =
  | { readonly outcome: 'accepted'; readonly event: RecordedEvent; readonly state: WorkflowState<TWorkflow> }
  | { readonly outcome: 'refused'; readonly refusal: Refusal; readonly error: RefusedError }
  | { readonly outcome: 'invalid'; readonly error: InvalidInputError };

type Matcher = string | RegExp;

/** The last step of a specification: assertions on what one proposal did after the given history. */
export type Then<TWorkflow extends AnyWorkflow = AnyWorkflow> = {
  /**
   * Asserts the proposal was accepted and the workflow is now in `state`: one of its state paths (`StatePathOf`), or
   * one per parallel region. A path the machine does not have does not compile.
   */
  thenState(state: StatePathOf<TWorkflow> | readonly StatePathOf<TWorkflow>[]): Promise<WorkflowState<TWorkflow>>;
  /** Asserts the proposal was refused (workflow or role), with a message matching, and that nothing was stored. */
  thenRefused(message?: Matcher): Promise<Refusal>;
  /** Asserts the proposal was invalid input, with a message matching, and that nothing was stored. */
  thenInvalid(message?: Matcher): Promise<InvalidInputError>;
  /** Hands the outcome to your own assertions; also makes `await spec.when(p)` resolve to the {@link Outcome}. */
  then<TResult, TRejected = never>(
    assert: (outcome: Outcome<TWorkflow>) => TResult | PromiseLike<TResult>,
    onRejected?: (reason: unknown) => TRejected | PromiseLike<TRejected>,
  ): Promise<TResult | TRejected>;
};

/**
 * Given/when/then for workflows, over an in-memory store and a fixed clock (emmett's DeciderSpecification).
 * Every given proposal must be accepted; the `when` proposal is then decided and the assertion checked. Typed by the
 * workflow: proposals as its catalogue takes them, the outcome's state with its machine's context (pass the workflow
 * as `Workflow` to send untyped proposals, e.g. ones read from a file).
 * @example
 * await WorkflowSpecification.for(programme).given(seed.slice(0, 25)).when(g1Decision).thenState('development.active');
 */
export const WorkflowSpecification = {
  for<TWorkflow extends AnyWorkflow>(workflows: TWorkflow | readonly TWorkflow[], options: SpecificationOptions = {}) {
    return {
      given(history: readonly WorkflowProposal<TWorkflow>[]) {
        return {
          when(proposal: WorkflowProposal<TWorkflow>): Then<TWorkflow> {
            const run = () => runSpecification(workflows, options, history, proposal);
            const matches = (text: string, matcher?: Matcher) =>
              matcher === undefined || (typeof matcher === 'string' ? text.includes(matcher) : matcher.test(text));
            return {
              async thenState(expected) {
                const result = await run();
                if (result.outcome.outcome !== 'accepted') {
                  throw new Error(
                    `expected the proposal to be accepted, but it was ${result.outcome.outcome}: ${describeFailure(result.outcome)}`,
                  );
                }
                const actual = result.outcome.state.state;
                if (JSON.stringify(actual) !== JSON.stringify(expected)) {
                  throw new Error(`expected state ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
                }
                return result.outcome.state;
              },
              async thenRefused(message) {
                const result = await run();
                if (result.outcome.outcome !== 'refused')
                  throw new Error(
                    `expected a refusal, got ${result.outcome.outcome}${result.outcome.outcome === 'invalid' ? `: ${result.outcome.error.message}` : ''}`,
                  );
                if (!matches(result.outcome.refusal.message, message)) {
                  throw new Error(
                    `expected the refusal to match ${String(message)}, got: ${result.outcome.refusal.message}`,
                  );
                }
                result.assertUnchanged();
                return result.outcome.refusal;
              },
              async thenInvalid(message) {
                const result = await run();
                if (result.outcome.outcome !== 'invalid')
                  throw new Error(
                    `expected invalid input, got ${result.outcome.outcome}${result.outcome.outcome === 'refused' ? `: ${result.outcome.refusal.message}` : ''}`,
                  );
                if (!matches(result.outcome.error.message, message)) {
                  throw new Error(
                    `expected the error to match ${String(message)}, got: ${result.outcome.error.message}`,
                  );
                }
                result.assertUnchanged();
                return result.outcome.error;
              },
              then(assert, onRejected) {
                return run().then((result) => assert(result.outcome), onRejected);
              },
            };
          },
        };
      },
    };
  },
};

async function runSpecification<TWorkflow extends AnyWorkflow>(
  workflows: TWorkflow | readonly TWorkflow[],
  options: SpecificationOptions,
  history: readonly WorkflowProposal<TWorkflow>[],
  proposal: WorkflowProposal<TWorkflow>,
) {
  const store = createMemoryEventStore();
  const clock = options.clock ?? (() => new Date('2026-01-01T00:00:00Z'));
  const stream = options.stream ?? 'spec';
  const engine = createEngine<TWorkflow>({ workflows, store, clock });
  for (const [index, given] of history.entries()) {
    try {
      await engine.record(stream, given);
    } catch (error) {
      throw new Error(
        `given proposal ${index + 1} of ${history.length} was not accepted: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  const before = await dump(store);
  let outcome: Outcome<TWorkflow>;
  try {
    const { event, state } = await engine.record(stream, proposal);
    outcome = { outcome: 'accepted', event, state };
  } catch (error) {
    if (error instanceof RefusedError) outcome = { outcome: 'refused', refusal: error.refusal, error };
    else if (error instanceof InvalidInputError) outcome = { outcome: 'invalid', error };
    else throw error;
  }
  const after = await dump(store);
  return {
    outcome,
    assertUnchanged() {
      if (after !== before) throw new Error('the store changed although the proposal was not accepted');
    },
  };
}

async function dump(store: EventStore): Promise<string> {
  let text = '';
  for await (const { event } of store.readAll()) text += `${encodeEvent(event)}\n`;
  return text;
}

function describeFailure(outcome: Outcome<AnyWorkflow>): string {
  return outcome.outcome === 'refused'
    ? outcome.refusal.message
    : outcome.outcome === 'invalid'
      ? outcome.error.message
      : '';
}
