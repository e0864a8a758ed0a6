/** The input limits, one table shared by every store, so that no store accepts what another refuses. */
export type InputLimits = {
  /** Largest encoded event (canonical JSON of the envelope), in UTF-8 bytes. @defaultValue 1 MiB */
  readonly maxEventBytes: number;
  /** Deepest nesting of objects and arrays in a proposal. @defaultValue 64 */
  readonly maxDepth: number;
  /** Longest string anywhere in a proposal, in UTF-16 code units. @defaultValue 65,536 */
  readonly maxStringLength: number;
  /** Most proposals recorded in one atomic batch. @defaultValue 10,000 */
  readonly maxBatchEvents: number;
};

/** The default limits (README, "How a fact is decided", step 1). */
export const defaultLimits: InputLimits = {
  maxEventBytes: 1024 * 1024,
  maxDepth: 64,
  maxStringLength: 65_536,
  maxBatchEvents: 10_000,
};
