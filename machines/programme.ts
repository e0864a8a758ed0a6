import { and, assign, setup, type AnyMachineSnapshot } from 'xstate';
import { defineWorkflow } from '../src/workflow/defineWorkflow.ts';
import { explainedGuards } from '../src/workflow/guards.ts';
import type { ContextCodec } from '../src/workflow/contextCodec.ts';
import { catalogue, type ProgrammeEventType } from '../events/index.ts';
import {
  emptyContext,
  evolve,
  type GateDecision,
  type ProgrammeContext,
  type ProgrammeMachineEvent,
} from './context.ts';
import { liveContext, persistedContext } from './persistedContext.ts';
import { describeProgramme } from './describe.ts';
import { programmePresentation } from './presentation.ts';
import { programmeConfigs, type ProgrammeConfig } from './gateCriteria.ts';
import { createGateReporter } from './gateReport.ts';
import { amountRules } from './amounts.ts';
import { domainRules, roleRules } from './domainRules.ts';
import { createGateRules, gateSelectors } from './gateRules.ts';
import { hiddenStates } from './phases.ts';
import { programmePolicy } from './policy.ts';
import { rolePolicy } from './rolePolicy.ts';
import { rolesHeld } from './roles.ts';
import { createProgrammeDossier } from './projections/programmeReport.ts';
import { baseRules, factRules } from './rules.ts';
import { createProgrammeSamples } from './samples.ts';

type Rules = typeof baseRules &
  typeof factRules &
  typeof domainRules &
  typeof amountRules &
  typeof roleRules &
  ReturnType<typeof createGateRules> &
  typeof gateSelectors;
/** Each guard's parameters, as `setup({ guards })` infers them. */
type GuardParams = { [K in keyof Rules]: Parameters<Rules[K]>[1] };
/** A guard by name with its parameters: the form XState's `and` is typed for when the list is built outside `setup`. */
type GuardObject = { [K in keyof Rules]: { readonly type: K; readonly params: GuardParams[K] } }[keyof Rules];
/** A guard that takes no parameters, by name. */
type PlainGuard = { [K in keyof Rules]: undefined extends GuardParams[K] ? K : never }[keyof Rules];
type GuardRef = PlainGuard | GuardObject;

/**
 * Returns every guard of `refs` as XState's `and`. The list mixes names and `{ type, params }` objects; XState types
 * `and` for a list of one or the other, so names are written as objects (the same guard to XState).
 */
function all(refs: readonly GuardRef[]) {
  return and<ProgrammeContext, ProgrammeMachineEvent, GuardObject[]>(
    refs.map((ref) => (typeof ref === 'string' ? ({ type: ref, params: undefined } as GuardObject) : ref)),
  );
}

/** The rules each fact must pass on top of the base rules (registered orgs, no back-dating, nothing in the future). */
const factGuards: Partial<Record<ProgrammeEventType, readonly GuardRef[]>> = {
  ParticipantRegistered: ['uniqueParticipant'],
  BudgetLinePlanned: ['uniqueBudgetLine', 'programmeCurrency', 'budgetLinesWithinTotal'],
  FinancialTransactionRecorded: ['programmeCurrency', 'withinBudget'],
  DelegationVisitPlanned: ['uniqueVisit'],
  DelegationVisitCompleted: ['visitOpen'],
  ExpertMeetingHeld: ['bilateral'],
  GovernanceBodyEstablished: ['bilateral', 'uniqueBody'],
  ExpertJoinedGovernanceBody: ['bodyExists', 'dutchExpert'],
  AgreementProposed: ['bilateral', 'uniqueAgreement', 'parentSigned'],
  AgreementSigned: ['agreementOpen', 'everyPartySigned'],
  AgreementEnded: ['agreementInForce'],
  StakeholderInvolvementRecorded: ['dutchOrg'],
  CommonUnderstandingRecorded: ['bilateral'],
  ImplementationThemeSelected: ['bilateral', 'uniqueTheme'],
  KnowledgeTransferActivityHeld: ['dutchProviders', 'chineseGovernmentRecipient'],
  GateConditionSatisfied: ['conditionOpen', 'evidenceExists'],
  DocumentLinked: ['uniqueDocument'],
  ProgrammeClosed: ['commitmentsSettled', 'noOpenConditions', 'finalReportLinked'],
  RoleGranted: ['roleChange'],
  RoleRevoked: ['roleChange'],
};

