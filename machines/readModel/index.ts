/** The programme's read side: its read model (finance, results, documents, participants, status) and helpers. */
import { programmeConfigs } from '../gateCriteria.ts';
import { programmeResults, type ResultDefinition } from '../resultsFramework.ts';
import { createProgrammeReadModel, type ProgrammeSummary } from './programmeReadModel.ts';
import type { ProgrammeView } from './model.ts';
import type { ReadModel } from '../../src/projections/readModel.ts';

export { createProgrammeReadModel, describeView, nameOf, portfolioColumns, summarize } from './programmeReadModel.ts';
export type { ProgrammeReadModelConfig, ProgrammeSummary } from './programmeReadModel.ts';
export type { ProgrammeView } from './model.ts';
export { financeRows, financeTotals, transactionTypeName } from './finance.ts';
export { resultsReport, resultsMet } from './results.ts';
export { activityStatusOf, conditionStatus, iatiActivityStatus, overdue, phaseInWords } from './status.ts';

/**
 * Returns the results framework of a programme: R1-R7, with R7's target its "several": as its registration says
 * (`ktActivitiesTarget`), else as its workflow version configures.
 */
export function resultsFrameworkOf(workflow: string, registered?: number): readonly ResultDefinition[] {
  return programmeResults(registered ?? programmeConfigs[workflow]?.several ?? 3);
}

/** The programme read model of the registered versions (R7's target per version). */
export const programmeReadModel: ReadModel<ProgrammeView, ProgrammeSummary> = createProgrammeReadModel({
  resultsFor: resultsFrameworkOf,
});
