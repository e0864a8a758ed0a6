/**
 * What the reference workflow's IATI export takes from configuration rather than from the log (README, "IATI
 * 2.03 export"): classifications every programme of this workflow shares, a bilateral government-to-government
 * cooperation in technical assistance. A deployment for other programmes changes these, not the exporter.
 */
export type ProgrammeIatiConfig = {
  /** The activity's default language (`xml:lang`), an ISO 639-1 code. */
  readonly lang: string;
  /** 1: a parent activity (IATI hierarchy). */
  readonly hierarchy: string;
  /** ActivityScope: 7 sub-national, a single second-level area (Longgang district). */
  readonly scope: string;
  /** CollaborationType: 1 bilateral. */
  readonly collaborationType: string;
  /** FlowType: left out unless configured. */
  readonly defaultFlowType?: string;
  /** FinanceType: 110 standard grant. */
  readonly defaultFinanceType: string;
  /** AidType (vocabulary 1): D02 other technical assistance. */
  readonly defaultAidTypes: ReadonlyArray<{ readonly vocabulary: string; readonly code: string }>;
  /** PolicyMarker (vocabulary 1): 6 climate change mitigation, significance 2 principal objective. */
  readonly policyMarkers: ReadonlyArray<{
    readonly vocabulary: string;
    readonly code: string;
    readonly significance: string;
  }>;
};

/** The seed programme's IATI configuration (README, "Read models"). */
export const programmeIatiConfig: ProgrammeIatiConfig = {
  lang: 'en',
  hierarchy: '1',
  scope: '7',
  collaborationType: '1',
  defaultFinanceType: '110',
  defaultAidTypes: [{ vocabulary: '1', code: 'D02' }],
  policyMarkers: [{ vocabulary: '1', code: '6', significance: '2' }],
};
