import { dayOf } from '../src/workflow/dates.ts';
import { ownEntry } from '../src/projections/projection.ts';
import type { ProgrammeMachineEvent } from './context.ts';
import { IdMap } from './idMap.ts';
import { holdsRole } from './roles.ts';
import { ruleFor, type Args, type Rule } from './rules.ts';
import { sideOf } from './sides.ts';

type Verdict = string | string[] | null;

/**
 * Returns the payload dates that say when the fact itself happened: one day (`date`, `signedOn`, `on`, `decidedOn`)
 * or a range (`startDate`..`endDate`, `actualStart`..`actualEnd`). Planned dates (a visit planned, a budget period),
 * a document's own date (it may be linked any time after it was written) and a role's `effectiveFrom` are not.
 */
export function ownDatesOf(
  e: ProgrammeMachineEvent,
): { readonly fields: string; readonly from: string; readonly to: string } | null {
  const day = (field: string, date: string) => ({ fields: `data.${field} ${date}`, from: date, to: date });
  const range = (start: string, end: string, a: string, b: string) => ({
    fields: `data.${start}..${end} (${a}..${b})`,
    from: a,
    to: b,
  });
  switch (e.type) {
    case 'FinancialTransactionRecorded':
    case 'NetworkMeetingHeld':
    case 'StakeholderMeetingHeld':
      return day('date', e.data.date);
    case 'AgreementSigned':
      return day('signedOn', e.data.signedOn);
    case 'AgreementEnded':
      return day('on', e.data.on);
    case 'GateDecisionRecorded':
      return day('decidedOn', e.data.decidedOn);
    case 'DelegationVisitCompleted':
      return range('actualStart', 'actualEnd', e.data.actualStart, e.data.actualEnd);
    case 'ExpertMeetingHeld':
    case 'ExpertMissionConducted':
    case 'KnowledgeTransferActivityHeld':
      return range('startDate', 'endDate', e.data.startDate, e.data.endDate);
    default:
      return null;
  }
}

/**
 * The rules programme@3 adds to the facts (README, "Facts the domain refuses"): a transaction id is used once per
 * programme, a fact's own date agrees with its `occurredAt`, an expert mission crosses from one side to the other, and
 * a role change changes something and is not retroactive.
 */
export const domainRules: Readonly<Record<'uniqueTransaction' | 'datesAgree' | 'missionSides', Rule>> = {
  uniqueTransaction: ruleFor('FinancialTransactionRecorded', (c, e) =>
    c.transactions !== undefined && IdMap.get(c.transactions, e.data.txId) !== undefined
      ? `transaction ${e.data.txId} is already recorded; a txId is used once in a programme (record a correction under a new txId)`
      : null,
  ),
  // The day of occurredAt as written (its local date) or in UTC: a fact recorded in Shenzhen time is not refused for
  // falling on the previous UTC day.
  datesAgree: ({ event }: Args): Verdict => {
    const own = ownDatesOf(event);
    if (own === null) return null;
    const days = [...new Set([event.occurredAt.slice(0, 10), dayOf(event.occurredAt)])];
    if (days.some((d) => own.from <= d && d <= own.to)) return null;
    const expected = own.from === own.to ? own.from : `between ${own.from} and ${own.to}`;
    return `occurredAt ${event.occurredAt} does not agree with ${own.fields}: a fact occurs on its own date, so occurredAt is ${expected}`;
  },
  missionSides: ruleFor('ExpertMissionConducted', (c, e) => {
    const [from, to] = e.data.direction === 'NL_TO_CN' ? (['NL', 'CN'] as const) : (['CN', 'NL'] as const);
    const wrong = e.data.expertOrgIds.filter((id) => sideOf(c, id) !== undefined && sideOf(c, id) !== from);
    const host = sideOf(c, e.data.hostOrgId);
    return [
      ...wrong.map((id) => `an ${e.data.direction} mission sends experts of the ${from} side; ${id} is ${to}`),
      ...(host !== undefined && host !== to
        ? [`an ${e.data.direction} mission is hosted on the ${to} side; ${e.data.hostOrgId} is ${host}`]
        : []),
    ];
  }),
};

/** Rules on RoleGranted and RoleRevoked themselves, in every version (who decides them is the role policy's part). */
export const roleRules: Readonly<Record<'roleChange', Rule>> = {
  roleChange: ({ context, event }: Args): Verdict => {
    if (event.type !== 'RoleGranted' && event.type !== 'RoleRevoked') return null;
    const { orgId, role, effectiveFrom } = event.data;
    const term = context.roles === undefined ? undefined : ownEntry(ownEntry(context.roles, orgId) ?? {}, role);
    const current = term !== undefined ? term.until === undefined : holdsRole(context, orgId, role);
    return [
      ...(event.type === 'RoleGranted' && current
        ? [`${orgId} already holds ${role}${term?.since ? ` (from ${term.since})` : ''}`]
        : []),
      ...(event.type === 'RoleRevoked' && !current
        ? [`${orgId} does not hold ${role}; there is nothing to revoke`]
        : []),
      ...(effectiveFrom < dayOf(event.occurredAt)
        ? [
            `effectiveFrom ${effectiveFrom} is before the decision (${dayOf(event.occurredAt)}); a role change is not retroactive`,
          ]
        : []),
    ];
  },
};
