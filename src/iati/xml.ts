import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { IatiActivity, IatiIndicator, IatiOrg, IatiValue } from './activity.ts';

type Attributes = Record<string, string | number | undefined>;

const defined = (attributes: Attributes): Record<string, string> =>
  Object.fromEntries(
    Object.entries(attributes)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );

/** Adds `<name attrs><narrative>text</narrative></name>` (no narrative for empty text). */
function narrated(parent: XMLBuilder, name: string, text: string | undefined, attributes: Attributes = {}): XMLBuilder {
  const element = parent.ele(name, defined(attributes));
  if (text !== undefined && text !== '') element.ele('narrative').txt(text);
  return element;
}

function org(parent: XMLBuilder, name: string, o: IatiOrg, attributes: Attributes = {}): void {
  narrated(parent, name, o.name, { ...attributes, ref: o.ref, type: o.type });
}

function value(parent: XMLBuilder, name: string, v: IatiValue, attributes: Attributes = {}): void {
  const element = parent.ele(name, defined({ ...attributes, value: v.value }));
  if (v.comment !== undefined && v.comment !== '') narrated(element, 'comment', v.comment);
}

function indicator(parent: XMLBuilder, i: IatiIndicator): void {
  const element = parent.ele('indicator', { measure: i.measure, ascending: i.ascending ? '1' : '0' });
  narrated(element, 'title', i.title);
  value(element, 'baseline', i.baseline, { year: i.baseline.year });
  for (const p of i.periods) {
    const period = element.ele('period');
    period.ele('period-start', { 'iso-date': p.start });
    period.ele('period-end', { 'iso-date': p.end });
    if (p.target) value(period, 'target', p.target);
    if (p.actual) value(period, 'actual', p.actual);
  }
}

function activity(root: XMLBuilder, a: IatiActivity): void {
  const x = root.ele('iati-activity', {
    'xml:lang': a.lang,
    'default-currency': a.currency,
    'last-updated-datetime': a.lastUpdated,
    hierarchy: a.hierarchy,
  });
  x.ele('iati-identifier').txt(a.identifier);
  org(x, 'reporting-org', a.reportingOrg);
  narrated(x, 'title', a.title);
  for (const d of a.descriptions) narrated(x, 'description', d.text, { type: d.type });
  for (const p of a.participatingOrgs) org(x, 'participating-org', p, { role: p.role });
  x.ele('activity-status', { code: a.status });
  for (const d of a.dates) x.ele('activity-date', { type: d.type, 'iso-date': d.date });
  if (a.scope !== undefined) x.ele('activity-scope', { code: a.scope });
  for (const c of a.recipientCountries) x.ele('recipient-country', { code: c.code, percentage: String(c.percentage) });
  for (const name of a.locations) narrated(x.ele('location'), 'name', name);
  for (const s of a.sectors)
    x.ele('sector', { vocabulary: s.vocabulary, code: s.code, percentage: String(s.percentage) });
  for (const m of a.policyMarkers)
    x.ele('policy-marker', { vocabulary: m.vocabulary, code: m.code, significance: m.significance });
  if (a.collaborationType !== undefined) x.ele('collaboration-type', { code: a.collaborationType });
  if (a.defaultFlowType !== undefined) x.ele('default-flow-type', { code: a.defaultFlowType });
  if (a.defaultFinanceType !== undefined) x.ele('default-finance-type', { code: a.defaultFinanceType });
  for (const t of a.defaultAidTypes) x.ele('default-aid-type', { code: t.code, vocabulary: t.vocabulary });
  for (const b of a.budgets) {
    const budget = x.ele('budget', { type: b.type, status: b.status });
    budget.ele('period-start', { 'iso-date': b.periodStart });
    budget.ele('period-end', { 'iso-date': b.periodEnd });
    budget.ele('value', { 'value-date': b.valueDate }).txt(b.value);
  }
  for (const t of a.transactions) {
    const transaction = x.ele('transaction', { ref: t.ref });
    transaction.ele('transaction-type', { code: t.type });
    transaction.ele('transaction-date', { 'iso-date': t.date });
    transaction.ele('value', { 'value-date': t.valueDate }).txt(t.value);
    org(transaction, 'provider-org', t.provider);
    org(transaction, 'receiver-org', t.receiver);
  }
  for (const d of a.documents) {
    const link = x.ele('document-link', { format: d.format, url: d.url });
    narrated(link, 'title', d.title);
    if (d.description !== undefined) narrated(link, 'description', d.description);
    for (const code of d.categories) link.ele('category', { code });
    link.ele('language', { code: d.language });
    link.ele('document-date', { 'iso-date': d.date });
  }
  if (a.conditions !== null) {
    const conditions = x.ele('conditions', { attached: a.conditions.attached ? '1' : '0' });
    for (const c of a.conditions.items) narrated(conditions, 'condition', c.text, { type: c.type });
  }
  for (const r of a.results) {
    const result = x.ele('result', { type: r.type });
    narrated(result, 'title', r.title);
    for (const i of r.indicators) indicator(result, i);
  }
}

/**
 * Returns an `iati-activities` file (IATI 2.03, UTF-8, indented) holding one `iati-activity` per activity, in the
 * XSD's element order, stamped `generated-datetime`. Text is escaped by the XML writer; nothing is interpreted.
 */
export function renderIatiActivities(activities: readonly IatiActivity[], generatedAt: string): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('iati-activities', {
    version: '2.03',
    'generated-datetime': generatedAt,
  });
  for (const a of activities) activity(root, a);
  return `${root.end({ prettyPrint: true, indent: '  ' })}\n`;
}
