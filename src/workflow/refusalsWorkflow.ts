import { assign, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, type Workflow } from './defineWorkflow.ts';
import { refusalsSuffix } from './refusalsStream.ts';

export { isRefusalsStream, refusalsSuffix } from './refusalsStream.ts';

/** The type of the engine's refusal record. */
export const proposalRefusedType = 'ProposalRefused';

/** Returns the id of the stream that records `stream`'s refused proposals. */
export function refusalsStreamOf(stream: string): string {
  return `${stream}${refusalsSuffix}`;
}

/**
 * The payload of `ProposalRefused`: which stream refused what, at which seq, and why. `proposal.data` is the payload
 * as proposed (left out, with `dataOmitted`, when it would not fit the event size limit).
 */
type Strict<TShape extends z.core.$ZodLooseShape> = z.ZodObject<TShape, z.core.$strict>;
type OptionalString = z.ZodOptional<z.ZodString>;

/** The zod type of {@link ProposalRefusedData}, written out for isolatedDeclarations (tsconfig.isolated.json). */
type ProposalRefusedSchema = Strict<{
  stream: z.ZodString;
  atSeq: z.ZodNumber;
  proposal: Strict<{
    type: z.ZodString;
    occurredAt: z.ZodString;
    id: OptionalString;
    causationId: OptionalString;
    correlationId: OptionalString;
    data: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    dataOmitted: z.ZodOptional<z.ZodLiteral<true>>;
  }>;
  refusal: Strict<{
    kind: z.ZodEnum<{ not_allowed: 'not_allowed'; guards: 'guards'; final: 'final'; forbidden: 'forbidden' }>;
    state: z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>;
    reasons: z.ZodArray<Strict<{ guard: z.ZodString; reason: z.ZodString }>>;
    message: z.ZodString;
  }>;
  batch: z.ZodOptional<Strict<{ index: z.ZodNumber; size: z.ZodNumber }>>;
}>;

export const ProposalRefusedData: ProposalRefusedSchema = z.strictObject({
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
// Exported with AnyStateMachine: the type of a setup() machine (xstate's StateMachine with 14 type parameters) cannot
// be written by hand, and isolatedDeclarations (tsconfig.isolated.json) needs every exported type written out. Inside
// this file the machine keeps its inferred types (describe reads a typed context).
export const refusalsWorkflow: Workflow<AnyStateMachine, RefusalsCatalogue> = defineWorkflow({
  name: 'phasegate-refusals',
  version: 1,
  machine,
  catalogue: { ProposalRefused: { schema: ProposalRefusedData, version: 1 } },
  policy: { roles: [], rules: {} },
  guards: { rules: {}, selectors: {} },
  describe: (snapshot) => ({ refused: String(snapshot.context.refused) }),
});
