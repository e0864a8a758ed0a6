import { and, assign, setup, type AnyStateMachine } from 'xstate';
import { defineWorkflow, explainedGuards } from '../src/index.ts';
import { catalogue, type ProgrammeEventType } from '../events/index.ts';
import { emptyContext, evolve, liveContext, persistedContext, type ProgrammeContext, type ProgrammeMachineEvent } from './context.ts';
import { describeProgramme } from './describe.ts';
import type { ProgrammeConfig } from './gateCriteria.ts';
import { createGateReporter } from './gateReport.ts';
import { createGateRules, gateSelectors } from './gateRules.ts';
import { hiddenStates } from './phases.ts';
import { programmePolicy } from './policy.ts';
import { createProgrammeDossier } from './projections/programmeReport.ts';
import { baseRules, factRules } from './rules.ts';
import { createProgrammeSamples } from './samples.ts';

type GuardName = keyof typeof baseRules | keyof typeof factRules | keyof ReturnType<typeof createGateRules>;
type GuardRef = GuardName | { readonly type: GuardName; readonly params: unknown };
type Decision = 'go' | 'go_with_conditions' | 'hold' | 'recycle' | 'no_go';

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
};

const base: readonly GuardRef[] = ['knownOrgs', 'notBackdated', 'notFuture'];

/** A transition that records a fact: guarded by the base rules, the type's own rules and `extra`. */
function fact(type: ProgrammeEventType, options: { target?: string; extra?: readonly GuardRef[]; r7?: boolean } = {}) {
  return {
    guard: and([...base, ...(factGuards[type] ?? []), ...(options.extra ?? [])] as never),
    actions: options.r7 ? ({ type: 'apply', params: { r7: true } } as const) : ('apply' as const),
    ...(options.target ? { target: options.target } : {}),
  };
}

function facts(types: readonly ProgrammeEventType[]) {
  return Object.fromEntries(types.map((type) => [type, fact(type)]));
}

const decisionGuards: Record<Decision, readonly GuardRef[]> = {
  go: ['reviewedGate', 'decidersAreGatekeepers', 'criteriaAssessed', 'evidenceExists', 'jointConsent', 'mustCriteriaMet', 'noConditions', 'earlierConditionsSettled', 'nextGateNamed'],
  go_with_conditions: ['reviewedGate', 'decidersAreGatekeepers', 'criteriaAssessed', 'evidenceExists', 'jointConsent', 'hasConditions', 'shortfallsCovered', 'newConditionIds', 'earlierConditionsSettled', 'nextGateNamed'],
  hold: ['reviewedGate', 'decidersAreGatekeepers', 'criteriaAssessed', 'evidenceExists', 'bothSidesDecided', 'reviewDateGiven'],
  recycle: ['reviewedGate', 'decidersAreGatekeepers', 'criteriaAssessed', 'evidenceExists', 'bothSidesDecided', 'recycleLimit', 'recycleTarget'],
  no_go: ['reviewedGate', 'decidersAreGatekeepers', 'evidenceExists', 'noGoVoiced'],
};

