// The files of the fresh consumer project that tsc compiles against the installed package (tests/package/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './packedProject.ts';

/** The README's embedding example, verbatim: it must compile as written, with no cast. */
export function readmeExample(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Embedding'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (match === null) throw new Error('README.md: the Embedding section has no ```ts example');
  return `${match[1]}export {};\n`;
}

/**
 * Typed end to end (README "Embedding"): the reference programme and a workflow of one's own (the grant example the
 * package ships) give typed proposals, context and state paths; each `@ts-expect-error` line is a typo tsc must
 * refuse (an unused one is itself an error).
 */
export const typedConsumer = `
import { createEngine, createMemoryEventStore, RefusedError, type ProposalOf, type StreamState } from 'phasegate';
import { programme, type ProgrammeContext } from 'phasegate/programme';
import { WorkflowSpecification } from 'phasegate/testing';
import { grantCatalogue, grantV1, grantV2 } from './grantWorkflow.js';

const programmes = createEngine({ workflows: programme, store: createMemoryEventStore() });
const agency = { id: 'nl-agency', role: 'programme_manager' };
await programmes
  // @ts-expect-error an event type the programme does not have
  .record('p', { type: 'ProgrammeRegisterd', occurredAt: '2011-07-01', actor: agency, data: {} })
  .catch(() => {});
const programmeState = await programmes.state('p');
const context: ProgrammeContext = programmeState.context;

const grants = createEngine({ workflows: [grantV1, grantV2], store: createMemoryEventStore() });
const ana = { id: 'ana', role: 'applicant' };
const draft = { title: 'Roofs', amount: 1200, currency: 'EUR' } as const;
const drafted = { type: 'GrantDrafted', occurredAt: '2026-03-02', actor: ana, data: draft } as const;
// One helper type for a proposal built apart from the call, e.g. from a form: the catalogue's union.
const fromForm: ProposalOf<typeof grantCatalogue> = drafted;
// @ts-expect-error not a proposal of the grant catalogue
const notOne: ProposalOf<typeof grantCatalogue> = { ...drafted, type: 'GrantDraftd' };
const { event, state } = await grants.record('g-1', fromForm);
const requested: number = state.context.requested;
const reviewers: ReadonlySet<string> = state.context.reviewers;
const where: 'draft' | 'submitted' | 'review' | 'approved' | 'rejected' = state.value;
const typedState: StreamState = state;

// @ts-expect-error a typo'd event type
await grants.record('g-1', { ...drafted, type: 'GrantDraftd' }).catch(() => {});
// @ts-expect-error a typo'd envelope field: occuredAt
await grants.record('g-1', { type: 'GrantSubmitted', occuredAt: '2026-03-05', actor: ana, data: { attachments: [] } });
// @ts-expect-error a typo'd payload field: titel
await grants.record('g-1', { ...drafted, data: { titel: 'Roofs', amount: 1200, currency: 'EUR' } }).catch(() => {});
// @ts-expect-error a currency the schema does not take
await grants.record('g-1', { ...drafted, data: { ...drafted.data, currency: 'GBP' } }).catch(() => {});
// @ts-expect-error a state the machine does not have
const typo: typeof state.value = 'submited';
// @ts-expect-error the context has no such field
void state.context.requsted;

const spec = WorkflowSpecification.for([grantV1, grantV2], { clock: () => new Date('2026-03-10T09:00:00Z') });
const submitted = { type: 'GrantSubmitted', occurredAt: '2026-03-05', actor: ana, data: { attachments: ['plan.pdf'] } };
await spec.given([drafted]).when({ ...submitted, type: 'GrantSubmitted' }).thenState('submitted');
// @ts-expect-error a state path the grant machine does not have
await spec.given([drafted]).when({ ...submitted, type: 'GrantSubmitted' }).thenState('submited').catch(() => {});

try {
  const olga = { id: 'olga', role: 'officer' };
  await grants.record('g-1', { type: 'GrantApproved', occurredAt: '2026-03-06', actor: olga, data: { amount: 1 } });
} catch (error) {
  if (error instanceof RefusedError) console.log(error.refusal.reasons.length);
}
console.log(event.seq, context, requested, reviewers, where, typedState, typo, notOne);
`;

/** The Node-only entries, for a Node consumer (with @types/node): each must type-check from the tarball too. */
export const nodeConsumer = `
import { openSqliteEventStore } from 'phasegate/sqlite';
import { openPostgresEventStore } from 'phasegate/postgres';
import { openJsonlEventStore, readJsonlFile } from 'phasegate/jsonl';
import { createSigner, generateSigningKey, verifyStore } from 'phasegate/audit';
import { toDot, toMermaid, renderSvg } from 'phasegate/export';
import { renderIatiActivities } from 'phasegate/iati';

const key = generateSigningKey({ keyId: 'k1', actorId: 'ana', validFrom: '2026-01-01T00:00:00Z' });
console.log(openSqliteEventStore, openPostgresEventStore, openJsonlEventStore, readJsonlFile, createSigner([key]),
  verifyStore, toDot, toMermaid, renderSvg, renderIatiActivities);
`;

/** One consumer set-up. */
export type Variant = {
  readonly module: string;
  readonly moduleResolution: string;
  readonly lib: readonly string[];
  readonly types: readonly string[];
};

/** A tsconfig for one consumer set-up. */
export function tsconfig(variant: Variant, files: readonly string[]): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: variant.module,
      moduleResolution: variant.moduleResolution,
      lib: variant.lib,
      types: variant.types,
      strict: true,
      skipLibCheck: false,
      noEmit: true,
    },
    files,
  });
}
