import { codeName } from '../../src/iati/codelists.ts';
import { rolesHeld, type RoleFacts } from '../roles.ts';
import type { ReportCell, ReportSection } from '../../src/workflow/report.ts';
import type { ResultDefinition } from '../resultsFramework.ts';
import { financeRows, financeTotals, transactionTypeName, type FinanceFigures } from '../readModel/finance.ts';
import type { ProgrammeView } from '../readModel/model.ts';
import { money, toMajor } from '../readModel/money.ts';
import { resultsReport } from '../readModel/results.ts';
import {
  activityStatusOf,
  conditionStatus,
  nextGateOf,
  overdue,
  phaseInWords,
  statusDates,
} from '../readModel/status.ts';

const name = (view: ProgrammeView, orgId: string) => view.participants[orgId]?.name ?? orgId;

/** The roles an organisation holds (granted by the log, programme@3), else the ones it recorded facts with. */
function rolesInWords(view: ProgrammeView, orgId: string, used: readonly string[]): string {
  const context: RoleFacts = {
    programme: view.identity && { reportingOrgId: view.identity.reportingOrgId },
    roles: view.roles,
  };
  const held = Object.keys(view.roles).length > 0 ? rolesHeld(context, orgId) : [];
  if (held.length > 0) return held.map((r) => r.replaceAll('_', ' ')).join(', ');
  return used.length === 0 ? 'none' : `recorded as ${used.map((r) => r.replaceAll('_', ' ')).join(', ')}`;
}

/** The status summary: phase in words, IATI status, next gate, conditions with owners, overdue, late facts. */
export function statusSection(view: ProgrammeView, today: string): ReportSection {
  const status = activityStatusOf(view);
  const gate = nextGateOf(view);
  const conditions = conditionStatus(view, today).filter((k) => k.state !== 'satisfied');
  const late = overdue(
    statusDates(view, (orgId) => name(view, orgId)),
    today,
  );
  const facts: Array<{ label: string; value: ReportCell }> = [
    { label: 'Phase', value: phaseInWords(view) },
    {
      label: 'IATI activity status',
      value: status === null ? null : `${status} ${codeName('ActivityStatus', status)}`,
    },
    {
      label: 'Next gate',
      value:
        gate === null
          ? 'none'
          : `${gate.gateId}${gate.targetDate ? ` by ${gate.targetDate}` : ' (no target date yet)'}`,
    },
    {
      label: 'Open conditions',
      value:
        conditions.length === 0
          ? 'none'
          : conditions
              .map(
                (k) =>
                  `${k.conditionId} (${k.gateId}) ${k.text}: ${k.state === 'lapsed' ? 'LAPSED, ' : ''}due ${k.dueDate}, owners ${k.ownerOrgIds.map((o) => name(view, o)).join(' and ')}`,
              )
              .join('; '),
    },
    { label: 'Overdue', value: late.length === 0 ? `nothing on ${today}` : `${late.join('; ')} (on ${today})` },
    {
      label: 'Last fact',
      value: view.lastFact ? `${view.lastFact.date}: ${view.lastFact.type} (seq ${view.lastFact.seq})` : null,
    },
    {
      label: 'Recorded late',
      value:
        view.late.count === 0
          ? 'none'
          : `${view.late.count} ${view.late.count === 1 ? 'fact' : 'facts'} recorded more than 30 days after they occurred (the longest ${view.late.longestDays} days; first: ` +
            `${view.late.first
              .slice(0, 3)
              .map((f) => `seq ${f.seq} ${f.type}, ${f.days} days`)
              .join('; ')})`,
    },
  ];
  return { kind: 'facts', title: 'Status', facts };
}

const figureColumns = [
  'Budget (original)',
  'Budget (revised)',
  'Incoming commitments',
  'Incoming funds',
  'Committed',
  'Disbursed',
  'Spent',
  'Left',
];
const figures = (f: FinanceFigures): ReportCell[] =>
  [
    f.budgetOriginal,
    f.budgetRevised,
    f.incomingCommitments,
    f.incomingFunds,
    f.outgoingCommitments,
    f.disbursements,
    f.expenditure,
    f.left,
  ].map(toMajor);

