import { z } from 'zod';
import { exactly, type Schema } from './schema.ts';
import { IsoDate, LocalId, Person, ShortText, orgRefSet, strictObject } from './common.ts';

/** Records that a G2G instrument (letter of intent, MoU, treaty, ...) was proposed between parties (R2 = 1). */
export const AgreementProposedData: Schema<AgreementProposedData> = exactly<AgreementProposedData>()(
  strictObject({
    agreementId: LocalId,
    instrument: z.enum([
      'letter_of_intent',
      'mou',
      'agreed_minutes',
      'framework_agreement',
      'specific_agreement',
      'treaty',
    ]),
    legallyBinding: z.boolean(),
    partyOrgIds: orgRefSet('party participant id'),
    subject: ShortText,
    parentAgreementId: LocalId.optional(),
  }).superRefine((agreement, ctx) => {
    if (agreement.parentAgreementId === agreement.agreementId) {
      ctx.addIssue({
        code: 'custom',
        path: ['parentAgreementId'],
        message: `expected a different agreement than agreementId ("${agreement.agreementId}")`,
        input: agreement.parentAgreementId,
      });
    }
  }),
);
export type AgreementProposedData = {
  agreementId: string;
  instrument: 'letter_of_intent' | 'mou' | 'agreed_minutes' | 'framework_agreement' | 'specific_agreement' | 'treaty';
  legallyBinding: boolean;
  partyOrgIds: string[];
  subject: string;
  parentAgreementId?: string | undefined;
};

/** Records that a proposed agreement was signed: when, where, at which level, by whom, effective from when (R2 = 2). */
export const AgreementSignedData: Schema<AgreementSignedData> = exactly<AgreementSignedData>()(
  strictObject({
    agreementId: LocalId,
    signedOn: IsoDate,
    place: ShortText,
    ceremonyLevel: z.enum(['high_level', 'working_level']),
    signatories: z.array(Person).min(1, { error: 'expected at least one signatory' }),
    effectiveFrom: IsoDate,
  }),
);
export type AgreementSignedData = {
  agreementId: string;
  signedOn: string;
  place: string;
  ceremonyLevel: 'high_level' | 'working_level';
  signatories: Person[];
  effectiveFrom: string;
};

/** Records that a signed agreement ended: expired, terminated or superseded, and on which date. */
export const AgreementEndedData: Schema<AgreementEndedData> = exactly<AgreementEndedData>()(
  strictObject({
    agreementId: LocalId,
    reason: z.enum(['expired', 'terminated', 'superseded']),
    on: IsoDate,
  }),
);
export type AgreementEndedData = { agreementId: string; reason: 'expired' | 'terminated' | 'superseded'; on: string };
