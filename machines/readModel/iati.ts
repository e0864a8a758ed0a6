import type { IatiActivity, IatiDocumentLink, IatiIndicator, IatiOrg, IatiProblem } from '../../src/iati/activity.ts';
import { isActiveCode } from '../../src/iati/codelists.ts';
import type { ProgrammeIatiConfig } from '../iatiConfig.ts';
import type { ResultDefinition } from '../resultsFramework.ts';
import type { ProgrammeView } from './model.ts';
import { iatiValue } from './money.ts';
import { resultsReport, type IndicatorReport } from './results.ts';
import { activityStatusOf } from './status.ts';

const words = (text: string) => text.replaceAll('_', ' ');

/** Returns the ISO 639-1 code IATI wants for a BCP 47 tag (`zh-Hans` → `zh`), or null when it has none. */
function languageCode(tag: string): string | null {
  const primary = tag.split('-')[0]!.toLowerCase();
  return isActiveCode('Language', primary) ? primary : null;
}

function indicatorOf(i: IndicatorReport, today: string): IatiIndicator {
  const qualitative = i.measure === 5;
  const num = (value: number | null) => (qualitative || value === null ? {} : { value: String(value) });
  const lastYear = i.periods.at(-1)?.start;
  return {
    measure: String(i.measure),
    ascending: i.ascending,
    title: i.title,
    baseline: { year: i.baselineYear, ...num(i.baseline.value), comment: i.baseline.comment },
    periods: i.periods.map((p) => {
      const evidence = p.actual.evidence.map((r) => r.eventId).join(', '); // ids, stable; seqs move when a log is rewritten
      const sentence = (text: string) => (text === '' || /[.!?]$/.test(text) ? text : `${text}.`);
      const comment = [sentence(p.actual.comment), evidence === '' ? '' : `Evidence: ${evidence}.`]
        .filter((t) => t !== '')
        .join(' ');
      return {
        start: p.start,
        end: p.end,
        ...(p.start === lastYear && i.target !== null
          ? { target: { ...num(i.target.value), comment: i.target.comment } }
          : {}),
        ...(p.start <= today
          ? { actual: { ...num(qualitative ? null : p.actual.value), ...(comment === '' ? {} : { comment }) } }
          : {}),
      };
    }),
  };
}

/**
 * Returns the IATI 2.03 activity of a programme's view, or null with the problems that keep it from being one:
 * every mandatory element the log cannot supply, with the element and the fact to record. Pure.
 */
