// Embedding a workflow of one's own (docs/embedding.md walks through it): record a file of proposals, typed proposals
// and a refusal with its reasons, an effect, a subscription that keeps a read model, versions and a migration,
// time travel, and a reopened stream whose context comes back through the codec.
// Run: npm run build && npx tsx examples/grant/embedGrant.ts [STORE]   (STORE: memory: by default, or grants.db, ...)
import { readFile } from 'node:fs/promises';
import { createEngine, openStore, parseProposalsText, RefusedError, stateText, type Engine } from 'phasegate';
import { grantV1, grantV2 } from './grantWorkflow.ts';

const store = await openStore(process.argv[2] ?? 'memory:');

// Subscriptions: every committed event, in the store's global order, from a position on; here the officer's inbox,
// the applications waiting for a decision. A handler runs once per event, never during replay.
const inbox = new Map<string, string>();
let delivered = 0;
const subscription = store.subscribe({ fromPosition: 1 }, ({ event }) => {
  if (event.type === 'GrantSubmitted') inbox.set(event.stream, `submitted ${event.occurredAt}`);
  if (event.type === 'GrantApproved' || event.type === 'GrantRejected') inbox.delete(event.stream);
  delivered += 1;
});

const engine = createEngine({
  workflows: [grantV1, grantV2], // every version, oldest first: new streams start under the newest (grant@2)
  store,
  snapshotEvery: 4, // snapshots through the workflow's codec (reviewers is a Set)
  effects: {
    notifyApplicant: (_params, event) => console.log(`effect: the applicant hears of ${event.type} (${event.stream})`),
  },
});

// 1. A file of proposals (NDJSON or a JSON array), recorded as one atomic batch. Input known only at run time goes
//    through the untyped engine, which validates it as it validates every proposal.
const text = await readFile(new URL('./grant-application.jsonl', import.meta.url), 'utf8');
const anyEngine: Engine = engine;
// parseProposalsText checks the limits (size, depth, keys) and gives unknown[]: the engine validates each proposal.
const proposals = parseProposalsText(text, undefined, 'grant-application.jsonl');
const batch = await anyEngine.recordBatch('westwijk-solar', proposals);
console.log(`westwijk-solar: ${batch.events.length} events, now ${stateText(batch.state.state)}`);

// 2. Typed proposals: the catalogue's event types and payloads; a typo does not compile. Ids make a rerun a no-op.
const ana = { id: 'ana', role: 'applicant' };
const olga = { id: 'olga', role: 'officer' };
const ben = { id: 'ben', role: 'reviewer' };
await engine.recordBatch('library-books', [
  { id: 'lib-draft', type: 'GrantDrafted', occurredAt: '2026-04-01', actor: ana,
    data: { title: 'Books', amount: 900, currency: 'EUR' } },
  { id: 'lib-submit', type: 'GrantSubmitted', occurredAt: '2026-04-02', actor: ana,
    data: { attachments: ['list.pdf'] } },
]);
try {
  await engine.record('library-books', {
    type: 'ReviewerAssigned', occurredAt: '2026-04-03', actor: olga, data: { reviewer: 'ana' },
  });
} catch (error) {
  if (!(error instanceof RefusedError)) throw error;
  const { kind, reasons } = error.refusal; // kind: guards; each reason names its guard and says why
  console.log(`refused (${kind}): ${reasons.map((r) => `${r.guard}: ${r.reason}`).join('; ')}`);
}

// 3. Versions: a stream keeps the version it started under until a WorkflowMigrated event moves it.
const opened = await engine.recordBatch('old-grant', [
  { id: 'old-draft', type: 'GrantDrafted', occurredAt: '2026-02-01', actor: ana,
    data: { title: 'Bikes', amount: 500, currency: 'EUR' } },
  { id: 'old-submit', type: 'GrantSubmitted', occurredAt: '2026-02-02', actor: ana, data: { attachments: [] } },
  { id: 'old-assign', type: 'ReviewerAssigned', occurredAt: '2026-02-03', actor: olga, data: { reviewer: 'ben' } },
  { id: 'old-review', type: 'GrantReviewed', occurredAt: '2026-02-04', actor: ben,
    data: { reviewer: 'ben', score: 3 } },
  { id: 'old-migrate', type: 'WorkflowMigrated', occurredAt: '2026-02-05', actor: olga,
    data: { from: 'grant@1', to: 'grant@2', reason: 'two reviews from March' } },
], { workflow: 'grant@1' });
console.log(`old-grant: under ${opened.state.workflow}`);
try {
  await engine.record('old-grant', {
    type: 'GrantApproved', occurredAt: '2026-02-06', actor: olga, data: { amount: 500 },
  });
} catch (error) {
  if (!(error instanceof RefusedError)) throw error;
  console.log(`refused: ${error.message}`); // the whole refusal in words, as the CLI prints it
}

// 4. Time travel: the state on a past day (occurredAt), or as it was known at a time (recordedAt).
const then = await engine.stateAt('westwijk-solar', { asOf: '2026-03-06' });
console.log(`westwijk-solar on 2026-03-06: ${stateText(then.state)}, ${then.context.reviewers.size} reviewer(s)`);

// 5. A fresh engine over the same store (as after a restart): the context comes back through the codec, a Set again.
const reopened = await createEngine({ workflows: [grantV1, grantV2], store }).state('westwijk-solar');
console.log(`reopened: ${stateText(reopened.state)}, reviewers a Set: ${reopened.context.reviewers instanceof Set}`);

let stored = 0;
for await (const _ of store.readAll()) stored += 1;
for (let waited = 0; delivered < stored && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
await subscription.stop();
const waiting = [...inbox].map(([stream, why]) => `${stream} (${why})`).join(', ');
console.log(`subscription: ${delivered} events delivered; inbox: ${waiting}`);
await engine.close();