/** What programme@3 adds: the domain refusals of domainRules.ts. */
const factGuardsV3: Partial<Record<ProgrammeEventType, readonly GuardRef[]>> = {
  BudgetLinePlanned: ['exactAmounts'],
  FinancialTransactionRecorded: ['uniqueTransaction', 'exactAmounts'],
  ExpertMissionConducted: ['missionSides'],
};

/** The guards of a workflow version: the base rules every fact passes, and each type's own rules. */
type GuardLists = {
  readonly base: readonly GuardRef[];
  readonly of: (type: ProgrammeEventType) => readonly GuardRef[];
};

function guardLists(version: number): GuardLists {
  const v3 = version >= 3;
  return {
    base: v3 ? ['knownOrgs', 'notBackdated', 'notFuture', 'datesAgree'] : ['knownOrgs', 'notBackdated', 'notFuture'],
    of: (type) => [...(factGuards[type] ?? []), ...(v3 ? (factGuardsV3[type] ?? []) : [])],
  };
}

const decisionGuards: Record<GateDecision, readonly GuardRef[]> = {
  go: [
    'reviewedGate',
    'decidersAreGatekeepers',
    'criteriaAssessed',
    'evidenceExists',
    'jointConsent',
    'mustCriteriaMet',
    'noConditions',
    'earlierConditionsSettled',
    'nextGateNamed',
  ],
  go_with_conditions: [
    'reviewedGate',
    'decidersAreGatekeepers',
    'criteriaAssessed',
    'evidenceExists',
    'jointConsent',
    'hasConditions',
    'shortfallsCovered',
    'newConditionIds',
    'earlierConditionsSettled',
    'nextGateNamed',
  ],
  hold: [
    'reviewedGate',
    'decidersAreGatekeepers',
    'criteriaAssessed',
    'evidenceExists',
    'bothSidesDecided',
    'reviewDateGiven',
  ],
  recycle: [
    'reviewedGate',
    'decidersAreGatekeepers',
    'criteriaAssessed',
    'evidenceExists',
    'bothSidesDecided',
    'recycleLimit',
    'recycleTarget',
  ],
  no_go: ['reviewedGate', 'decidersAreGatekeepers', 'evidenceExists', 'noGoVoiced'],
};

/** Returns the transition builders of a workflow version: facts and phases guarded by its `lists`. */
function transitions(lists: GuardLists) {
  /** A transition that records a fact: guarded by the base rules, the type's own rules and `extra`. */
  function fact(
    type: ProgrammeEventType,
    options: { target?: string; extra?: readonly GuardRef[]; r7?: boolean } = {},
  ) {
    return {
      guard: all([...lists.base, ...lists.of(type), ...(options.extra ?? [])]),
      actions: options.r7 ? ({ type: 'apply', params: { r7: true } } as const) : ('apply' as const),
      ...(options.target ? { target: options.target } : {}),
    };
  }

  function facts(types: readonly ProgrammeEventType[]) {
    return Object.fromEntries(types.map((type) => [type, fact(type)]));
  }

  /** A phase with its gate: `.active` until a review is scheduled, `.gate` until it is decided. */
  function phase(
    gateId: 'G1' | 'G2' | 'G3',
    onGo: string,
    work: readonly ProgrammeEventType[],
    extra: Record<string, unknown> = {},
  ) {
    const decide = (decision: GateDecision, target: string) => ({
      guard: all([{ type: 'decisionIs', params: { decision } }, ...lists.base, ...decisionGuards[decision]]),
      target,
      actions: 'apply' as const,
    });
    return {
      initial: 'active',
      states: {
        active: {
          on: {
            GateReviewScheduled: fact('GateReviewScheduled', {
              target: 'gate',
              extra: [
                { type: 'gateInOrder', params: { gateId } },
                'gatekeepersFromBothSides',
                'gatekeeperSides',
                'requiredCriteria',
              ],
            }),
          },
        },
        gate: {
          on: {
            GateDecisionRecorded: [
              decide('go', onGo),
              decide('go_with_conditions', onGo),
              decide('hold', '#programme.suspended'),
              decide('recycle', 'active'),
              decide('no_go', '#programme.cancelled'),
            ],
          },
        },
      },
      on: { ...facts(work), ...extra },
    };
  }
  return { fact, facts, phase };
}

