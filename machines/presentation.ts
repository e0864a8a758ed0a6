import type { AnyMachineSnapshot } from 'xstate';
import { ownEntry } from '../src/projections/projection.ts';
import type { PresentedEvent, PresentedFact, Presentation } from '../src/workflow/presentation.ts';
import type { RecordedEvent } from '../src/envelope/envelope.ts';
import type { ProgrammeContext } from './context.ts';
import { gateOfState, leafOf, phaseOf } from './phases.ts';

/** What the programme page remembers of a stream to speak of it in words. Never mutated. */
export type ProgrammePresentationModel = {
  readonly title: string | null;
  /** Organisation names by participant id: the short form (the acronym in brackets, if any) and the full name. */
  readonly names: Readonly<Record<string, { readonly short: string; readonly full: string }>>;
  /** Gate decisions, oldest first, in words. */
  readonly decisions: readonly string[];
  /** The suspension in force (the last one; `resumed` clears it). */
  readonly suspension: null | {
    readonly since: string;
    readonly reason: string;
    readonly category: string;
    readonly reviewDate: string;
  };
};

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Returns a date (`2011-11-16` or a timestamp) as people write it: `16 Nov 2011`. */
export function dateInWords(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}` : date;
}

/** Returns an event type or code as words: `GateReviewScheduled` → `gate review scheduled`, `no_go` → `no go`. */
export function inWords(code: string): string {
  return code
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const roleWords: Record<string, string> = {
  programme_manager: 'programme manager',
  gatekeeper: 'gatekeeper',
  finance_officer: 'finance officer',
  auditor: 'auditor',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads of every event type, read field by field
type Data = Record<string, any>;

function shortName(full: string): string {
  const acronym = /\(([^()]{2,12})\)\s*$/.exec(full)?.[1];
  return acronym ?? full;
}

/** The programme's {@link Presentation}: names, gate decisions, conditions, suspensions and overdue gates in words. */
export const programmePresentation: Presentation<ProgrammePresentationModel> = {
  initial: () => ({ title: null, names: {}, decisions: [], suspension: null }),
  apply(model, event) {
    const d = event.data;
    switch (event.type) {
      case 'ProgrammeRegistered':
        return { ...model, title: String(d.title) };
      case 'ParticipantRegistered':
        return {
          ...model,
          names: { ...model.names, [String(d.orgId)]: { short: shortName(String(d.name)), full: String(d.name) } },
        };
      case 'GateDecisionRecorded': {
        const decisions = [...model.decisions, decisionLine(model, d)];
        if (d.decision !== 'hold') return { ...model, decisions };
        // A hold suspends the programme until the gatekeepers resume it.
        const reason = `${String(d.gateId)} on hold: ${typeof d.rationale === 'string' ? d.rationale : ''}`;
        return {
          ...model,
          decisions,
          suspension: { since: String(d.decidedOn), reason, category: 'gate hold', reviewDate: String(d.reviewDate) },
        };
      }
      case 'ProgrammeSuspended':
        return {
          ...model,
          suspension: {
            since: event.occurredAt,
            reason: String(d.reason),
            category: typeof d.category === 'string' ? d.category : 'unclassified',
            reviewDate: String(d.reviewDate),
          },
        };
      case 'ProgrammeResumed':
        return { ...model, suspension: null };
      default:
        return model;
    }
  },
  title: (model) => model.title,
  event: (model, event) => eventInWords(model, event),
  state: (snapshot) => stateInWords(snapshot),
  facts: (model, snapshot, asOf) => keyFacts(model, snapshot, asOf),
};

function org(model: ProgrammePresentationModel, id: string): string {
  return ownEntry(model.names, id)?.short ?? id;
}

function orgs(model: ProgrammePresentationModel, ids: unknown): string {
  return Array.isArray(ids) ? ids.map((id) => org(model, String(id))).join(', ') : '';
}

function decisionLine(model: ProgrammePresentationModel, d: Data): string {
  const makers = Array.isArray(d.decisionMakers) ? d.decisionMakers.map((m: Data) => org(model, String(m.orgId))) : [];
  return `${String(d.gateId)}: ${inWords(String(d.decision))}, ${dateInWords(String(d.decidedOn))} (${makers.join(', ')})`;
}

function eventInWords(model: ProgrammePresentationModel, event: RecordedEvent): PresentedEvent {
  const d = event.data;
  const by = `${org(model, event.actor.id)}, ${roleWords[event.actor.role] ?? inWords(event.actor.role)}`;
  const plain = capital(inWords(event.type));
  const said = (summary: string, line = summary): PresentedEvent => ({ summary, line, by });
  switch (event.type) {
    case 'ProgrammeRegistered':
      return said('Programme registered', `Programme registered: ${String(d.title)}`);
    case 'ParticipantRegistered':
      return said(`${String(d.name)} joined`, `${String(d.name)} joined (${String(d.side)} side)`);
    case 'GateReviewScheduled':
      return said(
        `${String(d.gateId)} review scheduled`,
        `${String(d.gateId)} review scheduled for ${dateInWords(String(d.reviewDate))} ` +
          `(gatekeepers ${orgs(
            model,
            (d.gatekeepers as Data[] | undefined)?.map((g) => g.orgId),
          )})`,
      );
    case 'GateDecisionRecorded':
      return said(`${String(d.gateId)} ${inWords(String(d.decision))}`, decisionLine(model, d));
    case 'GateConditionSatisfied':
      return said(`Condition ${String(d.conditionId)} of ${String(d.gateId)} satisfied`);
    case 'ProgrammeSuspended':
      return said(
        'Programme suspended',
        `Programme suspended: ${String(d.reason)} (review ${dateInWords(String(d.reviewDate))})`,
      );
    case 'ProgrammeResumed':
      return said('Programme resumed', `Programme resumed by ${orgs(model, d.decidedBy)}`);
    case 'ProgrammeCancelled':
      return said('Programme cancelled', `Programme cancelled by ${orgs(model, d.decidedBy)}: ${String(d.reason)}`);
    case 'ProgrammeClosed':
      return said('Programme closed');
    case 'NetworkMeetingHeld':
    case 'StakeholderMeetingHeld':
      return said(plain, `${plain} with ${orgs(model, d.participantIds)}`);
    case 'ExpertMeetingHeld':
      return said(plain, `Expert meeting in ${String(d.location)} with ${orgs(model, d.participantIds)}`);
    case 'AgreementProposed':
      return said(
        `${inWords(String(d.instrument)).toUpperCase()} proposed`,
        `${String(d.subject)}: proposed between ${orgs(model, d.partyOrgIds)}`,
      );
    case 'AgreementSigned':
      return said(
        `Agreement signed`,
        `Agreement ${String(d.agreementId)} signed in ${String(d.place)} on ${dateInWords(String(d.signedOn))}`,
      );
    case 'KnowledgeTransferActivityHeld':
      return said(
        'Knowledge transfer held',
        `Knowledge transfer (${inWords(String(d.format))}) on ${inWords(String(d.theme))} from ${orgs(model, d.providerOrgIds)} to ${orgs(model, d.recipientOrgIds)}`,
      );
    case 'FinancialTransactionRecorded': {
      const value = d.value as Data | undefined;
      return said(
        plain,
        `Transaction ${String(d.txId)}: ${String(value?.currency ?? '')} ${Number(value?.amount ?? 0).toLocaleString('en')}`,
      );
    }
    case 'DocumentLinked':
      return said('Document linked', `Document linked: ${String(d.title)}`);
    case 'WorkflowMigrated':
      return said(`Moved to ${String(d.to)}`, `Moved from ${String(d.from)} to ${String(d.to)}: ${String(d.reason)}`);
    default:
      return said(plain);
  }
}

const phaseWords: Record<string, string> = {
  unregistered: 'Not registered yet',
  feasibility: 'Feasibility',
  development: 'Development',
  implementation: 'Implementation',
  finalisation: 'Finalisation: closing the programme',
  suspended: 'Suspended',
  cancelled: 'Cancelled',
  closed: 'Closed',
};

function stateInWords(snapshot: AnyMachineSnapshot): string {
  const leaf = leafOf(snapshot);
  const phase = phaseWords[phaseOf(leaf)] ?? leaf;
  const gate = gateOfState(leaf);
  if (gate === undefined) return phase;
  return leaf.endsWith('.gate') ? `${phase}: ${gate} review open` : `${phase}: work towards ${gate}`;
}

function keyFacts(model: ProgrammePresentationModel, snapshot: AnyMachineSnapshot, asOf: string): PresentedFact[] {
  const c = snapshot.context as ProgrammeContext;
  if (c.programme === null) return [{ label: 'Programme', value: 'not registered yet' }];
  const day = asOf.slice(0, 10);
  const facts: PresentedFact[] = [{ label: 'Now', value: stateInWords(snapshot) }];
  if (model.suspension !== null && leafOf(snapshot) === 'suspended') {
    const s = model.suspension;
    facts.push({
      label: 'Suspended',
      value: `since ${dateInWords(s.since)}: ${s.reason} (${inWords(s.category)}); review on ${dateInWords(s.reviewDate)}`,
      attention: true,
    });
  }
  if (model.decisions.length > 0) facts.push({ label: 'Gates passed', value: model.decisions.join('; ') });
  if (c.review) {
    facts.push({
      label: 'Open review',
      value: `${c.review.gateId} on ${dateInWords(c.review.reviewDate)}, gatekeepers ${c.review.gatekeepers.map((g) => org(model, g.orgId)).join(', ')}`,
    });
  }
  if (c.nextGate) {
    const overdue = c.nextGate.targetDate < day && c.review?.gateId !== c.nextGate.gateId;
    facts.push({
      label: overdue ? 'Gate overdue' : 'Next gate',
      value: `${c.nextGate.gateId} by ${dateInWords(c.nextGate.targetDate)}${overdue ? `: overdue on ${dateInWords(day)}, no review scheduled` : ''}`,
      ...(overdue ? { attention: true } : {}),
    });
  }
  const open = Object.entries(c.conditions).filter(([, k]) => !k.satisfied);
  for (const [id, k] of open) {
    const lapsed = k.dueDate < day;
    facts.push({
      label: `Condition ${id} (${k.gateId})`,
      value: `${k.text}; owner ${org(model, k.ownerOrgId)}; due ${dateInWords(k.dueDate)}${lapsed ? ' (lapsed)' : ''}`,
      ...(lapsed ? { attention: true } : {}),
    });
  }
  facts.push({ label: 'Budget', value: `${c.programme.currency} ${c.programme.budgetTotal.toLocaleString('en')}` });
  const f = c.finance;
  facts.push({
    label: 'Money',
    value: `committed ${f.committed.toLocaleString('en')}, received ${f.incoming.toLocaleString('en')}, paid ${f.paid.toLocaleString('en')}`,
  });
  const sides = Object.values(c.participants);
  facts.push({
    label: 'Participants',
    value: `${sides.filter((p) => p.side === 'NL').length} Dutch, ${sides.filter((p) => p.side === 'CN').length} Chinese`,
  });
  const agreements = Object.values(c.agreements);
  if (agreements.length > 0)
    facts.push({
      label: 'Agreements',
      value: agreements.map((a) => `${inWords(a.instrument).toUpperCase()} ${a.status}`).join(', '),
    });
  facts.push({ label: 'Knowledge transfer', value: `${c.ktActivities} activit${c.ktActivities === 1 ? 'y' : 'ies'}` });
  return facts;
}
