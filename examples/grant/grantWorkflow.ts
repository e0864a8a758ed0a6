// A workflow of one's own: a grant application, draft -> submitted -> review -> approved or rejected.
// docs/embedding.md walks through it piece by piece. Its default export is what `phasegate --workflows` loads.
import { and, assign, setup } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, explainedGuards, type ContextCodec, type RolePolicy, type UnhashedEvent } from 'phasegate';

// 1. The catalogue: one zod schema per event type, with its schema version (and upcasters from older versions).
const GrantDrafted = z.strictObject({
  title: z.string().trim().min(1).max(200),
  amount: z.number().int().positive().max(1_000_000),
  currency: z.enum(['EUR', 'USD']),
});
const GrantSubmittedV1 = z.strictObject({});
// Schema 2 added the attachments; a stored schema-1 submission is lifted on read by the upcaster below.
const GrantSubmitted = z.strictObject({ attachments: z.array(z.string().min(1).max(200)).max(20) });
const ReviewerAssigned = z.strictObject({ reviewer: z.string().min(1).max(64) });
const GrantReviewed = z.strictObject({ reviewer: z.string().min(1).max(64), score: z.number().int().min(1).max(5) });
const GrantApproved = z.strictObject({ amount: z.number().int().positive() });
const GrantRejected = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export const grantCatalogue = {
  GrantDrafted: { schema: GrantDrafted, version: 1 },
  GrantSubmitted: {
    schema: GrantSubmitted,
    version: 2,
    upcasters: { 1: (): z.infer<typeof GrantSubmitted> => ({ attachments: [] }) },
    schemas: { 1: GrantSubmittedV1 },
  },
  ReviewerAssigned: { schema: ReviewerAssigned, version: 1 },
  GrantReviewed: { schema: GrantReviewed, version: 1 },
  GrantApproved: { schema: GrantApproved, version: 1 },
  GrantRejected: { schema: GrantRejected, version: 1 },
};

type Catalogue = typeof grantCatalogue;
type GrantEventType = keyof Catalogue;

/** An event as the machine sees it: the whole envelope (type, data, actor, occurredAt, ...), not just the payload. */
export type GrantEvent = {
  [TType in GrantEventType]: UnhashedEvent<TType, z.infer<Catalogue[TType]['schema']>>;
}[GrantEventType];

/** What the guards read. `reviewers` is a Set: not plain JSON, so the workflow gives a codec for snapshots. */
export type GrantContext = {
  readonly applicant: string | null;
  readonly requested: number;
  readonly reviewers: ReadonlySet<string>;
  readonly scores: Readonly<Record<string, number>>;
};

// 2. The role policy: deny by default; `check` adds a rule on the actor.
export const grantPolicy: RolePolicy<GrantContext, GrantEvent> = {
  roles: ['applicant', 'officer', 'reviewer'],
  rules: {
    GrantDrafted: { roles: ['applicant'], states: ['draft'] },
    GrantSubmitted: {
      roles: ['applicant'],
      check: ({ context, event }) => (event.actor.id === context.applicant ? null : `only ${context.applicant} may submit this application`),
    },
    ReviewerAssigned: { roles: ['officer'] },
    GrantReviewed: {
      roles: ['reviewer'],
      check: ({ event }) =>
        event.type === 'GrantReviewed' && event.actor.id !== event.data.reviewer ? 'a reviewer records only their own review' : null,
    },
    GrantApproved: { roles: ['officer'] },
    GrantRejected: { roles: ['officer'] },
    WorkflowMigrated: { roles: ['officer'] },
  },
};

/** The rules that differ between versions of the workflow. */
export type GrantConfig = { readonly version: number; readonly minReviews: number };

