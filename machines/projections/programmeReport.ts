import { ownEntry, type DossierProjection, type ReportCell, type ReportSection, type StreamReport } from '../../src/index.ts';
import type { ProgrammeConfig } from '../gateCriteria.ts';
import { programmeModel, type EventRef, type GateDecisionEntry, type ProgrammeModel } from './programmeModel.ts';

const cite = (refs: readonly EventRef[]): string => refs.map((r) => `seq ${r.seq} (${r.eventId})`).join('; ');
const label = (text: string) => text.replaceAll('_', ' ');

/** The results R1-R7 (DOMAIN.md §4.6), each with its value, target and the events that evidence it. */
export function resultsOf(model: ProgrammeModel, config: ProgrammeConfig): ReportCell[][] {
  const nlSide = (orgId: string) => ownEntry(model.participants, orgId)?.side === 'NL';
  const agreements = Object.values(model.agreements);
  const signed = agreements.filter((a) => a.signed !== null);
  const r2 = signed.length > 0 ? 2 : agreements.length > 0 ? 1 : 0;
  const kt = model.knowledgeTransfer.toArray();
  const involved = Object.entries(model.involvement).filter(([orgId, i]) => nlSide(orgId) && (i.level === 'contributing' || i.level === 'committed'));
  const understanding = (topic: string, name: string, text: string): ReportCell[] => {
    const u = ownEntry(model.understanding, topic);
    return [name, text, u ? 'endorsed' : 'none', 'endorsed', u ? 'met' : 'open', u ? `${u.statement} (endorsed by ${u.endorsedBy.join(', ')})` : '', u ? cite([u]) : ''];
  };
  return [
    ['R1', 'Organisational structure in place: joint bodies', model.bodies.length, 1, model.bodies.length >= 1 ? 'met' : 'open', model.bodies.map((b) => `${b.bodyId} (${label(b.kind)})`).join(', '), cite(model.bodies)],
    ['R2', 'G2G agreements (0 none, 1 proposed, 2 signed)', r2, 2, r2 === 2 ? 'met' : r2 === 1 ? 'in preparation' : 'open', agreements.map((a) => `${a.agreementId}: ${label(a.instrument)} ${a.ended ? 'ended' : a.signed ? 'signed' : 'proposed'}`).join(', '), cite([...agreements.map((a) => a.proposed), ...signed.map((a) => a.signed!)])],
    ['R3', 'NL institutes and companies contributing or committed', involved.length, null, involved.length > 0 ? 'reported' : 'none yet', involved.map(([orgId, i]) => `${orgId} ${i.level}`).join(', '), cite(involved.map(([, i]) => i))],
    understanding('areas_of_expertise', 'R4', 'Common understanding: areas of expertise'),
    understanding('nl_government_role', 'R5', 'Common understanding: role of the NL government'),
    understanding('nl_institutes_companies_role', 'R6', 'Common understanding: role of NL institutes and companies'),
    ['R7', 'Knowledge-transfer activities between governments', kt.length, config.several, kt.length >= config.several ? 'met' : 'open', kt.map((k) => k.what).join(', '), cite(kt)],
  ];
}

function decisionSections(model: ProgrammeModel, decision: GateDecisionEntry): ReportSection[] {
  const name = (orgId: string) => {
    const participant = ownEntry(model.participants, orgId);
    return participant ? `${participant.name} (${orgId})` : orgId;
  };
  const makers = decision.decisionMakers
    .map((m) => `${name(m.orgId)}, ${m.side}${m.person ? `, ${m.person.name ? `${m.person.name}, ` : ''}${m.person.title}` : ''}: ${label(m.position)}`)
    .join('; ');
  const title = `${decision.gateId} decision: ${label(decision.decision)} (seq ${decision.seq})`;
  return [
    {
      kind: 'facts',
      title,
      facts: [
        { label: 'Decided on', value: decision.decidedOn },
        { label: 'Recorded by', value: `${decision.by.id} (${decision.by.role})${decision.by.keyId ? `, signed with ${decision.by.keyId}` : ''}, event ${decision.eventId}` },
        { label: 'Decision makers', value: makers },
        { label: 'Review', value: decision.review ? `scheduled for ${decision.review.reviewDate}, seq ${decision.review.seq} (${decision.review.eventId})` : 'no open review' },
        { label: 'Rationale', value: decision.rationale },
        { label: 'Next gate', value: decision.nextGate ? `${decision.nextGate.gateId} by ${decision.nextGate.targetDate}: ${decision.nextGate.requiredDeliverables.join('; ')}` : null },
        { label: 'Review date', value: decision.reviewDate },
      ],
    },
    {
      kind: 'table',
      title: `${title}: criteria`,
      columns: ['Criterion', 'Text', 'Kind', 'Assessed', 'Evidence'],
      rows: decision.criteria.map((k) => [k.id, k.text, k.kind, k.met, k.evidence.join(', ')]),
    },
    {
      kind: 'table',
      title: `${title}: conditions`,
      columns: ['Condition', 'Text', 'IATI type', 'Owner', 'Due', 'Status'],
      rows: decision.conditions.map((k) => [
        k.conditionId, k.text, k.iatiType, k.ownerOrgIds.map(name).join(', '), k.dueDate,
        k.satisfied ? `satisfied on ${k.satisfied.on}, seq ${k.satisfied.seq} (${k.satisfied.eventId}), evidence ${k.satisfied.evidence.join(', ')}` : 'open',
      ]),
    },
  ];
}

