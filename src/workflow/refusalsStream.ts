// Which streams keep refused proposals, apart from the refusals workflow itself (refusalsWorkflow.ts), so that a
// command that only names them (verify) does not load xstate and zod for it.

/** The suffix of the stream that keeps a stream's refused proposals: `<stream>.refusals`. */
export const refusalsSuffix = '.refusals';

/** True for a stream that keeps refused proposals (written only by the engine, never replayed as a programme). */
export function isRefusalsStream(stream: string): boolean {
  return stream.endsWith(refusalsSuffix);
}
