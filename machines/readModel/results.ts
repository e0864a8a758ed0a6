import type { IndicatorDefinition, ResultDefinition } from '../resultsFramework.ts';
import type { ProgrammeView, Ref } from './model.ts';
import { countsForR3 } from './projection.ts';

/** An indicator's value at a date, and the facts behind it. */
export type IndicatorValue = {
  readonly value: number | null;
  readonly comment: string;
  readonly evidence: readonly Ref[];
};

/** One calendar year of an indicator: the value at the year's end and the facts of that year that advanced it. */
export type IndicatorPeriod = { readonly start: string; readonly end: string; readonly actual: IndicatorValue };

/** An indicator with its baseline year, its periods, its value now, and whether its target is met. */
export type IndicatorReport = IndicatorDefinition & {
  readonly baselineYear: number;
  readonly periods: readonly IndicatorPeriod[];
  readonly current: IndicatorValue;
  readonly met: boolean | null;
};

/** A result of the framework with its indicators' reports. */
export type ResultReport = Omit<ResultDefinition, 'indicators'> & { readonly indicators: readonly IndicatorReport[] };

/** Returns an indicator's value from the facts dated on or before `until` (`YYYY-MM-DD`). */
function valueAt(view: ProgrammeView, indicator: IndicatorDefinition, until: string): IndicatorValue {
  const by = <T extends Ref>(items: readonly T[]) => items.filter((i) => i.date.slice(0, 10) <= until);
  const source = indicator.source;
  switch (source.kind) {
    case 'governance_bodies': {
      const bodies = by(view.evidence.bodies);
      return {
        value: bodies.length,
        comment: bodies.map((b) => `${b.bodyId} (${b.kind.replaceAll('_', ' ')})`).join(', '),
        evidence: bodies,
      };
    }
    case 'agreement_stage': {
      const stages = new Map<string, { stage: number; ref: Ref; instrument: string }>();
      for (const a of by(view.evidence.agreements))
        stages.set(a.agreementId, { stage: a.stage, ref: a, instrument: a.instrument });
      const value = Math.max(0, ...[...stages.values()].map((s) => s.stage));
      const words = ['ended', 'proposed', 'signed'];
      const comment = [...stages]
        .map(([id, s]) => `${id} (${s.instrument.replaceAll('_', ' ')}) ${words[s.stage]}`)
        .join(', ');
      return { value, comment, evidence: by(view.evidence.agreements) };
    }
    case 'nl_organisations_involved': {
      const levels = new Map<string, { level: string; ref: Ref }>();
      for (const i of by(view.evidence.involvement)) levels.set(i.orgId, { level: i.level, ref: i });
      const counted = [...levels].filter(
        ([orgId, l]) => countsForR3(l.level) && view.participants[orgId]?.side !== 'CN',
      );
      const name = (orgId: string) => view.participants[orgId]?.name ?? orgId;
      return {
        value: counted.length,
        comment: counted.map(([orgId, l]) => `${name(orgId)} ${l.level}`).join(', '),
        evidence: counted.map(([, l]) => l.ref),
      };
    }
    case 'common_understanding': {
      const found = by(view.evidence.understanding)
        .filter((u) => u.topic === source.topic)
        .at(-1);
      return { value: null, comment: found ? found.statement : '', evidence: found ? [found] : [] };
    }
    case 'knowledge_transfer': {
      const held = by(view.evidence.knowledgeTransfer);
      return { value: held.length, comment: held.map((k) => k.what).join(', '), evidence: held };
    }
  }
}

function isMet(indicator: IndicatorDefinition, current: IndicatorValue): boolean | null {
  if (indicator.target === null) return null;
  if (indicator.measure === 5) return current.evidence.length > 0;
  if (indicator.target.value === null || current.value === null) return null;
  return indicator.ascending ? current.value >= indicator.target.value : current.value <= indicator.target.value;
}

/**
 * Returns the results framework with every indicator's baseline (the programme's planned start year), its actual per
 * calendar year (the value at the year's end, with the facts of that year as evidence), its value now and whether
 * its target is met. Years run from the planned start to the later of the planned end and the last fact.
 */
export function resultsReport(view: ProgrammeView, framework: readonly ResultDefinition[]): ResultReport[] {
  const first = Number((view.identity?.plannedStart ?? view.lastFact?.date ?? '1970').slice(0, 4));
  const last = Math.max(
    first,
    Number((view.identity?.plannedEnd ?? '').slice(0, 4)) || first,
    Number((view.lastFact?.date ?? '').slice(0, 4)) || first,
  );
  const years: number[] = [];
  for (let year = first; year <= last; year++) years.push(year);
  return framework.map((result) => ({
    ...result,
    indicators: result.indicators.map((indicator): IndicatorReport => {
      const periods = years.map((year) => {
        const actual = valueAt(view, indicator, `${year}-12-31`);
        return {
          start: `${year}-01-01`,
          end: `${year}-12-31`,
          actual: { ...actual, evidence: actual.evidence.filter((r) => r.date.startsWith(String(year))) },
        };
      });
      const current = valueAt(view, indicator, '9999-12-31');
      return { ...indicator, baselineYear: first, periods, current, met: isMet(indicator, current) };
    }),
  }));
}

/** Returns how many indicators with a target are met, of how many have one. */
export function resultsMet(results: readonly ResultReport[]): { readonly met: number; readonly targeted: number } {
  const indicators = results.flatMap((r) => r.indicators).filter((i) => i.met !== null);
  return { met: indicators.filter((i) => i.met === true).length, targeted: indicators.length };
}