// 3. Guards with reasons: a rule returns null when it holds, else why not; the refusal quotes it.
function grantGuards(config: GrantConfig) {
  return explainedGuards({
    rules: {
      drafted: ({ context }: { context: GrantContext }) => (context.applicant === null ? 'the application has no draft yet' : null),
      notTheApplicant: ({ context, event }: { context: GrantContext; event: GrantEvent }) =>
        event.type === 'ReviewerAssigned' && event.data.reviewer === context.applicant
          ? `${event.data.reviewer} applied for this grant and cannot review it`
          : null,
      assignedReviewer: ({ context, event }: { context: GrantContext; event: GrantEvent }) =>
        event.type === 'GrantReviewed' && !context.reviewers.has(event.data.reviewer) ? `${event.data.reviewer} is not an assigned reviewer` : null,
      firstReview: ({ context, event }: { context: GrantContext; event: GrantEvent }) =>
        event.type === 'GrantReviewed' && Object.hasOwn(context.scores, event.data.reviewer) ? `${event.data.reviewer} has reviewed already` : null,
      enoughReviews: ({ context }: { context: GrantContext }) => {
        const given = Object.keys(context.scores).length;
        return given >= config.minReviews ? null : `${config.minReviews} review(s) are needed, ${given} given`;
      },
      withinRequest: ({ context, event }: { context: GrantContext; event: GrantEvent }) =>
        event.type === 'GrantApproved' && event.data.amount > context.requested
          ? `${event.data.amount} is more than the ${context.requested} requested`
          : null,
    },
  });
}

// 4. The codec: how the context is written into snapshots (plain JSON) and read back.
const grantCodec: ContextCodec<GrantContext> = {
  version: 1,
  persist: (context) => ({ ...context, reviewers: [...context.reviewers].sort() }),
  restore: (persisted) => {
    const plain = persisted as Omit<GrantContext, 'reviewers'> & { reviewers: string[] };
    return { ...plain, reviewers: new Set(plain.reviewers) };
  },
};

/** Returns the grant workflow of one version: the machine, and everything defineWorkflow checks it against. */
export function createGrantWorkflow(config: GrantConfig) {
  const { guards, spec } = grantGuards(config);
  // 5. The machine: XState v5, no invoke/after/spawn; every transition is decided by guards the spec explains.
  const machine = setup({
    types: { context: {} as GrantContext, events: {} as GrantEvent },
    guards,
    actions: {
      draft: assign(({ context, event }) =>
        event.type === 'GrantDrafted' ? { applicant: event.actor.id, requested: event.data.amount } : context,
      ),
      assignReviewer: assign(({ context, event }) =>
        event.type === 'ReviewerAssigned' ? { reviewers: new Set([...context.reviewers, event.data.reviewer]) } : context,
      ),
      review: assign(({ context, event }) =>
        event.type === 'GrantReviewed' ? { scores: { ...context.scores, [event.data.reviewer]: event.data.score } } : context,
      ),
      notifyApplicant: () => {}, // an effect: run by the engine once the event is stored (createEngine({ effects }))
    },
  }).createMachine({
    id: 'grant',
    context: { applicant: null, requested: 0, reviewers: new Set<string>(), scores: {} },
    initial: 'draft',
    states: {
      draft: {
        on: {
          GrantDrafted: { actions: 'draft' },
          GrantSubmitted: { guard: 'drafted', target: 'submitted' },
        },
      },
      submitted: {
        on: { ReviewerAssigned: { guard: 'notTheApplicant', target: 'review', actions: 'assignReviewer' } },
      },
      review: {
        on: {
          ReviewerAssigned: { guard: 'notTheApplicant', actions: 'assignReviewer' },
          GrantReviewed: { guard: and(['assignedReviewer', 'firstReview']), actions: 'review' },
          GrantApproved: { guard: and(['enoughReviews', 'withinRequest']), target: 'approved', actions: 'notifyApplicant' },
          GrantRejected: { target: 'rejected', actions: 'notifyApplicant' },
        },
      },
      approved: { type: 'final' },
      rejected: { type: 'final' },
    },
  });
  // 6. defineWorkflow checks the parts against each other and names every mistake.
  return defineWorkflow({
    name: 'grant',
    version: config.version,
    machine,
    catalogue: grantCatalogue,
    policy: grantPolicy,
    guards: spec,
    codec: grantCodec,
    describe: (snapshot) => ({
      applicant: snapshot.context.applicant ?? '-',
      requested: String(snapshot.context.requested),
      reviews: String(Object.keys(snapshot.context.scores).length),
    }),
  });
}

/** grant@1: one review is enough. */
export const grantV1 = createGrantWorkflow({ version: 1, minReviews: 1 });
/** grant@2: two reviews are needed; a grant@1 stream moves to it only by a recorded WorkflowMigrated. */
export const grantV2 = createGrantWorkflow({ version: 2, minReviews: 2 });

/** Every version, oldest first: what `phasegate --workflows` registers (new streams start under the newest). */
export default [grantV1, grantV2];
