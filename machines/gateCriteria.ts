import { finalReportIds, type GateId, type ProgrammeContext, type Review } from './context.ts';
import { isCnGovernment, isNlGovernment } from './sides.ts';

/** A criterion the workflow requires at a gate, with the machine's own check of it where the log can tell. */
export type GateCriterion = {
  readonly id: string;
  readonly text: string;
  /** The text for a programme, when it depends on the programme's registration (G3-C1's "several"). */
  readonly textFor?: (context: ProgrammeContext) => string;
  readonly kind: 'must' | 'should';
  readonly conditionable: boolean;
  /** Returns what is missing, or null when the recorded facts meet the criterion. */
  readonly check?: (context: ProgrammeContext, review: Review) => string | null;
  /** True when `check` reads the open review (its gatekeepers): it can only be judged once a review is scheduled. */
  readonly readsReview?: boolean;
  /** When set, a condition may cover this criterion only if this returns null. */
  readonly conditionableWhen?: (context: ProgrammeContext) => string | null;
};

/** The configurable part of the programme workflow (README, "The reference workflow": default criteria, "several" = 3). */
export type ProgrammeConfig = {
  /** The workflow version; from 3 on, roles are granted by the log and the programme@3 domain rules apply. */
  readonly version: number;
  /**
   * How many knowledge-transfer activities count as "several" (R7, G3-C1) when the programme's registration does not
   * say (its `ktActivitiesTarget`, which wins in every version).
   */
  readonly several: number;
};

/** The configuration of each registered programme version, by workflow ref (`programme@1`). */
export const programmeConfigs: Readonly<Record<string, ProgrammeConfig>> = {
  'programme@1': { version: 1, several: 3 },
  'programme@2': { version: 2, several: 4 },
  'programme@3': { version: 3, several: 3 },
};

/** Returns how many knowledge-transfer activities "several" means for a programme: as registered, else the default. */
export function severalOf(c: ProgrammeContext, config: ProgrammeConfig): number {
  return c.programme?.ktActivitiesTarget ?? config.several;
}

const signedMou = (c: ProgrammeContext) =>
  Object.values(c.agreements).some((a) => a.instrument === 'mou' && a.status === 'signed');

/** Returns the criteria each gate requires under a configuration; reviews must list at least the must-criteria. */
export function gateCriteria(config: ProgrammeConfig): Readonly<Record<GateId, readonly GateCriterion[]>> {
  return {
    G1: [
      {
        id: 'G1-C1',
        kind: 'must',
        conditionable: false,
        text: 'Delegation visit done with "agreement on the expert meeting"',
        check: (c) =>
          Object.values(c.visits).some((v) => v.completed && v.deliverables > 0)
            ? null
            : 'no delegation visit has been completed with an agreed deliverable',
      },
      {
        id: 'G1-C2',
        kind: 'must',
        conditionable: false,
        text: 'Expert meeting held (plenaries, workgroups, site visits)',
        check: (c) => (c.expertMeetings > 0 ? null : 'no expert meeting has been recorded'),
      },
      {
        id: 'G1-C3',
        kind: 'must',
        conditionable: false,
        text: 'R4 common understanding of areas of expertise endorsed by both sides',
        check: (c) =>
          c.understanding.areas_of_expertise
            ? null
            : 'no common understanding of areas_of_expertise has been endorsed by both sides',
      },
      {
        id: 'G1-C4',
        kind: 'must',
        conditionable: false,
        text: 'The gatekeepers include a Dutch ministry and the Shenzhen government',
        readsReview: true,
        check: (c, review) => {
          const ids = review.gatekeepers.map((g) => g.orgId);
          const missing = [
            ids.some((id) => isNlGovernment(c, id)) ? null : 'a Dutch ministry (NL, government)',
            ids.some((id) => isCnGovernment(c, id)) ? null : 'the Shenzhen government (CN, government)',
          ].filter((m) => m !== null);
          return missing.length === 0 ? null : `the gatekeepers include no ${missing.join(' and no ')}`;
        },
      },
      { id: 'G1-C5', kind: 'should', conditionable: true, text: 'At least one NL institute contributing or more (R3)' },
      { id: 'G1-C6', kind: 'should', conditionable: true, text: 'R5 and R6 drafted' },
    ],
    G2: [
      {
        id: 'G2-C1',
        kind: 'must',
        conditionable: true,
        text: 'MoU signed (or in preparation, under a condition)',
        check: (c) => (signedMou(c) ? null : 'no MoU has been signed'),
        conditionableWhen: (c) =>
          Object.values(c.agreements).some((a) => a.instrument === 'mou' && a.status !== 'ended')
            ? null
            : 'no MoU has even been proposed',
      },
      {
        id: 'G2-C2',
        kind: 'must',
        conditionable: false,
        text: 'Joint governance body in place (R1)',
        check: (c) => (Object.keys(c.bodies).length > 0 ? null : 'no governance body has been established'),
      },
      {
        id: 'G2-C3',
        kind: 'must',
        conditionable: false,
        text: 'Implementation theme selected',
        check: (c) => (Object.keys(c.themes).length > 0 ? null : 'no implementation theme has been selected'),
      },
      {
        id: 'G2-C4',
        kind: 'must',
        conditionable: false,
        text: 'R5 and R6 endorsed by both sides',
        check: (c) => {
          const missing = (['nl_government_role', 'nl_institutes_companies_role'] as const).filter(
            (t) => !c.understanding[t],
          );
          return missing.length === 0 ? null : `no bilateral common understanding of ${missing.join(' or ')}`;
        },
      },
      { id: 'G2-C5', kind: 'should', conditionable: true, text: 'Stakeholder meeting with matchmaking held' },
      { id: 'G2-C6', kind: 'should', conditionable: true, text: 'At least one expert mission conducted' },
    ],
    G3: [
      {
        id: 'G3-C1',
        kind: 'must',
        conditionable: false,
        text: `At least ${config.several} knowledge-transfer activities between government organisations (R7)`,
        textFor: (c) =>
          `At least ${severalOf(c, config)} knowledge-transfer activities between government organisations (R7)`,
        check: (c) => {
          const several = severalOf(c, config);
          return c.ktActivities >= several
            ? null
            : `${c.ktActivities} knowledge-transfer ${c.ktActivities === 1 ? 'activity is' : 'activities are'} recorded, ${several} are needed`;
        },
      },
      {
        id: 'G3-C2',
        kind: 'must',
        conditionable: false,
        text: 'A Dutch expert takes part in a Chinese working group or steering committee',
        check: (c) =>
          Object.values(c.bodies).some((b) => b.nlExperts > 0) ? null : 'no Dutch expert has joined a governance body',
      },
      {
        id: 'G3-C3',
        kind: 'must',
        conditionable: false,
        text: 'Final report linked (document category A07 or A08)',
        check: (c) => (finalReportIds(c).length > 0 ? null : 'no A07 or A08 report has been linked'),
      },
      { id: 'G3-C4', kind: 'should', conditionable: true, text: 'A specific agreement signed' },
    ],
  };
}

export { gateOfPhase } from './phases.ts';
/** The gate after each gate. */
export const nextGateAfter: Readonly<Record<GateId, GateId | null>> = { G1: 'G2', G2: 'G3', G3: null };