/** Finance: the budget against incoming money, commitments, disbursements and spending, per year and line, and every transaction. */
export function financeSections(view: ProgrammeView): ReportSection[] {
  const currency = view.identity?.budgetTotal.currency ?? null;
  const totals = financeTotals(view);
  return [
    {
      kind: 'facts',
      title: 'Finance',
      facts: [
        { label: 'Currency', value: currency },
        { label: 'Budget', value: money(currency, totals.budget) },
        {
          label: 'Incoming',
          value: `${money(currency, totals.incomingCommitments)} committed to the programme (IATI 11), ${money(currency, totals.incomingFunds)} received (IATI 1)`,
        },
        {
          label: 'Spending',
          value: `${money(currency, totals.outgoingCommitments)} committed (IATI 2), ${money(currency, totals.disbursements)} disbursed (IATI 3), ${money(currency, totals.expenditure)} spent (IATI 4)`,
        },
        {
          label: 'Left',
          value: `${money(currency, totals.left)} of the budget not yet disbursed or spent; ${money(currency, totals.uncommitted)} not yet committed`,
        },
      ],
    },
    {
      kind: 'table',
      title: `Finance by year and budget line (${currency ?? 'no currency'})`,
      columns: ['Year', 'Budget line', ...figureColumns],
      rows: [
        ...financeRows(view).map((r) => [r.year, r.line, ...figures(r)]),
        ['All years', 'total', ...figures(totals)],
      ],
    },
    {
      kind: 'table',
      title: 'Transactions',
      columns: ['Date', 'Reference', 'IATI transaction type', 'Amount', 'Currency', 'Provider', 'Receiver', 'Seq'],
      rows: view.transactions.map((t) => [
        t.date,
        t.txId,
        `${t.type} ${transactionTypeName(t.type)}`,
        toMajor(t.amount),
        currency,
        name(view, t.providerOrgId),
        name(view, t.receiverOrgId),
        t.seq,
      ]),
      empty: 'No financial transaction is recorded.',
    },
  ];
}

/** Results R1-R7 as a results framework: type, measure, baseline, target, the actual per year with its evidence. */
export function resultsSection(view: ProgrammeView, framework: readonly ResultDefinition[]): ReportSection {
  const rows = resultsReport(view, framework).flatMap((r) =>
    r.indicators.map((i): ReportCell[] => [
      `${r.id} ${r.title}`,
      `${r.type} ${codeName('ResultType', r.type)}`,
      i.title,
      `${i.measure} ${codeName('IndicatorMeasure', i.measure)}`,
      `${i.baseline.value ?? i.baseline.comment} (${i.baselineYear})`,
      i.target === null
        ? 'none set'
        : i.target.value === null
          ? i.target.comment
          : `${i.target.value} (${i.target.comment})`,
      i.periods
        .map(
          (p) =>
            `${p.start.slice(0, 4)}: ${i.measure === 5 ? (p.actual.comment === '' ? 'not yet' : 'endorsed') : p.actual.value}`,
        )
        .join('; '),
      i.met === null ? 'no target' : i.met ? 'met' : 'open',
      [i.current.comment, i.current.evidence.map((e) => `seq ${e.seq} (${e.eventId})`).join(', ')]
        .filter((t) => t !== '')
        .join('; evidence: '),
    ]),
  );
  return {
    kind: 'table',
    title: 'Results R1-R7',
    columns: [
      'Result',
      'IATI result type',
      'Indicator',
      'Measure',
      'Baseline',
      'Target',
      'Actual by year',
      'Status',
      'Detail and evidence',
    ],
    rows,
  };
}

/** The documents register: every linked document, and each gate decision's record. */
export function documentsSection(view: ProgrammeView): ReportSection {
  const recordOf = new Map(
    view.decisions.filter((d) => d.minutesDocId !== null).map((d) => [d.minutesDocId!, `${d.gateId} decision record`]),
  );
  return {
    kind: 'table',
    title: 'Documents',
    columns: ['Document', 'Title', 'Category', 'Date', 'Language', 'Format', 'Link', 'Record of', 'Seq'],
    rows: view.documents.map((d) => [
      d.docId,
      d.title,
      `${d.category} ${codeName('DocumentCategory', d.category)}`,
      d.date,
      d.language,
      d.format,
      d.url,
      recordOf.get(d.docId) ?? null,
      d.seq,
    ]),
    empty: 'No document is linked.',
  };
}

/** The participants in words: side, organisation type and IATI roles by name, the workflow roles they recorded with. */
export function participantsSection(view: ProgrammeView): ReportSection {
  return {
    kind: 'table',
    title: 'Participants',
    columns: [
      'Organisation',
      'Name',
      'Side',
      'Organisation type',
      'IATI roles',
      'Workflow roles held',
      'IATI identifier',
      'Registered',
    ],
    rows: Object.values(view.participants).map((p) => [
      p.orgId,
      p.name,
      p.side,
      `${p.orgType} ${codeName('OrganisationType', p.orgType)}`,
      p.iatiRoles.map((r) => `${r} ${codeName('OrganisationRole', r)}`).join(', '),
      rolesInWords(view, p.orgId, p.rolesUsed),
      p.iatiRef ?? null,
      `seq ${p.seq}`,
    ]),
  };
}
