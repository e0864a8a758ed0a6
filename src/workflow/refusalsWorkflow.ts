import { assign, setup } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, type Workflow } from './defineWorkflow.ts';

/** The suffix of the stream that keeps a stream's refused proposals: `<stream>.refusals`. */
export const refusalsSuffix = '.refusals';

/** The type of the engine's refusal record. */
export const proposalRefusedType = 'ProposalRefused';

/** Returns the id of the stream that records `stream`'s refused proposals. */
export function refusalsStreamOf(stream: string): string {
  return `${stream}${refusalsSuffix}`;
}

/** True for a stream that keeps refused proposals (written only by the engine, never replayed as a programme). */
export function isRefusalsStream(stream: string): boolean {
  return stream.endsWith(refusalsSuffix);
}

/**
 * The payload of `ProposalRefused`: which stream refused what, at which seq, and why. `proposal.data` is the payload
 * as proposed (left out, with `dataOmitted`, when it would not fit the event size limit).
 */
export const ProposalRefusedData = z.strictObject({
  stream: z.string().min(1).max(128),
  atSeq: z.number().int().nonnegative(),
  proposal: z.strictObject({
    type: z.string().min(1).max(64),
    occurredAt: z.string().max(64),
    id: z.string().max(64).optional(),
    causationId: z.string().max(64).optional(),
    correlationId: z.string().max(64).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    dataOmitted: z.literal(true).optional(),
  }),
  refusal: z.strictObject({
    kind: z.enum(['not_allowed', 'guards', 'final', 'forbidden']),
    state: z.union([z.string(), z.array(z.string())]),
    reasons: z.array(z.strictObject({ guard: z.string(), reason: z.string() })),
    message: z.string(),
  }),
  batch: z.strictObject({ index: z.number().int().nonnegative(), size: z.number().int().positive() }).optional(),
});
export type ProposalRefusedData = z.infer<typeof ProposalRefusedData>;

/** The catalogue of `<stream>.refusals` streams: `ProposalRefused` only. */
type RefusalsCatalogue = {
  readonly ProposalRefused: { readonly schema: typeof ProposalRefusedData; readonly version: 1 };
};

const machine = setup({
  types: { context: {} as { readonly refused: number }, events: {} as { type: 'ProposalRefused' } },
}).createMachine({
  id: 'refusals',
  context: { refused: 0 },
  initial: 'recording',
  states: {
    recording: {
      on: { ProposalRefused: { actions: assign(({ context }) => ({ refused: context.refused + 1 })) } },
    },
  },
});

/**
 * The built-in workflow of `<stream>.refusals` streams, `phasegate-refusals@1`: one state, `recording`, that takes
 * every `ProposalRefused` and counts it. Its policy grants no role anything: only the engine appends refusals.
 * Every registry knows it, so such streams replay and verify like any other.
 */
export const refusalsWorkflow: Workflow<typeof machine, RefusalsCatalogue> = defineWorkflow({
  name: 'phasegate-refusals',
  version: 1,
  machine,
  catalogue: { ProposalRefused: { schema: ProposalRefusedData, version: 1 } },
  policy: { roles: [], rules: {} },
  guards: { rules: {}, selectors: {} },
  describe: (snapshot) => ({ refused: String(snapshot.context.refused) }),
});
