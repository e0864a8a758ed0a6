/**
 * phasegate/iati: an IATI 2.03 activity file from a read model's view of each stream, the IATI rules it is checked
 * against and the codelists (`xmlbuilder2` is an optional peer dependency).
 */
export { IatiExportError, exportIati } from '../iati/export.ts';
export type { IatiStreamProblem } from '../iati/export.ts';
export { renderIatiActivities } from '../iati/xml.ts';
export { iatiRuleProblems } from '../iati/rules.ts';
export { codeName, codelistItem, codelistNames, codelistTitle, isActiveCode } from '../iati/codelists.ts';
export type { CodelistItem, CodelistName } from '../iati/codelists.ts';
export type {
  IatiActivity,
  IatiBudget,
  IatiDocumentLink,
  IatiIndicator,
  IatiOrg,
  IatiParticipatingOrg,
  IatiProblem,
  IatiTransaction,
  IatiValue,
} from '../iati/activity.ts';
export type { ReadModelQuery } from '../projections/queries.ts';
export type { ReadModel, ReadModelClock, ReadModelRow } from '../projections/readModel.ts';