/**
 * Returns the programme workflow for a configuration: feasibility, development and implementation, each ending at a
 * go/no-go gate, then finalisation and closure; suspended (resuming to where it was) and cancelled beside them.
 * No invoke, spawn, after or clock: replay is pure.
 */
export function createProgrammeWorkflow(config: ProgrammeConfig) {
  const v3 = config.version >= 3;
  const { guards, spec } = explainedGuards({
    rules: {
      ...baseRules,
      ...factRules,
      ...roleRules,
      ...(v3 ? { ...domainRules, ...amountRules } : {}),
      ...createGateRules(config),
    },
    selectors: gateSelectors,
  });
  const { fact, facts, phase } = transitions(guardLists(config.version));
  const machine = setup({
    types: { context: {} as ProgrammeContext, events: {} as ProgrammeMachineEvent },
    guards,
    actions: {
      apply: assign(({ context, event }, params: { r7?: boolean } | undefined) =>
        evolve(context, event, params?.r7 === true, config.version),
      ),
    },
  }).createMachine({
    id: 'programme',
    version: String(config.version),
    context: emptyContext,
    initial: 'unregistered',
    states: {
      unregistered: {
        // programme@3 on: the budget total is exact to the cent and bounded (amounts.ts).
        on: {
          ProgrammeRegistered: {
            ...(v3 ? { guard: all(['exactAmounts']) } : {}),
            target: 'running',
            actions: 'apply' as const,
          },
        },
      },
      running: {
        initial: 'feasibility',
        states: {
          hist: { type: 'history', history: 'deep' },
          feasibility: phase(
            'G1',
            '#programme.running.development',
            [
              'NetworkMeetingHeld',
              'DelegationVisitPlanned',
              'DelegationVisitCompleted',
              'ExpertMeetingHeld',
              'AgreementProposed',
              'CommonUnderstandingRecorded',
            ],
            { AgreementSigned: fact('AgreementSigned', { extra: ['letterOfIntentOnly'] }) },
          ),
          development: phase('G2', '#programme.running.implementation', [
            'NetworkMeetingHeld',
            'DelegationVisitPlanned',
            'DelegationVisitCompleted',
            'ExpertMeetingHeld',
            'StakeholderMeetingHeld',
            'ExpertMissionConducted',
            'GovernanceBodyEstablished',
            'AgreementProposed',
            'AgreementSigned',
            'CommonUnderstandingRecorded',
            'ImplementationThemeSelected',
          ]),
          implementation: phase(
            'G3',
            '#programme.running.finalisation',
            [
              'GovernanceBodyEstablished',
              'ExpertJoinedGovernanceBody',
              'AgreementProposed',
              'AgreementSigned',
              'CommonUnderstandingRecorded',
              'ImplementationThemeSelected',
              'KnowledgeTransferActivityHeld',
            ],
            { ExpertMissionConducted: fact('ExpertMissionConducted', { r7: true }) },
          ),
          finalisation: {
            on: { ProgrammeClosed: fact('ProgrammeClosed', { target: '#programme.closed' }) },
          },
        },
        on: {
          ...facts([
            'ParticipantRegistered',
            'BudgetLinePlanned',
            'FinancialTransactionRecorded',
            'AgreementEnded',
            'StakeholderInvolvementRecorded',
            'GateConditionSatisfied',
            'DocumentLinked',
            'RoleGranted',
            'RoleRevoked',
          ]),
          ProgrammeSuspended: fact('ProgrammeSuspended', { target: 'suspended' }),
          ProgrammeCancelled: fact('ProgrammeCancelled', { target: 'cancelled' }),
        },
      },
      suspended: {
        on: {
          ...facts(['ParticipantRegistered', 'DocumentLinked', 'GateConditionSatisfied', 'RoleGranted', 'RoleRevoked']),
          FinancialTransactionRecorded: fact('FinancialTransactionRecorded', { extra: ['onlyExpenditure'] }),
          ProgrammeResumed: fact('ProgrammeResumed', { target: '#programme.running.hist' }),
          ProgrammeCancelled: fact('ProgrammeCancelled', { target: 'cancelled' }),
        },
      },
      cancelled: {
        on: {
          DocumentLinked: fact('DocumentLinked'),
          FinancialTransactionRecorded: fact('FinancialTransactionRecorded', { extra: ['onlyExpenditure'] }),
        },
      },
      closed: {
        on: { DocumentLinked: fact('DocumentLinked') },
      },
    },
  });
  const samples = createProgrammeSamples(config);
  return defineWorkflow({
    name: 'programme',
    version: config.version,
    machine,
    catalogue,
    policy: v3 ? rolePolicy : programmePolicy,
    guards: spec,
    hiddenStates,
    describe: describeProgramme,
    presentation: programmePresentation,
    // From programme@3 on, roles are facts in the log (RoleGranted, RoleRevoked).
    ...(v3
      ? {
          rolesHeld: (snapshot: AnyMachineSnapshot, orgId: string) =>
            rolesHeld(snapshot.context as ProgrammeContext, orgId),
        }
      : {}),
    gates: createGateReporter(config),
    sampleEvents: samples.sampleEvents,
    probeEvents: samples.probeEvents,
    stateKey: samples.stateKey,
    dossier: createProgrammeDossier(config),
    codec: programmeCodec(config.version),
  });
}

