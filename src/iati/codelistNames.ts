/** The IATI 2.03 codelists phasegate reads (generated into codelists.json by scripts/generateCodelists.ts). */
export const codelistNames = [
  'ActivityDateType',
  'ActivityScope',
  'ActivityStatus',
  'AidType',
  'BudgetStatus',
  'BudgetType',
  'CollaborationType',
  'ConditionType',
  'Country',
  'Currency',
  'DescriptionType',
  'DocumentCategory',
  'FileFormat',
  'FinanceType',
  'FlowType',
  'IndicatorMeasure',
  'Language',
  'OrganisationRole',
  'OrganisationType',
  'PolicyMarker',
  'PolicyMarkerVocabulary',
  'PolicySignificance',
  'RelatedActivityType',
  'ResultType',
  'Sector',
  'SectorVocabulary',
  'TiedStatus',
  'TransactionType',
] as const;

/** The name of one IATI codelist phasegate reads. */
export type CodelistName = (typeof codelistNames)[number];
