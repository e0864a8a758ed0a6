import { describe, expect, it } from 'vitest';
import { AgreementEndedData, AgreementProposedData, AgreementSignedData } from '../../events/index.ts';
import { describeRejections, expectAccepted, expectRejected } from './assertions.ts';
import { seedOf } from './samplePayloads.ts';

describe('agreement events', () => {
  it.each([
    ['AgreementProposed', AgreementProposedData],
    ['AgreementSigned', AgreementSignedData],
    ['AgreementEnded', AgreementEndedData],
  ] as const)('accepts the seed payload of %s', (type, schema) => {
    expectAccepted(schema, seedOf(type));
  });

  it('accepts a specific agreement under a framework MoU', () => {
    expectAccepted(AgreementProposedData, {
      agreementId: 'sa-waste',
      instrument: 'specific_agreement',
      legallyBinding: false,
      partyOrgIds: ['im', 'sz-epb'],
      subject: 'Waste management pilot in Longgang',
      parentAgreementId: 'mou-lcz',
    });
  });

  describeRejections('AgreementProposed', AgreementProposedData, seedOf('AgreementProposed'), {
    required: 'legallyBinding',
    wrongType: ['legallyBinding', 'false', /expected boolean, received string/],
  });
  describeRejections('AgreementSigned', AgreementSignedData, seedOf('AgreementSigned'), {
    required: 'signatories',
    wrongType: ['ceremonyLevel', 'ministerial', /expected one of "high_level"\|"working_level"/],
    date: 'signedOn',
  });
  describeRejections('AgreementEnded', AgreementEndedData, seedOf('AgreementEnded'), {
    required: 'on',
    wrongType: ['reason', 'cancelled', /expected one of "expired"\|"terminated"\|"superseded"/],
    date: 'on',
  });

  it('rejects an unknown instrument', () => {
    expectRejected(
      AgreementProposedData,
      { ...seedOf('AgreementProposed'), instrument: 'contract' },
      ['instrument'],
      /expected one of "letter_of_intent"/,
    );
  });

  it('rejects a party listed twice and names it', () => {
    const proposed = { ...seedOf('AgreementProposed'), partyOrgIds: ['eli', 'ndrc-ccd', 'ndrc-ccd'] };
    expectRejected(AgreementProposedData, proposed, ['partyOrgIds', 2], /duplicate party participant id "ndrc-ccd"/);
  });

  it('rejects an agreement that is its own parent', () => {
    const proposed = { ...seedOf('AgreementProposed'), parentAgreementId: 'mou-lcz' };
    expectRejected(
      AgreementProposedData,
      proposed,
      ['parentAgreementId'],
      /different agreement than agreementId \("mou-lcz"\)/,
    );
  });

  it('rejects a signing without signatories', () => {
    expectRejected(
      AgreementSignedData,
      { ...seedOf('AgreementSigned'), signatories: [] },
      ['signatories'],
      /at least one signatory/,
    );
  });

  it('rejects a signatory with an unknown field', () => {
    const signatories = [{ title: 'Minister', orgId: 'eli', rank: 1 }];
    const issue = AgreementSignedData.safeParse({ ...seedOf('AgreementSigned'), signatories }).error?.issues[0];
    expect(issue).toMatchObject({ code: 'unrecognized_keys', keys: ['rank'], path: ['signatories', 0] });
  });

  it('rejects an impossible effective date', () => {
    expectRejected(
      AgreementSignedData,
      { ...seedOf('AgreementSigned'), effectiveFrom: '2012-06-31' },
      ['effectiveFrom'],
      /real calendar date/,
    );
  });
});