/**
 * The programme's context codec: its growing records (documents, evidence) live as IdMaps (context.ts) and are
 * persisted as plain JSON records, so a persisted snapshot is plain data, whatever copies it, and a restored one
 * compares equal to the live one it was taken from. Version 0 (a plain context written without a codec) is the same
 * form. Version 2: programme@3 keeps its money totals in exact minor units (README, "Facts the domain refuses"); a
 * programme@3 snapshot written under version 1 holds float totals, so it is not restored and the engine replays.
 */
function programmeCodec(workflowVersion: number): ContextCodec<ProgrammeContext> {
  return {
    version: 2,
    persist: persistedContext,
    restore(persisted, version) {
      if (version > 2) throw new Error(`context codec version ${version} is newer than this code (2)`);
      if (workflowVersion >= 3 && version === 1) {
        throw new Error('it was written before programme@3 kept its totals in exact minor units (codec version 1)');
      }
      return liveContext(persisted as ProgrammeContext);
    },
  };
}

/** The reference workflow, `programme@1`: the Sino-Dutch low-carbon zone programme's phases and gates. */
export const programmeV1 = createProgrammeWorkflow(programmeConfigs['programme@1']!);

/**
 * `programme@2`: as programme@1, but "several" knowledge-transfer activities (R7, G3-C1) means 4. New streams start
 * under it; a programme@1 stream moves to it only by a recorded `WorkflowMigrated` event.
 */
export const programmeV2 = createProgrammeWorkflow(programmeConfigs['programme@2']!);

/**
 * `programme@3`: roles are granted by the log. The role an actor claims must be one it holds at that point of the
 * stream (RoleGranted, RoleRevoked), every organisation named as deciding must hold the role deciding needs, and the
 * domain refuses what programme@1 and @2 let through: a txId used twice, a fact whose own date disagrees with its
 * occurredAt, an expert mission that does not cross from one side to the other. "Several" is 3 unless the
 * registration says otherwise. New streams start under it; older streams move to it only by WorkflowMigrated.
 */
export const programmeV3 = createProgrammeWorkflow(programmeConfigs['programme@3']!);
