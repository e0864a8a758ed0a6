import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue, type ProgrammeEventType } from '../../events/index.ts';
import { seed, seedOf } from './samplePayloads.ts';

const fcSeed = Number(process.env['FC_SEED'] ?? 20_111_116);
const types = Object.keys(catalogue) as ProgrammeEventType[];

/** Every fact of the domain except the computed "condition lapsed"; suspension and resumption are two types. */
const domainTypes = [
  'ProgrammeRegistered',
  'ParticipantRegistered',
  'BudgetLinePlanned',
  'FinancialTransactionRecorded',
  'NetworkMeetingHeld',
  'DelegationVisitPlanned',
  'DelegationVisitCompleted',
  'ExpertMeetingHeld',
  'StakeholderMeetingHeld',
  'ExpertMissionConducted',
  'GovernanceBodyEstablished',
  'ExpertJoinedGovernanceBody',
  'AgreementProposed',
  'AgreementSigned',
  'AgreementEnded',
  'StakeholderInvolvementRecorded',
  'CommonUnderstandingRecorded',
  'ImplementationThemeSelected',
  'KnowledgeTransferActivityHeld',
  'GateReviewScheduled',
  'GateDecisionRecorded',
  'GateConditionSatisfied',
  'ProgrammeSuspended',
  'ProgrammeResumed',
  'ProgrammeCancelled',
  'ProgrammeClosed',
  'DocumentLinked',
] as const satisfies readonly ProgrammeEventType[];

/** The role facts that make authorization real (README, "Roles"): granted and revoked by the log. */
const roleTypes = ['RoleGranted', 'RoleRevoked'] as const satisfies readonly ProgrammeEventType[];

describe('catalogue', () => {
  it('holds exactly the 27 event types the README names and the two role facts', () => {
    expect(domainTypes).toHaveLength(27);
    expect(Object.keys(catalogue).sort()).toEqual([...domainTypes, ...roleTypes].sort());
  });

  it('keeps every payload schema at version 1 but ProgrammeRegistered, ProgrammeSuspended, DocumentLinked and GateDecisionRecorded, at 2 with an upcaster from 1', () => {
    const versions = Object.entries(catalogue).filter(([, entry]) => entry.version !== 1);
    expect(versions.map(([type, entry]) => [type, entry.version])).toEqual([
      ['ProgrammeRegistered', 2],
      ['ProgrammeSuspended', 2],
      ['DocumentLinked', 2],
      ['GateDecisionRecorded', 2],
    ]);
    expect(typeof catalogue.ProgrammeSuspended.upcasters[1]).toBe('function');
    expect(typeof catalogue.ProgrammeRegistered.upcasters[1]).toBe('function');
    expect(typeof catalogue.DocumentLinked.upcasters[1]).toBe('function');
    expect(typeof catalogue.GateDecisionRecorded.upcasters[1]).toBe('function');
  });

  it("lifts a schema-1 gate decision's one condition owner into the list of owners of schema 2", () => {
    const v1 = {
      ...seed.GateDecisionRecorded,
      conditions: [
        {
          conditionId: 'K1',
          text: 'Joint working group installed',
          iatiType: 2,
          ownerOrgId: 'twa-guangzhou',
          dueDate: '2012-01-31',
        },
      ],
    };
    expect(catalogue.GateDecisionRecorded.schemas[1].safeParse(v1).success).toBe(true);
    const lifted = catalogue.GateDecisionRecorded.upcasters[1](v1 as never);
    expect(lifted.conditions).toEqual([
      {
        conditionId: 'K1',
        text: 'Joint working group installed',
        iatiType: 2,
        ownerOrgIds: ['twa-guangzhou'],
        dueDate: '2012-01-31',
      },
    ]);
    expect(catalogue.GateDecisionRecorded.schema.safeParse(lifted).success).toBe(true);
    expect(catalogue.GateDecisionRecorded.schema.safeParse(v1).success).toBe(false);
  });

  it("lifts a schema-1 document link unchanged (its format unknown), and checks a new link's format against the IATI FileFormat list", () => {
    const v1 = {
      docId: 'd1',
      title: 'Minutes',
      category: 'A07',
      url: 'https://example.org/m.pdf',
      date: '2012-01-12',
      language: 'en',
    };
    expect(catalogue.DocumentLinked.upcasters[1](v1 as never)).toEqual(v1);
    expect(catalogue.DocumentLinked.schema.safeParse({ ...v1, format: 'application/pdf' }).success).toBe(true);
    const wrong = catalogue.DocumentLinked.schema.safeParse({ ...v1, format: 'pdf' });
    expect(wrong.error?.issues[0]?.message).toMatch(/"pdf" is not a code of the IATI FileFormat codelist/);
  });

  it.each(Object.keys(seed) as ProgrammeEventType[])('parses the seed payload of %s through its entry', (type) => {
    expect(catalogue[type].schema.safeParse(seed[type]).error?.issues ?? []).toEqual([]);
  });

  it('names no event type that is computed rather than recorded', () => {
    expect(Object.keys(catalogue).some((type) => /lapsed/i.test(type))).toBe(false);
  });
});

describe(`catalogue schemas on hostile input (seed ${fcSeed})`, () => {
  it('returns issues instead of throwing for any JSON value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.jsonValue(), (type, value) => {
        expect(() => catalogue[type].schema.safeParse(value)).not.toThrow();
      }),
      { seed: fcSeed, numRuns: 500 },
    );
  });

  it('returns issues instead of throwing when one field of a seed payload holds any JSON value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.nat(), fc.jsonValue(), (type, pick, value) => {
        const payload = seedOf(type);
        const fields = Object.keys(payload);
        const field = fields[pick % fields.length] ?? 'missing';
        const result = catalogue[type].schema.safeParse({ ...payload, [field]: value });
        if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
      { seed: fcSeed, numRuns: 1000 },
    );
  });
});
