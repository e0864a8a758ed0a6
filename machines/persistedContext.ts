// A programme context as a snapshot persists it, and back: its growing records are IdMaps live and plain JSON records
// persisted (the context codec in programme.ts).
import { IdMap } from './idMap.ts';
import type { ProgrammeContext } from './context.ts';

/** Returns the context as a snapshot persists it: plain JSON records in place of the {@link IdMap}s. */
export function persistedContext(context: ProgrammeContext): ProgrammeContext {
  const plain = {
    ...context,
    finance: persistedFinance(context.finance),
    documents: IdMap.from(context.documents).toJSON(),
    evidence: IdMap.from(context.evidence).toJSON(),
  };
  return context.transactions === undefined
    ? plain
    : { ...plain, transactions: IdMap.from(context.transactions).toJSON() };
}

type Finance = ProgrammeContext['finance'];

/**
 * A programme@1 or @2 total may overflow to Infinity (their amounts are unbounded), which JSON would store as null: a
 * snapshot keeps it as the string "Infinity", so a cached snapshot plus the tail equals the replay. (programme@3
 * bounds amounts and totals: amounts.ts.)
 */
function persistedFinance(finance: Finance): Finance {
  const keep = (n: number) => (Number.isFinite(n) ? n : (String(n) as unknown as number));
  return Object.values(finance).every(Number.isFinite)
    ? finance
    : { committed: keep(finance.committed), incoming: keep(finance.incoming), paid: keep(finance.paid) };
}

function liveFinance(finance: Finance): Finance {
  const back = (n: number) => (typeof n === 'string' ? Number(n) : n);
  return Object.values(finance).every((n) => typeof n === 'number')
    ? finance
    : { committed: back(finance.committed), incoming: back(finance.incoming), paid: back(finance.paid) };
}

/** Returns a persisted context ready for evolving: its growing records as {@link IdMap}s again (O(n), once). */
export function liveContext(context: ProgrammeContext): ProgrammeContext {
  const live = {
    ...context,
    finance: liveFinance(context.finance),
    documents: IdMap.from(context.documents),
    evidence: IdMap.from(context.evidence),
  };
  return context.transactions === undefined ? live : { ...live, transactions: IdMap.from(context.transactions) };
}