/** A phase with its gate: `.active` until a review is scheduled, `.gate` until it is decided. */
function phase(gateId: 'G1' | 'G2' | 'G3', onGo: string, work: readonly ProgrammeEventType[], extra: Record<string, unknown> = {}) {
  const decide = (decision: Decision, target: string) => ({
    guard: and([{ type: 'decisionIs', params: { decision } }, ...base, ...decisionGuards[decision]] as never),
    target,
    actions: 'apply' as const,
  });
  return {
    initial: 'active',
    states: {
      active: {
        on: { GateReviewScheduled: fact('GateReviewScheduled', { target: 'gate', extra: [{ type: 'gateInOrder', params: { gateId } }, 'gatekeepersFromBothSides', 'gatekeeperSides', 'requiredCriteria'] }) },
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

/**
 * Returns the programme workflow for a configuration: feasibility, development and implementation, each ending at a
 * go/no-go gate, then finalisation and closure; suspended (resuming to where it was) and cancelled beside them.
 * No invoke, spawn, after or clock: replay is pure.
 */
export function createProgrammeWorkflow(config: ProgrammeConfig) {
  const { guards, spec } = explainedGuards({
    rules: { ...baseRules, ...factRules, ...createGateRules(config) },
    selectors: gateSelectors,
  });
  const machine = setup({
    types: { context: {} as ProgrammeContext, events: {} as ProgrammeMachineEvent },
    guards: guards as never,
    actions: {
      apply: assign(({ context, event }, params: { r7?: boolean } | undefined) => evolve(context, event, params?.r7 === true)),
    },
  }).createMachine({
    id: 'programme',
    version: String(config.version),
    context: emptyContext,
    initial: 'unregistered',
    states: {
      unregistered: {
        on: { ProgrammeRegistered: { target: 'running', actions: 'apply' } },
      },
      running: {
        initial: 'feasibility',
        states: {
          hist: { type: 'history', history: 'deep' },
          feasibility: phase('G1', '#programme.running.development', [
            'NetworkMeetingHeld', 'DelegationVisitPlanned', 'DelegationVisitCompleted', 'ExpertMeetingHeld',
            'AgreementProposed', 'CommonUnderstandingRecorded',
          ], { AgreementSigned: fact('AgreementSigned', { extra: ['letterOfIntentOnly'] }) }),
          development: phase('G2', '#programme.running.implementation', [
            'NetworkMeetingHeld', 'DelegationVisitPlanned', 'DelegationVisitCompleted', 'ExpertMeetingHeld',
            'StakeholderMeetingHeld', 'ExpertMissionConducted', 'GovernanceBodyEstablished', 'AgreementProposed',
            'AgreementSigned', 'CommonUnderstandingRecorded', 'ImplementationThemeSelected',
          ]),
          implementation: phase('G3', '#programme.running.finalisation', [
            'GovernanceBodyEstablished', 'ExpertJoinedGovernanceBody', 'AgreementProposed', 'AgreementSigned',
            'CommonUnderstandingRecorded', 'ImplementationThemeSelected', 'KnowledgeTransferActivityHeld',
          ], { ExpertMissionConducted: fact('ExpertMissionConducted', { r7: true }) }),
          finalisation: {
            on: { ProgrammeClosed: fact('ProgrammeClosed', { target: '#programme.closed' }) },
          },
        },
        on: {
          ...facts([
            'ParticipantRegistered', 'BudgetLinePlanned', 'FinancialTransactionRecorded', 'AgreementEnded',
            'StakeholderInvolvementRecorded', 'GateConditionSatisfied', 'DocumentLinked',
          ]),
          ProgrammeSuspended: fact('ProgrammeSuspended', { target: 'suspended' }),
          ProgrammeCancelled: fact('ProgrammeCancelled', { target: 'cancelled' }),
        },
      },
      suspended: {
        on: {
          ...facts(['ParticipantRegistered', 'DocumentLinked', 'GateConditionSatisfied']),
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
  } as never);
  persistPlain(machine as unknown as AnyStateMachine);
  const samples = createProgrammeSamples(config);
  return defineWorkflow({
    name: 'programme',
    version: config.version,
    machine: machine as unknown as AnyStateMachine,
    catalogue,
    policy: programmePolicy,
    guards: spec,
    hiddenStates,
    describe: describeProgramme,
    gates: createGateReporter(config),
    sampleEvents: samples.sampleEvents,
    stateKey: samples.stateKey,
    dossier: createProgrammeDossier(config),
  });
}

/**
 * Makes the machine persist its context as plain JSON records and restore them as the IdMaps it evolves (context.ts):
 * a persisted snapshot is then plain data, whatever copies it (JSON, `structuredClone`), and a restored one compares
 * equal to the live one it was taken from.
 */
function persistPlain(machine: AnyStateMachine): void {
  type Persisted = { readonly context: ProgrammeContext };
  const persist = machine.getPersistedSnapshot.bind(machine);
  const restore = machine.restoreSnapshot!.bind(machine);
  Object.assign(machine, {
    getPersistedSnapshot: (...args: Parameters<typeof persist>) => {
      const persisted = persist(...args) as unknown as Persisted;
      return { ...persisted, context: persistedContext(persisted.context) };
    },
    restoreSnapshot: (persisted: Persisted, scope: Parameters<typeof restore>[1]) =>
      restore({ ...persisted, context: liveContext(persisted.context) } as never, scope),
  });
}

/** The configuration of each registered programme version, by workflow ref (`programme@1`). */
export const programmeConfigs: Readonly<Record<string, ProgrammeConfig>> = {
  'programme@1': { version: 1, several: 3 },
  'programme@2': { version: 2, several: 4 },
};

/** The reference workflow, `programme@1`: the Sino-Dutch low-carbon zone programme's phases and gates. */
export const programmeV1 = createProgrammeWorkflow(programmeConfigs['programme@1']!);

/**
 * `programme@2`: as programme@1, but "several" knowledge-transfer activities (R7, G3-C1) means 4. New streams start
 * under it; a programme@1 stream moves to it only by a recorded `WorkflowMigrated` event.
 */
export const programmeV2 = createProgrammeWorkflow(programmeConfigs['programme@2']!);