function report(model: ProgrammeModel, config: ProgrammeConfig, state: { readonly seq: number; readonly workflow: string; readonly state: string | readonly string[] }): StreamReport {
  const id = model.identity;
  const participants = Object.values(model.participants);
  const identity = id === null
    ? [{ label: 'Programme', value: 'not registered' }]
    : [
        { label: 'Programme', value: id.title },
        { label: 'IATI identifier', value: id.iatiIdentifier },
        { label: 'Description', value: id.description },
        { label: 'Reporting organisation', value: ownEntry(model.participants, id.reportingOrgId)?.name ?? id.reportingOrgId },
        { label: 'Recipient country', value: id.recipientCountry },
        { label: 'Location', value: id.locationName },
        { label: 'Sectors (DAC)', value: id.sectors.map((s) => `${s.code} ${s.pct}%`).join(', ') },
        { label: 'Budget', value: `${id.budgetTotal.currency} ${id.budgetTotal.amount}` },
        { label: 'Planned', value: `${id.plannedStart} to ${id.plannedEnd}` },
        { label: 'Participants', value: `${participants.filter((p) => p.side === 'NL').length} NL, ${participants.filter((p) => p.side === 'CN').length} CN` },
        { label: 'State', value: `${typeof state.state === 'string' ? state.state : state.state.join(' + ')} after seq ${state.seq}, under ${state.workflow}` },
      ];
  const agreements = Object.values(model.agreements);
  return {
    title: id?.title ?? 'Unregistered programme',
    identity,
    sections: [
      {
        kind: 'table',
        title: 'Participants',
        columns: ['Organisation', 'Name', 'Side', 'IATI type', 'IATI roles', 'Registered'],
        rows: participants.map((p) => [p.orgId, p.name, p.side, p.orgType, p.iatiRoles.join(', '), `seq ${p.seq}`]),
      },
      {
        kind: 'table',
        title: 'Timeline: meetings, visits, decisions and signings',
        columns: ['Date', 'Seq', 'Event', 'What', 'Recorded by', 'Signed with'],
        rows: model.timeline.toArray().map((t) => [t.date, t.seq, t.type, t.what, `${t.by.id} (${t.by.role})`, t.by.keyId ?? '']),
      },
      ...model.decisions.flatMap((decision) => decisionSections(model, decision)),
      {
        kind: 'table',
        title: 'Agreements',
        columns: ['Agreement', 'Instrument', 'Legally binding', 'Parties', 'Subject', 'Proposed', 'Signed', 'Ended'],
        rows: agreements.map((a) => [
          a.agreementId, label(a.instrument), a.legallyBinding, a.partyOrgIds.join(', '), a.subject,
          `${a.proposed.on}, seq ${a.proposed.seq}`,
          a.signed ? `${a.signed.signedOn} in ${a.signed.place} (${label(a.signed.ceremonyLevel)}) by ${a.signed.signatories.map((s) => `${s.name ? `${s.name}, ` : ''}${s.title} (${s.orgId})`).join('; ')}, seq ${a.signed.seq}` : null,
          a.ended ? `${a.ended.on} (${a.ended.reason}), seq ${a.ended.seq}` : null,
        ]),
      },
      {
        kind: 'table',
        title: 'Results R1-R7',
        columns: ['Result', 'Indicator', 'Value', 'Target', 'Status', 'Detail', 'Evidence'],
        rows: resultsOf(model, config),
      },
    ],
  };
}

/** Returns the programme's dossier hook: its read model over the stream, shown as identity, timeline, decisions, agreements and results. */
export function createProgrammeDossier(config: ProgrammeConfig): DossierProjection<ProgrammeModel> {
  const projection = programmeModel();
  return { initial: projection.initial, apply: projection.apply, report: (model, state) => report(model, config, state) };
}
