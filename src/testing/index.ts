/** Test helpers for workflows built on phasegate (the `phasegate/testing` entry). */
export { WorkflowSpecification } from './workflowSpecification.ts';
export type { Outcome, SpecificationOptions, Then } from './workflowSpecification.ts';
