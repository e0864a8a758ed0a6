import { codeName } from '../../src/iati/codelists.ts';
import type { ReadModel, ReadModelClock } from '../../src/projections/readModel.ts';
import type { ReportCell } from '../../src/workflow/report.ts';
import { programmeIatiConfig, type ProgrammeIatiConfig } from '../iatiConfig.ts';
import { programmeResults, type ResultDefinition } from '../resultsFramework.ts';
import { programmeActivity } from './iati.ts';
import { financeRows, financeTotals, transactionTypeName, type FinanceFigures } from './finance.ts';
import type { ProgrammeView } from './model.ts';
import { money, toMajor } from './money.ts';
import { programmeViewProjection } from './projection.ts';
import { resultsMet, resultsReport } from './results.ts';
import {
  activityStatusOf,
  activityStatusWords,
  overdue,
  phaseInWords,
  statusDates,
  type StatusDates,
} from './status.ts';

/** What the portfolio keeps of a programme: one small JSON object per stream. */
export type ProgrammeSummary = {
  readonly title: string;
  readonly iatiIdentifier: string;
  readonly phase: string;
  readonly iatiStatus: number | null;
  readonly status: StatusDates;
  readonly currency: string | null;
  readonly finance: FinanceFigures;
  readonly results: { readonly met: number; readonly targeted: number };
  readonly lastFact: null | { readonly date: string; readonly type: string; readonly seq: number };
  readonly lateFacts: number;
};

/** The configuration of the programme read model. */
export type ProgrammeReadModelConfig = {
  /**
   * Returns the results framework (titles, measures, baselines, targets) of the workflow version a stream is under.
   * @defaultValue R1-R7 with "several" = 3 for every version
   */
  readonly resultsFor?: (workflow: string, registeredSeveral: number | undefined) => readonly ResultDefinition[];
  /** What the IATI export takes from configuration. @defaultValue {@link programmeIatiConfig} */
  readonly iati?: ProgrammeIatiConfig;
  /** Days after which a recorded fact counts as recorded late. @defaultValue 30 */
  readonly lateAfterDays?: number;
};

/** The portfolio's columns. Money in the programme's currency, in major units. */
export const portfolioColumns = [
  'Title',
  'Phase',
  'IATI status',
  'Next gate',
  'Target date',
  'Overdue',
  'Currency',
  'Budget',
  'Incoming commitments',
  'Committed',
  'Disbursed',
  'Spent',
  'Results met',
  'Last fact',
] as const;

/** Returns the name of a participant, or its id. */
export function nameOf(view: ProgrammeView, orgId: string): string {
  return view.participants[orgId]?.name ?? orgId;
}

/** Returns the summary of a programme's view. */
export function summarize(view: ProgrammeView, framework: readonly ResultDefinition[]): ProgrammeSummary {
  return {
    title: view.identity?.title ?? '',
    iatiIdentifier: view.identity?.iatiIdentifier ?? '',
    phase: phaseInWords(view),
    iatiStatus: activityStatusOf(view),
    status: statusDates(view, (orgId) => nameOf(view, orgId)),
    currency: view.identity?.budgetTotal.currency ?? null,
    finance: financeTotals(view),
    results: resultsMet(resultsReport(view, framework)),
    lastFact: view.lastFact && { date: view.lastFact.date, type: view.lastFact.type, seq: view.lastFact.seq },
    lateFacts: view.late.count,
  };
}

/** Returns the key facts `state` prints about a programme's money, status and results, as of `today`. */
export function describeView(
  view: ProgrammeView,
  framework: readonly ResultDefinition[],
  clock: ReadModelClock,
): Record<string, string> {
  if (view.identity === null) return {};
  const currency = view.identity.budgetTotal.currency;
  const m = (amount: number) => money(currency, amount);
  const totals = financeTotals(view);
  const facts: Record<string, string> = {};
  facts.status = `${phaseInWords(view)}; IATI activity status ${activityStatusWords(activityStatusOf(view))}`;
  const years = new Map<string, number>();
  for (const row of financeRows(view)) years.set(row.year, (years.get(row.year) ?? 0) + row.budget);
  facts.budget = `${m(totals.budget)}${years.size > 0 ? ` (${[...years].map(([year, amount]) => `${year}: ${m(amount)}`).join('; ')})` : ''}`;
  facts.finance =
    [
      `${m(totals.incomingCommitments)} incoming commitments`,
      `${m(totals.incomingFunds)} incoming funds`,
      `${m(totals.outgoingCommitments)} committed`,
      `${m(totals.disbursements)} disbursed`,
      `${m(totals.expenditure)} spent`,
    ].join(', ') + `; ${m(totals.left)} of the budget left`;
  const incoming = view.transactions.filter((t) => t.type === 1 || t.type === 11);
  if (incoming.length > 0) {
    facts.incoming = incoming
      .map(
        (t) =>
          `${transactionTypeName(t.type)} of ${m(t.amount)} from ${nameOf(view, t.providerOrgId)} to ${nameOf(view, t.receiverOrgId)} on ${t.date}`,
      )
      .join('; ');
  }
  const status = statusDates(view, (orgId) => nameOf(view, orgId));
  const late = overdue(status, clock.today);
  facts.overdue = late.length === 0 ? `nothing on ${clock.today}` : `${late.join('; ')} (on ${clock.today})`;
  const { met, targeted } = resultsMet(resultsReport(view, framework));
  facts.results = `${met} of ${targeted} targets met`;
  return facts;
}

/**
 * Returns the programme read model: one {@link ProgrammeView} per `programme@*` stream, kept with immer, its portfolio
 * summary, and the facts `state` prints. Raise `version` whenever the view or the summary changes shape.
 */
export function createProgrammeReadModel(
  config: ProgrammeReadModelConfig = {},
): ReadModel<ProgrammeView, ProgrammeSummary> {
  const fallback = programmeResults(3);
  const frameworkOf = (view: ProgrammeView) =>
    config.resultsFor?.(view.workflow, view.identity?.ktActivitiesTarget) ?? fallback;
  const projection = programmeViewProjection({ lateAfterDays: config.lateAfterDays ?? 30 });
  return {
    name: 'programme',
    version: 1,
    follows: (event) => event.workflow.startsWith('programme@') && !event.stream.endsWith('.refusals'),
    initial: projection.initial,
    apply: projection.apply,
    summarize: (view) => summarize(view, frameworkOf(view)),
    columns: portfolioColumns,
    row(s, clock): ReportCell[] {
      const gate = s.status.nextGate;
      return [
        s.title,
        s.phase,
        s.iatiStatus === null ? null : `${s.iatiStatus} ${codeName('ActivityStatus', s.iatiStatus)}`,
        gate?.gateId ?? null,
        gate?.targetDate ?? null,
        overdue(s.status, clock.today).join('; '),
        s.currency,
        toMajor(s.finance.budget),
        toMajor(s.finance.incomingCommitments),
        toMajor(s.finance.outgoingCommitments),
        toMajor(s.finance.disbursements),
        toMajor(s.finance.expenditure),
        `${s.results.met} of ${s.results.targeted}`,
        s.lastFact === null ? null : `${s.lastFact.date} ${s.lastFact.type}`,
      ];
    },
    describe: (view, clock) => describeView(view, frameworkOf(view), clock),
    iati: (view, context) => programmeActivity(view, frameworkOf(view), config.iati ?? programmeIatiConfig, context),
  };
}
