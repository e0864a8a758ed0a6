/**
 * The programme's results framework as configuration (README, "Results"): each result's IATI type, each indicator's
 * title, IATI measure, baseline and target, and which recorded facts advance it (README, "Read models"). Renderers and the
 * IATI export read these; none of them holds a title, baseline or target of its own.
 */

/** What advances an indicator: the kind of recorded fact it counts or reads. */
export type IndicatorSource =
  | { readonly kind: 'governance_bodies' }
  | { readonly kind: 'agreement_stage' }
  | { readonly kind: 'nl_organisations_involved'; readonly atLeast: 'contributing' }
  | {
      readonly kind: 'common_understanding';
      readonly topic: 'areas_of_expertise' | 'nl_government_role' | 'nl_institutes_companies_role';
    }
  | { readonly kind: 'knowledge_transfer' };

/** One indicator: IATI measure 1 Unit, 4 Ordinal or 5 Qualitative; a baseline (value null for a qualitative one). */
export type IndicatorDefinition = {
  readonly title: string;
  readonly measure: 1 | 2 | 3 | 4 | 5;
  readonly ascending: boolean;
  readonly baseline: { readonly value: number | null; readonly comment: string };
  /** The value to reach (null: no numeric target), or for a qualitative indicator the words of the target. */
  readonly target: { readonly value: number | null; readonly comment: string } | null;
  readonly source: IndicatorSource;
};

/** One result: its id, title, IATI result type (1 Output, 2 Outcome, 3 Impact, 9 Other) and indicators. */
export type ResultDefinition = {
  readonly id: string;
  readonly title: string;
  readonly type: 1 | 2 | 3 | 9;
  readonly indicators: readonly IndicatorDefinition[];
};

const understanding = (
  topic: 'areas_of_expertise' | 'nl_government_role' | 'nl_institutes_companies_role',
  title: string,
): IndicatorDefinition => ({
  title,
  measure: 5,
  ascending: true,
  baseline: { value: null, comment: 'No common understanding recorded' },
  target: { value: null, comment: 'Endorsed by both sides' },
  source: { kind: 'common_understanding', topic },
});

/**
 * Returns the results R1-R7 of the seed programme's page, with "several" knowledge-transfer activities (R7's target)
 * as the workflow version configures it.
 */
export function programmeResults(several: number): readonly ResultDefinition[] {
  return [
    {
      id: 'R1',
      type: 1,
      title: 'Organisational structure of the Sino-Dutch cooperation in place',
      indicators: [
        {
          title: 'Joint governance bodies established',
          measure: 1,
          ascending: true,
          baseline: { value: 0, comment: 'No joint body' },
          target: { value: 1, comment: 'One joint body' },
          source: { kind: 'governance_bodies' },
        },
      ],
    },
    {
      id: 'R2',
      type: 1,
      title: 'Government-to-government agreements signed or in preparation',
      indicators: [
        {
          title: 'Stage of the G2G agreements (0 none, 1 proposed, 2 signed)',
          measure: 4,
          ascending: true,
          baseline: { value: 0, comment: 'No agreement' },
          target: { value: 2, comment: 'Signed' },
          source: { kind: 'agreement_stage' },
        },
      ],
    },
    {
      id: 'R3',
      type: 2,
      title: 'Involvement of the Dutch knowledge institutes and private sector',
      indicators: [
        {
          title: 'Dutch institutes and companies contributing or committed',
          measure: 1,
          ascending: true,
          baseline: { value: 0, comment: 'None involved' },
          target: null,
          source: { kind: 'nl_organisations_involved', atLeast: 'contributing' },
        },
      ],
    },
    {
      id: 'R4',
      type: 2,
      title: 'Common understanding of the areas of expertise and technologies',
      indicators: [understanding('areas_of_expertise', 'Common understanding of the areas of expertise endorsed')],
    },
    {
      id: 'R5',
      type: 2,
      title: 'Common understanding of the role of the Netherlands government',
      indicators: [understanding('nl_government_role', "Common understanding of the Dutch government's role endorsed")],
    },
    {
      id: 'R6',
      type: 2,
      title: 'Common understanding of the role of Dutch knowledge institutes and companies',
      indicators: [
        understanding(
          'nl_institutes_companies_role',
          'Common understanding of the role of Dutch institutes and companies endorsed',
        ),
      ],
    },
    {
      id: 'R7',
      type: 1,
      title: 'Several knowledge-transfer activities between the government organisations',
      indicators: [
        {
          title: 'Knowledge-transfer activities between governments (implementation phase)',
          measure: 1,
          ascending: true,
          baseline: { value: 0, comment: 'None held' },
          target: { value: several, comment: `${several} activities ("several")` },
          source: { kind: 'knowledge_transfer' },
        },
      ],
    },
  ];
}
