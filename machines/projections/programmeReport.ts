import { codeName } from '../../src/iati/codelists.ts';
import { ownEntry } from '../../src/projections/projection.ts';
import { stateText } from '../../src/workflow/statePath.ts';
import type { DossierProjection, ReportSection, StreamReport } from '../../src/workflow/report.ts';
import type { ProgrammeConfig } from '../gateCriteria.ts';
import type { ProgrammeView } from '../readModel/model.ts';
import { money } from '../readModel/money.ts';
import { programmeViewProjection } from '../readModel/projection.ts';
import { programmeResults } from '../resultsFramework.ts';
import { programmeModel, type GateDecisionEntry, type ProgrammeModel } from './programmeModel.ts';
import {
  documentsSection,
  financeSections,
  participantsSection,
  resultsSection,
  statusSection,
} from './readSections.ts';

/** What the dossier folds: the auditor's model (timeline, decisions, agreements) and the read model's view. */
export type DossierModel = { readonly base: ProgrammeModel; readonly view: ProgrammeView };

const label = (text: string) => text.replaceAll('_', ' ');

function decisionSections(model: ProgrammeModel, decision: GateDecisionEntry): ReportSection[] {
  const name = (orgId: string) => {
    const participant = ownEntry(model.participants, orgId);
    return participant ? `${participant.name} (${orgId})` : orgId;
  };
  const makers = decision.decisionMakers
    .map(
      (m) =>
        `${name(m.orgId)}, ${m.side}${m.person ? `, ${m.person.name ? `${m.person.name}, ` : ''}${m.person.title}` : ''}: ${label(m.position)}`,
    )
    .join('; ');
  const title = `${decision.gateId} decision: ${label(decision.decision)} (seq ${decision.seq})`;
  return [
    {
      kind: 'facts',
      title,
      facts: [
        { label: 'Decided on', value: decision.decidedOn },
        {
          label: 'Recorded by',
          value: `${decision.by.id} (${decision.by.role})${decision.by.keyId ? `, signed with ${decision.by.keyId}` : ''}, event ${decision.eventId}`,
        },
        { label: 'Decision makers', value: makers },
        {
          label: 'Review',
          value: decision.review
            ? `scheduled for ${decision.review.reviewDate}, seq ${decision.review.seq} (${decision.review.eventId})`
            : 'no open review',
        },
        { label: 'Rationale', value: decision.rationale },
        ...(decision.nextGate
          ? [
              {
                label: 'Next gate',
                value: `${decision.nextGate.gateId} by ${decision.nextGate.targetDate}: ${decision.nextGate.requiredDeliverables.join('; ')}`,
              },
            ]
          : []),
        ...(decision.reviewDate ? [{ label: 'Review date', value: decision.reviewDate }] : []),
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
      columns: ['Condition', 'Text', 'IATI type', 'Owners', 'Due', 'Status'],
      rows: decision.conditions.map((k) => [
        k.conditionId,
        k.text,
        `${k.iatiType} ${codeName('ConditionType', k.iatiType)}`,
        k.ownerOrgIds.map(name).join(', '),
        k.dueDate,
        k.satisfied
          ? `satisfied on ${k.satisfied.on}, seq ${k.satisfied.seq} (${k.satisfied.eventId}), evidence ${k.satisfied.evidence.join(', ')}`
          : 'open',
      ]),
    },
  ];
}

function report(
  { base: model, view }: DossierModel,
  config: ProgrammeConfig,
  state: {
    readonly seq: number;
    readonly workflow: string;
    readonly state: string | readonly string[];
    readonly today?: string;
  },
): StreamReport {
  const id = model.identity;
  const participants = Object.values(model.participants);
  const today = state.today ?? new Date().toISOString().slice(0, 10);
  const identity =
    id === null
      ? [{ label: 'Programme', value: 'not registered' }]
      : [
          { label: 'Programme', value: id.title },
          { label: 'IATI identifier', value: id.iatiIdentifier },
          { label: 'Description', value: id.description },
          {
            label: 'Reporting organisation',
            value: ownEntry(model.participants, id.reportingOrgId)?.name ?? id.reportingOrgId,
          },
          { label: 'Recipient country', value: `${id.recipientCountry} ${codeName('Country', id.recipientCountry)}` },
          { label: 'Location', value: id.locationName },
          {
            label: 'Sectors (DAC)',
            value: id.sectors.map((s) => `${s.code} ${codeName('Sector', s.code)} ${s.pct}%`).join(', '),
          },
          { label: 'Budget', value: money(id.budgetTotal.currency, Math.round(id.budgetTotal.amount * 100)) },
          { label: 'Planned', value: `${id.plannedStart} to ${id.plannedEnd}` },
          {
            label: 'Participants',
            value: `${participants.filter((p) => p.side === 'NL').length} NL, ${participants.filter((p) => p.side === 'CN').length} CN`,
          },
          { label: 'State', value: `${stateText(state.state)} after seq ${state.seq}, under ${state.workflow}` },
        ];
  const agreements = Object.values(model.agreements);
  return {
    title: id?.title ?? 'Unregistered programme',
    identity,
    sections: [
      statusSection(view, today),
      ...model.decisions.flatMap((decision) => decisionSections(model, decision)),
      ...financeSections(view),
      resultsSection(view, programmeResults(view.identity?.ktActivitiesTarget ?? config.several)),
      documentsSection(view),
      participantsSection(view),
      {
        kind: 'table',
        title: 'Agreements',
        columns: ['Agreement', 'Instrument', 'Legally binding', 'Parties', 'Subject', 'Proposed', 'Signed', 'Ended'],
        rows: agreements.map((a) => [
          a.agreementId,
          label(a.instrument),
          a.legallyBinding,
          a.partyOrgIds.join(', '),
          a.subject,
          `${a.proposed.on}, seq ${a.proposed.seq}`,
          a.signed
            ? `${a.signed.signedOn} in ${a.signed.place} (${label(a.signed.ceremonyLevel)}) by ${a.signed.signatories.map((s) => `${s.name ? `${s.name}, ` : ''}${s.title} (${s.orgId})`).join('; ')}, seq ${a.signed.seq}`
            : null,
          a.ended ? `${a.ended.on} (${a.ended.reason}), seq ${a.ended.seq}` : null,
        ]),
      },
      {
        kind: 'table',
        title: 'Timeline: every fact',
        columns: ['Date', 'Seq', 'Event', 'What', 'Recorded by'],
        rows: model.timeline
          .toArray()
          .map((t) => [
            t.date,
            t.seq,
            t.type,
            t.what,
            `${ownEntry(model.participants, t.by.id)?.name ?? t.by.id} (${label(t.by.role)})${t.by.keyId ? `, signed with ${t.by.keyId}` : ''}`,
          ]),
      },
    ],
  };
}

/** Returns the programme's dossier hook: its read model over the stream, shown as identity, timeline, decisions, agreements and results. */
export function createProgrammeDossier(config: ProgrammeConfig): DossierProjection<DossierModel> {
  const base = programmeModel();
  const view = programmeViewProjection({ lateAfterDays: 30 });
  return {
    initial: () => ({ base: base.initial(), view: view.initial() }),
    apply: (model, event) => {
      const next = { base: base.apply(model.base, event), view: view.apply(model.view, event) };
      return next.base === model.base && next.view === model.view ? model : next;
    },
    report: (model, state) => report(model, config, state),
  };
}
