import { ownEntry } from '../src/projections/projection.ts';
import type { ProgrammeContext, Side } from './context.ts';

/** The two sides of the programme, in the order refusals name them. */
export const sides: readonly Side[] = ['NL', 'CN'];

/** Returns the side a registered participant belongs to, or undefined for an unregistered id. */
export function sideOf(c: ProgrammeContext, orgId: string): Side | undefined {
  return ownEntry(c.participants, orgId)?.side;
}

/** True for a registered Dutch government body (IATI organisation type 10): a ministry. */
export function isNlGovernment(c: ProgrammeContext, orgId: string): boolean {
  const p = ownEntry(c.participants, orgId);
  return p?.side === 'NL' && p.orgType === 10;
}

/** True for a registered Chinese government body, national or local (IATI organisation type 10 or 11). */
export function isCnGovernment(c: ProgrammeContext, orgId: string): boolean {
  const p = ownEntry(c.participants, orgId);
  return p?.side === 'CN' && (p.orgType === 10 || p.orgType === 11);
}

/** Returns the sides (NL first) that do not occur among `present`: what a joint or bilateral act still lacks. */
export function missingSides(present: Iterable<string | undefined>): Side[] {
  const seen = new Set(present);
  return sides.filter((side) => !seen.has(side));
}
