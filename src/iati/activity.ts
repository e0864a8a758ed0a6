/**
 * An IATI 2.03 activity as phasegate writes it: plain data in the order and shape of the standard's elements (codes
 * as strings, free text as narratives in the activity's language), made by a workflow's read model and written by
 * {@link renderIatiActivities}. Only the elements phasegate exports are here.
 */

/** An organisation reference: its IATI identifier when known, else its name (IATI 6.10.1 needs one of the two). */
export type IatiOrg = { readonly ref?: string; readonly type?: string; readonly name?: string };

/** A participating organisation in one role (1 Funding, 2 Accountable, 3 Extending, 4 Implementing). */
export type IatiParticipatingOrg = IatiOrg & { readonly role: string };

/** A budget: type (1 original, 2 revised), status (1 indicative, 2 committed), a period of at most a year, a value. */
export type IatiBudget = {
  readonly type: string;
  readonly status: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly value: string;
  readonly valueDate: string;
};

/** A transaction: its reference, IATI type, date, value and the organisations money moved between. */
export type IatiTransaction = {
  readonly ref: string;
  readonly type: string;
  readonly date: string;
  readonly value: string;
  readonly valueDate: string;
  readonly provider: IatiOrg;
  readonly receiver: IatiOrg;
};

/** A link to a document: URL, file format, title, category codes, language and date. */
export type IatiDocumentLink = {
  readonly url: string;
  readonly format: string;
  readonly title: string;
  readonly description?: string;
  readonly categories: readonly string[];
  readonly language: string;
  readonly date: string;
};

/** A value with a comment: a baseline, target or actual (a qualitative indicator has no value, only the comment). */
export type IatiValue = { readonly value?: string; readonly comment?: string };

/** An indicator with its measure, baseline and one period per calendar year. */
export type IatiIndicator = {
  readonly measure: string;
  readonly ascending: boolean;
  readonly title: string;
  readonly baseline: IatiValue & { readonly year: number };
  readonly periods: ReadonlyArray<{
    readonly start: string;
    readonly end: string;
    readonly target?: IatiValue;
    readonly actual?: IatiValue;
  }>;
};

/** An IATI activity: identity, organisations, status and dates, geography, classifications, money, documents, results. */
export type IatiActivity = {
  readonly lang: string;
  readonly currency: string;
  readonly lastUpdated: string;
  readonly hierarchy: string;
  readonly identifier: string;
  readonly reportingOrg: Required<Pick<IatiOrg, 'ref' | 'type'>> & { readonly name: string };
  readonly title: string;
  readonly descriptions: ReadonlyArray<{ readonly type: string; readonly text: string }>;
  readonly participatingOrgs: readonly IatiParticipatingOrg[];
  readonly status: string;
  readonly dates: ReadonlyArray<{ readonly type: string; readonly date: string }>;
  readonly scope?: string;
  readonly recipientCountries: ReadonlyArray<{ readonly code: string; readonly percentage: number }>;
  readonly locations: readonly string[];
  readonly sectors: ReadonlyArray<{ readonly vocabulary: string; readonly code: string; readonly percentage: number }>;
  readonly policyMarkers: ReadonlyArray<{
    readonly vocabulary: string;
    readonly code: string;
    readonly significance: string;
  }>;
  readonly collaborationType?: string;
  readonly defaultFlowType?: string;
  readonly defaultFinanceType?: string;
  readonly defaultAidTypes: ReadonlyArray<{ readonly vocabulary: string; readonly code: string }>;
  readonly budgets: readonly IatiBudget[];
  readonly transactions: readonly IatiTransaction[];
  readonly documents: readonly IatiDocumentLink[];
  readonly conditions: null | {
    readonly attached: boolean;
    readonly items: ReadonlyArray<{ readonly type: string; readonly text: string }>;
  };
  readonly results: ReadonlyArray<{
    readonly type: string;
    readonly title: string;
    readonly indicators: readonly IatiIndicator[];
  }>;
};

/** A mandatory element the log cannot supply, or a rule the activity breaks: the element, and what to record. */
export type IatiProblem = { readonly element: string; readonly problem: string; readonly record: string };
