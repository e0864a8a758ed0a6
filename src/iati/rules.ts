import type { IatiActivity, IatiOrg, IatiProblem } from './activity.ts';
import { codeProblem, type CodelistName } from './codelists.ts';

/** Returns the last day a period starting on `start` may end on under IATI 7.5.3 (one year). */
function oneYearFrom(start: string): string {
  const [year, month, day] = start.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year + 1, month - 1, day - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * Returns what breaks the IATI rules the XSD cannot see (IATI-Rulesets 2.03 and the codelists): every code an
 * active item of its list, the identifier prefixed by the reporting organisation's ref, percentages summing to 100,
 * budget periods of at most a year, no actual date or value date after `generatedAt`, no value on a qualitative
 * indicator, organisations with a ref or a name. Empty when the activity holds.
 */
export function iatiRuleProblems(a: IatiActivity, generatedAt: string): IatiProblem[] {
  const problems: IatiProblem[] = [];
  const today = generatedAt.slice(0, 10);
  const add = (element: string, problem: string, record = 'correct the fact that supplies it') =>
    problems.push({ element, problem, record });
  const code = (element: string, list: CodelistName, value: string | undefined) => {
    if (value === undefined) return;
    const problem = codeProblem(list, value);
    if (problem !== null) add(element, problem);
  };
  const named = (element: string, o: IatiOrg) => {
    if ((o.ref ?? '') === '' && (o.name ?? '') === '')
      add(
        element,
        'has neither a ref nor a name (IATI 6.10.1)',
        'register the organisation with its name or IATI identifier',
      );
    code(`${element}/@type`, 'OrganisationType', o.type);
  };

  const prefix = `${a.reportingOrg.ref}-`;
  if (!a.identifier.startsWith(prefix) || a.identifier === a.reportingOrg.ref) {
    add(
      'iati-identifier',
      `"${a.identifier}" does not start with the reporting organisation's ref and a hyphen ("${prefix}", IATI 1.1.21)`,
      'register the programme with an iatiIdentifier that does',
    );
  }
  if (/[/&|?\s]/.test(a.identifier))
    add('iati-identifier', `"${a.identifier}" contains whitespace or one of / & | ? (IATI 1.3.13)`);
  code('iati-activity/@default-currency', 'Currency', a.currency);
  code('iati-activity/@xml:lang', 'Language', a.lang);
  code('reporting-org/@type', 'OrganisationType', a.reportingOrg.type);
  for (const d of a.descriptions) code('description/@type', 'DescriptionType', d.type);
  for (const p of a.participatingOrgs) {
    named('participating-org', p);
    code('participating-org/@role', 'OrganisationRole', p.role);
  }
  code('activity-status/@code', 'ActivityStatus', a.status);
  const date = (type: string) => a.dates.find((d) => d.type === type)?.date;
  for (const d of a.dates) {
    code('activity-date/@type', 'ActivityDateType', d.type);
    if ((d.type === '2' || d.type === '4') && d.date > today)
      add(`activity-date type ${d.type}`, `the actual date ${d.date} is in the future (IATI 11.1.4)`);
  }
  if (date('1') === undefined && date('2') === undefined)
    add(
      'activity-date',
      'needs a planned (1) or actual (2) start (IATI 6.11.1)',
      'register the programme with its planned dates',
    );
  for (const [start, end] of [
    ['1', '3'],
    ['2', '4'],
  ] as const) {
    const s = date(start);
    const e = date(end);
    if (s !== undefined && e !== undefined && e < s)
      add(`activity-date type ${end}`, `${e} is before the start ${s} (IATI 11.1.2)`);
  }
  code('activity-scope/@code', 'ActivityScope', a.scope);
  for (const c of a.recipientCountries) code('recipient-country/@code', 'Country', c.code);
  const countries = a.recipientCountries.reduce((sum, c) => sum + c.percentage, 0);
  if (a.recipientCountries.length > 0 && Math.abs(countries - 100) > 1e-9)
    add('recipient-country/@percentage', `the percentages sum to ${countries}, not 100`);
  const byVocabulary = new Map<string, number>();
  for (const s of a.sectors) {
    code('sector/@vocabulary', 'SectorVocabulary', s.vocabulary);
    if (s.vocabulary === '1') code('sector/@code', 'Sector', s.code);
    byVocabulary.set(s.vocabulary, (byVocabulary.get(s.vocabulary) ?? 0) + s.percentage);
  }
  for (const [vocabulary, sum] of byVocabulary) {
    if (Math.abs(sum - 100) > 1e-9)
      add('sector/@percentage', `the percentages of vocabulary ${vocabulary} sum to ${sum}, not 100 (IATI 2.1.2)`);
  }
  for (const m of a.policyMarkers) {
    code('policy-marker/@vocabulary', 'PolicyMarkerVocabulary', m.vocabulary);
    if (m.vocabulary === '1') code('policy-marker/@code', 'PolicyMarker', m.code);
    code('policy-marker/@significance', 'PolicySignificance', m.significance);
  }
  code('collaboration-type/@code', 'CollaborationType', a.collaborationType);
  code('default-flow-type/@code', 'FlowType', a.defaultFlowType);
  code('default-finance-type/@code', 'FinanceType', a.defaultFinanceType);
  for (const t of a.defaultAidTypes) if (t.vocabulary === '1') code('default-aid-type/@code', 'AidType', t.code);
  for (const b of a.budgets) {
    code('budget/@type', 'BudgetType', b.type);
    code('budget/@status', 'BudgetStatus', b.status);
    if (b.periodEnd < b.periodStart) add('budget/period-end', `${b.periodEnd} is before the start ${b.periodStart}`);
    else if (b.periodEnd > oneYearFrom(b.periodStart))
      add(
        'budget',
        `the period ${b.periodStart} to ${b.periodEnd} is longer than a year (IATI 7.5.3)`,
        'plan the budget in lines of at most a year',
      );
  }
  for (const t of a.transactions) {
    code('transaction/transaction-type/@code', 'TransactionType', t.type);
    if (t.date > today) add(`transaction ${t.ref}`, `its date ${t.date} is in the future (IATI 11.2.1)`);
    if (t.valueDate > today) add(`transaction ${t.ref}/value/@value-date`, `${t.valueDate} is in the future`);
    named(`transaction ${t.ref}/provider-org`, t.provider);
    named(`transaction ${t.ref}/receiver-org`, t.receiver);
  }
  for (const d of a.documents) {
    code(`document-link ${d.url}/@format`, 'FileFormat', d.format);
    for (const c of d.categories) code(`document-link ${d.url}/category/@code`, 'DocumentCategory', c);
    code(`document-link ${d.url}/language/@code`, 'Language', d.language);
  }
  for (const c of a.conditions?.items ?? []) code('condition/@type', 'ConditionType', c.type);
  for (const r of a.results) {
    code('result/@type', 'ResultType', r.type);
    for (const i of r.indicators) {
      code('indicator/@measure', 'IndicatorMeasure', i.measure);
      const values = [i.baseline, ...i.periods.flatMap((p) => [p.target, p.actual])].filter((v) => v !== undefined);
      if (i.measure === '5' && values.some((v) => v.value !== undefined)) {
        add(`indicator "${i.title}"`, 'a qualitative indicator (measure 5) carries a value (IATI 8.8.3)');
      }
      for (const p of i.periods)
        if (p.actual !== undefined && p.start > today)
          add(`indicator "${i.title}"/period`, `an actual for ${p.start}, in the future`);
    }
  }
  return problems;
}
