// Testing a workflow of one's own with WorkflowSpecification (docs/embedding.md, "Testing"): given the history, when
// one proposal, then a state, a refusal or invalid input. Each `then...` throws when the outcome differs, so this file
// runs as it is (npm run build && npx tsx examples/grant/grantSpecification.ts) or inside any test runner's test.
import { WorkflowSpecification } from 'phasegate/testing';
import { grantV1, grantV2 } from './grantWorkflow.ts';

const ana = { id: 'ana', role: 'applicant' };
const olga = { id: 'olga', role: 'officer' };
const ben = { id: 'ben', role: 'reviewer' };
const cho = { id: 'cho', role: 'reviewer' };

const drafted = {
  type: 'GrantDrafted', occurredAt: '2026-03-02', actor: ana, data: { title: 'Roofs', amount: 1200, currency: 'EUR' },
} as const;
// `as const` on the type only: a readonly tuple would not be the string[] the GrantSubmitted schema takes.
const submitted = {
  type: 'GrantSubmitted' as const, occurredAt: '2026-03-05', actor: ana, data: { attachments: ['plan.pdf'] },
};
const assign = (reviewer: string) =>
  ({ type: 'ReviewerAssigned', occurredAt: '2026-03-06', actor: olga, data: { reviewer } }) as const;
const review = (by: typeof ben, score: number) =>
  ({ type: 'GrantReviewed', occurredAt: '2026-03-12', actor: by, data: { reviewer: by.id, score } }) as const;
const approve = { type: 'GrantApproved', occurredAt: '2026-03-20', actor: olga, data: { amount: 1000 } } as const;

// The clock: recordedAt comes from it, and a fact cannot have occurred after it was recorded. The default is fixed at
// 2026-01-01T00:00:00Z (a specification must not depend on the day it runs), so facts dated later need a later clock.
const clock = () => new Date('2026-03-31T12:00:00Z');
const grant = WorkflowSpecification.for([grantV1, grantV2], { clock });

await grant.given([drafted]).when(submitted).thenState('submitted');
await grant.given([drafted, submitted]).when(assign('ben')).thenState('review');
const selfReview = assign('ana');
await grant.given([drafted, submitted]).when(selfReview).thenRefused('ana applied for this grant and cannot review it');
const history = [drafted, submitted, assign('ben'), assign('cho'), review(ben, 4)];
await grant.given(history).when(approve).thenRefused('2 review(s) are needed, 1 given'); // grant@2, the newest
const approved = await grant.given([...history, review(cho, 5)]).when(approve).thenState('approved');
console.log(`approved: ${Object.keys(approved.context.scores).length} reviews`);
const tooMuch = { ...approve, data: { amount: 5000 } };
await grant.given(history).when(tooMuch).thenRefused('5000 is more than the 1200 requested');
await grant.given([drafted]).when({ ...drafted, data: { ...drafted.data, amount: -1 } }).thenInvalid('data.amount');

// grant@1 took one review: specify an older version by giving only it.
await WorkflowSpecification.for(grantV1, { clock }).given(history).when(approve).thenState('approved');

// Without the clock, the default day (2026-01-01) is before these facts occurred.
await WorkflowSpecification.for(grantV2).given([]).when(drafted).thenInvalid('occurredAt');
console.log('grant specification: every case holds');
