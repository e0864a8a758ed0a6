import { z } from 'zod';
import { InvalidInputError, type InputIssue } from '../errors.ts';
import type { Proposal } from '../envelope/envelope.ts';
import { defaultLimits, type InputLimits } from '../envelope/limits.ts';
import { assertSafeJson } from '../envelope/parse.ts';
import { isEventId } from '../ids.ts';
import { dateOrDateTime } from './dates.ts';
import type { Workflow } from './defineWorkflow.ts';
import { eventDefinitionOf } from './migration.ts';

const link = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'expected up to 64 url-safe characters');

const proposalShape = z.strictObject({
  type: z.string({ error: 'expected the event type as a string' }).min(1).max(64),
  occurredAt: dateOrDateTime,
  actor: z.strictObject({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a participant id'),
    role: z.string().min(1).max(64),
  }),
  data: z.record(z.string(), z.unknown(), { error: 'expected the payload as a JSON object' }),
  id: z.string().refine(isEventId, 'expected up to 64 url-safe characters').optional(),
  causationId: link.optional(),
  correlationId: link.optional(),
});

/**
 * Returns the proposal when it is well-formed JSON within the limits, of a type the workflow knows, with a payload
 * valid against that type's schema. Pure. Throws {@link InvalidInputError} whose message names the event, each
 * field and what was expected, e.g. `ProgrammeRegistered: data.plannedEnd: must be on or after plannedStart`.
 */
export function validateProposal(workflow: Workflow, input: unknown, limits: InputLimits = defaultLimits): Proposal {
  assertSafeJson(input, limits, 'proposal');
  const label = typeof (input as { type?: unknown })?.type === 'string' ? (input as { type: string }).type : 'proposal';
  const shape = proposalShape.safeParse(input);
  if (!shape.success) throw invalid(label, issuesOf(shape.error, ''));
  const proposal = shape.data;
  const entry = eventDefinitionOf(workflow, proposal.type);
  if (entry === undefined) {
    const known = Object.keys(workflow.catalogue);
    const near = known.filter((t) => t.toLowerCase() === proposal.type.toLowerCase());
    throw invalid(label, [
      {
        path: 'type',
        message:
          `unknown event type "${proposal.type}" in ${workflow.ref}` +
          (near.length > 0 ? `; did you mean ${near[0]}?` : `; known types: ${known.join(', ')}`),
      },
    ]);
  }
  const data = entry.schema.safeParse(proposal.data);
  if (!data.success) throw invalid(label, issuesOf(data.error, 'data'));
  return { ...(proposal as Proposal), data: data.data as Proposal['data'] };
}

function issuesOf(error: z.ZodError, prefix: string): InputIssue[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    const missing = /^Invalid input: expected (\w+), received undefined$/.exec(issue.message);
    return { path: path || '(root)', message: missing ? `missing (expected ${missing[1]})` : issue.message };
  });
}

function invalid(label: string, issues: InputIssue[]): InvalidInputError {
  const text = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new InvalidInputError(`${label}: ${text}`, issues);
}