export function programmeActivity(
  view: ProgrammeView,
  framework: readonly ResultDefinition[],
  config: ProgrammeIatiConfig,
  context: { readonly stream: string; readonly generatedAt: string },
): { activity: IatiActivity | null; problems: IatiProblem[] } {
  const problems: IatiProblem[] = [];
  const id = view.identity;
  if (id === null) {
    return {
      activity: null,
      problems: [
        {
          element: 'iati-activity',
          problem: `stream ${context.stream} holds no registered programme`,
          record: 'ProgrammeRegistered',
        },
      ],
    };
  }
  const today = context.generatedAt.slice(0, 10);
  const party = (orgId: string): IatiOrg => {
    const p = view.participants[orgId];
    return p === undefined
      ? { name: orgId }
      : { ...(p.iatiRef ? { ref: p.iatiRef } : {}), type: String(p.orgType), name: p.name };
  };
  const reporting = view.participants[id.reportingOrgId];
  if (reporting?.iatiRef === undefined) {
    problems.push({
      element: 'reporting-org/@ref',
      problem: `the reporting organisation ${id.reportingOrgId} has no IATI organisation identifier`,
      record: `ParticipantRegistered for ${id.reportingOrgId} with its iatiRef`,
    });
  }
  const byDoc = new Map(view.documents.map((d) => [d.docId, d]));
  const documents: IatiDocumentLink[] = [];
  const link = (d: (typeof view.documents)[number], about: string, extra: Partial<IatiDocumentLink> = {}): void => {
    const language = languageCode(d.language);
    if (d.format === null) {
      problems.push({
        element: `document-link/@format (${about})`,
        problem: `document ${d.docId} (seq ${d.seq}) was linked without a file format`,
        record: `DocumentLinked for the document again with its format, e.g. application/pdf`,
      });
    }
    if (language === null) {
      problems.push({
        element: `document-link/language (${about})`,
        problem: `"${d.language}" of document ${d.docId} (seq ${d.seq}) has no ISO 639-1 code`,
        record: 'DocumentLinked with a language IATI lists, e.g. en or zh',
      });
    }
    if (d.format !== null && language !== null) {
      documents.push({
        url: d.url,
        format: d.format,
        title: d.title,
        categories: [d.category],
        language,
        date: d.date,
        ...extra,
      });
    }
  };
  for (const d of view.documents) link(d, `document ${d.docId}`);
  for (const decision of view.decisions) {
    const about = `the ${decision.gateId} decision, seq ${decision.seq}`;
    const minutes = decision.minutesDocId === null ? undefined : byDoc.get(decision.minutesDocId);
    if (minutes === undefined) {
      problems.push({
        element: `document-link (${about})`,
        problem:
          decision.minutesDocId === null
            ? 'the decision names no record of it (minutesDocId)'
            : `its record ${decision.minutesDocId} is not linked`,
        record: "DocumentLinked for the decision's record (category A07), named in the decision's minutesDocId",
      });
      continue;
    }
    link(minutes, about, {
      title: `${decision.gateId} gate decision: ${words(decision.decision)} (${decision.decidedOn})`,
      description: decision.rationale,
      categories: ['A07'],
      date: decision.decidedOn,
    });
  }
  if (problems.length > 0) return { activity: null, problems };
  const status = activityStatusOf(view)!;
  const name = (orgId: string) => view.participants[orgId]?.name ?? orgId;
  const activity: IatiActivity = {
    lang: config.lang,
    currency: id.budgetTotal.currency,
    lastUpdated: view.lastFact?.recordedAt ?? context.generatedAt,
    hierarchy: config.hierarchy,
    identifier: id.iatiIdentifier,
    reportingOrg: { ref: reporting!.iatiRef!, type: String(reporting!.orgType), name: reporting!.name },
    title: id.title,
    descriptions: [
      { type: '1', text: id.description },
      { type: '2', text: framework.map((r) => `${r.id} ${r.title}.`).join(' ') },
    ],
    participatingOrgs: Object.values(view.participants).flatMap((p) =>
      p.iatiRoles.map((role) => ({ ...party(p.orgId), role: String(role) })),
    ),
    status: String(status),
    dates: [
      { type: '1', date: id.plannedStart },
      ...(view.actualStart ? [{ type: '2', date: view.actualStart }] : []),
      { type: '3', date: id.plannedEnd },
      ...(view.actualEnd ? [{ type: '4', date: view.actualEnd }] : []),
    ],
    scope: config.scope,
    recipientCountries: [{ code: id.recipientCountry, percentage: 100 }],
    locations: [id.locationName],
    sectors: id.sectors.map((s) => ({ vocabulary: '1', code: s.code, percentage: s.pct })),
    policyMarkers: config.policyMarkers,
    collaborationType: config.collaborationType,
    ...(config.defaultFlowType === undefined ? {} : { defaultFlowType: config.defaultFlowType }),
    defaultFinanceType: config.defaultFinanceType,
    defaultAidTypes: config.defaultAidTypes,
    budgets: view.budgetLines.map((b) => ({
      type: String(b.type),
      status: String(b.status),
      periodStart: b.periodStart,
      periodEnd: b.periodEnd,
      value: iatiValue(b.amount),
      valueDate: b.periodStart,
    })),
    transactions: view.transactions.map((t) => ({
      ref: t.txId,
      type: String(t.type),
      date: t.date,
      value: iatiValue(t.amount),
      valueDate: t.date,
      provider: party(t.providerOrgId),
      receiver: party(t.receiverOrgId),
    })),
    documents,
    conditions:
      view.conditions.length === 0
        ? null
        : {
            attached: true,
            items: view.conditions.map((k) => ({
              type: String(k.iatiType),
              text:
                `${k.gateId} condition ${k.conditionId}: ${k.text}. Owners: ${k.ownerOrgIds.map(name).join(', ')}; due ${k.dueDate}; ` +
                (k.satisfied ? `satisfied on ${k.satisfied.date}.` : 'open.'),
            })),
          },
    results: resultsReport(view, framework).map((r) => ({
      type: String(r.type),
      title: `${r.id} ${r.title}`,
      indicators: r.indicators.map((i) => indicatorOf(i, today)),
    })),
  };
  return { activity, problems };
}
