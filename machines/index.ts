/** The reference workflow: the G2G cooperation programme (README, "The reference workflow"), its versions, and its building blocks. */
import { programmeV1, programmeV2, programmeV3 } from './programme.ts';

export { createProgrammeWorkflow, programmeV1, programmeV2, programmeV3 } from './programme.ts';
export { emptyContext, evolve, missionCountsForR7 } from './context.ts';
export { IdMap } from './idMap.ts';
export type { IdMapLike } from './idMap.ts';
export type {
  Condition,
  EventOf,
  GateDecision,
  GateId,
  ProgrammeContext,
  ProgrammeMachineEvent,
  Review,
  RoleTerm,
  Side,
} from './context.ts';
export { gateCriteria, severalOf } from './gateCriteria.ts';
export type { GateCriterion, ProgrammeConfig } from './gateCriteria.ts';
export { programmePolicy, roles } from './policy.ts';
export { rolePolicy } from './rolePolicy.ts';
export {
  gatekeepersOf,
  holdersOf,
  holdsRole,
  howToGrant,
  roleDecisionProblems,
  rolesHeld,
  workflowRoles,
} from './roles.ts';
export type { Role } from './policy.ts';
export { createProgrammeSamples } from './samples.ts';
export { catalogue } from '../events/index.ts';
export type { ProgrammeEventData, ProgrammeEventType } from '../events/index.ts';

/** Every registered version of the programme workflow, oldest first; new streams start under the newest. */
export const programmeVersions = [programmeV1, programmeV2, programmeV3] as const;

/** The newest programme workflow. */
export const programme = programmeV3;
