import { InvalidInputError } from '../errors.ts';
import type { Proposal } from '../envelope/envelope.ts';
import type { InputLimits } from '../envelope/limits.ts';
import type { StreamId } from '../ids.ts';
import { isRefusalsStream, refusalsSuffix } from '../workflow/refusalsWorkflow.ts';
import type { AnyWorkflow } from '../workflow/typing.ts';
import { validateProposal } from '../workflow/validate.ts';
import { refusalsStreamProblem } from './refusals.ts';
import { streamIdProblem } from './streamFold.ts';

/**
 * Throws {@link InvalidInputError} when a batch cannot be recorded at all, whatever the stream holds: a bad stream id,
 * a refusals stream (only the engine appends there), a stream whose refusals stream id would be too long (when
 * refusals are recorded), an empty batch or one over the limit.
 */
export function assertRecordable(stream: StreamId, size: number, limits: InputLimits, recordRefusals: boolean): void {
  const problem =
    streamIdProblem(stream) ??
    (isRefusalsStream(stream)
      ? `"${stream}" is a refusals stream: only the engine appends to "<stream>${refusalsSuffix}"`
      : null) ??
    (recordRefusals ? refusalsStreamProblem(stream) : null);
  if (problem) throw new InvalidInputError(problem, [{ path: 'stream', message: problem }]);
  if (size === 0) throw new InvalidInputError('Nothing to record: the batch is empty');
  if (size > limits.maxBatchEvents) {
    throw new InvalidInputError(`${size} proposals is over the batch limit of ${limits.maxBatchEvents}`);
  }
}

/**
 * Returns a validator of a batch's inputs under a workflow version, validating each version once (a batch that
 * migrates is read under the old version up to the migration and under the new one after it). An invalid input of a
 * batch of several is named by its place: `proposal 2 of 5: ...`.
 */
export function batchValidator(inputs: readonly unknown[], limits: InputLimits): (workflow: AnyWorkflow) => Proposal[] {
  const validated = new Map<AnyWorkflow, Proposal[]>();
  return (workflow) => {
    let proposals = validated.get(workflow);
    if (proposals === undefined) {
      proposals = inputs.map((input, index) =>
        withIndex(index, inputs.length, () => validateProposal(workflow, input, limits)),
      );
      validated.set(workflow, proposals);
    }
    return proposals;
  };
}

/** Returns where a proposal stands in its batch, for messages: its type alone, or `proposal 2 of 5 (Type)`. */
export function placeOf(index: number, total: number, type: string): string {
  return total === 1 ? type : `proposal ${index + 1} of ${total} (${type})`;
}

function withIndex<TResult>(index: number, total: number, run: () => TResult): TResult {
  try {
    return run();
  } catch (error) {
    if (total > 1 && error instanceof InvalidInputError) {
      throw new InvalidInputError(`proposal ${index + 1} of ${total}: ${error.message}`, error.issues, {
        cause: error,
      });
    }
    throw error;
  }
}
