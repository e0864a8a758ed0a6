import { z } from 'zod';
import { exactly, type Schema } from './schema.ts';
import { codeProblem, isActiveCode } from '../src/iati/codelists.ts';
import {
  DocumentCategoryCode,
  IatiIdentifier,
  IsoDate,
  LanguageCode,
  LocalId,
  Money,
  OrgRef,
  SectorCode,
  ShortText,
  Text,
  orgRefSet,
  refineDateOrder,
  refineDistinct,
  strictObject,
} from './common.ts';
import { listCode } from './codes.ts';

const Sector = strictObject({
  code: SectorCode,
  pct: z
    .number()
    .gt(0, { error: 'expected a percentage above 0' })
    .lte(100, { error: 'expected a percentage of at most 100' }),
});

const Sectors = z
  .array(Sector)
  .min(1, { error: 'expected at least one sector' })
  .superRefine(refineDistinct('sector code', 'code'))
  .superRefine((sectors, ctx) => {
    // IATI 2.1.2. A tolerance keeps 33.33 + 33.33 + 33.34 valid despite binary floating point.
    const sum = sectors.reduce((total, sector) => total + sector.pct, 0);
    if (Math.abs(sum - 100) > 1e-9) {
      ctx.addIssue({
        code: 'custom',
        message: `percentages must sum to 100, got ${Number(sum.toFixed(6))}`,
        input: sectors,
      });
    }
  });

const registration = {
  iatiIdentifier: IatiIdentifier,
  title: ShortText,
  description: Text,
  reportingOrgId: OrgRef,
  recipientCountry: listCode('Country').pipe(
    z.literal('CN', {
      error: 'the reference workflow is the Sino-Dutch programme: its recipient country is "CN" (China)',
    }),
  ),
  locationName: ShortText,
  sectors: Sectors,
  budgetTotal: Money,
  plannedStart: IsoDate,
  plannedEnd: IsoDate,
};

/** Schema version 1 of ProgrammeRegistered (until "several" became registered configuration). */
export const ProgrammeRegisteredDataV1: Schema<ProgrammeRegisteredDataV1, ProgrammeRegisteredDataV1Input> = exactly<
  ProgrammeRegisteredDataV1,
  ProgrammeRegisteredDataV1Input
>()(refineDateOrder(strictObject(registration), 'plannedStart', 'plannedEnd'));
export type ProgrammeRegisteredDataV1 = {
  iatiIdentifier: string;
  title: string;
  description: string;
  reportingOrgId: string;
  recipientCountry: 'CN';
  locationName: string;
  sectors: { code: string; pct: number }[];
  budgetTotal: Money;
  plannedStart: string;
  plannedEnd: string;
};
/** What {@link ProgrammeRegisteredDataV1} takes in (a proposal's `data`). */
/** What {@link ProgrammeRegisteredDataV1} takes in (a proposal's `data`): any codelist country, given out as CN. */
export type ProgrammeRegisteredDataV1Input = Omit<ProgrammeRegisteredDataV1, 'recipientCountry'> & {
  recipientCountry: string;
};

/**
 * Records that a programme was registered: its IATI identity, scope, sectors, budget and planned dates, and its
 * configuration: `ktActivitiesTarget` is how many knowledge-transfer activities "several" means for this programme
 * (the R7 target, and what G3-C1 asks); without it, the workflow version's default (3, or 4 under programme@2).
 * Schema version 2; a version-1 payload is the same without the field ({@link upcastProgrammeRegisteredV1}).
 */
export const ProgrammeRegisteredData: Schema<ProgrammeRegisteredData, ProgrammeRegisteredDataInput> = exactly<
  ProgrammeRegisteredData,
  ProgrammeRegisteredDataInput
>()(
  refineDateOrder(
    strictObject({
      ...registration,
      ktActivitiesTarget: z
        .number()
        .int({ error: 'expected a whole number of knowledge-transfer activities' })
        .min(1, { error: 'expected at least 1 knowledge-transfer activity' })
        .max(1000, { error: 'expected at most 1000 knowledge-transfer activities' })
        .optional(),
    }),
    'plannedStart',
    'plannedEnd',
  ),
);
export type ProgrammeRegisteredData = ProgrammeRegisteredDataV1 & { ktActivitiesTarget?: number | undefined };
/** What {@link ProgrammeRegisteredData} takes in (a proposal's `data`). */
/** What {@link ProgrammeRegisteredData} takes in (a proposal's `data`). */
export type ProgrammeRegisteredDataInput = ProgrammeRegisteredDataV1Input & { ktActivitiesTarget?: number | undefined };

/** Returns a version-1 ProgrammeRegistered payload as version 2: the same facts, "several" left to the version. */
export function upcastProgrammeRegisteredV1(data: ProgrammeRegisteredDataV1): ProgrammeRegisteredData {
  return { ...data };
}

/** Schema version 1 of ProgrammeSuspended (until programme@2): the reason as free text only. */
export const ProgrammeSuspendedDataV1: Schema<ProgrammeSuspendedDataV1> = exactly<ProgrammeSuspendedDataV1>()(
  strictObject({
    reason: Text,
    decidedBy: orgRefSet('deciding participant id'),
    reviewDate: IsoDate,
  }),
);
export type ProgrammeSuspendedDataV1 = { reason: string; decidedBy: string[]; reviewDate: string };

/**
 * Why a programme is suspended, so that suspensions can be counted by cause across a portfolio. `unclassified` is
 * what a version-1 suspension, recorded before causes were asked for, is read as.
 */
export const SuspensionCategory: Schema<SuspensionCategory> = exactly<SuspensionCategory>()(
  z.enum(['funding', 'partner_request', 'political', 'force_majeure', 'other', 'unclassified']),
);
export type SuspensionCategory =
  'other' | 'funding' | 'partner_request' | 'political' | 'force_majeure' | 'unclassified';

/**
 * Records that the programme was suspended: why (in words and by category), by whom, and when the suspension is to
 * be reviewed. Schema version 2; version-1 payloads are lifted by {@link upcastProgrammeSuspendedV1}.
 */
export const ProgrammeSuspendedData: Schema<ProgrammeSuspendedData> = exactly<ProgrammeSuspendedData>()(
  strictObject({
    reason: Text,
    category: SuspensionCategory,
    decidedBy: orgRefSet('deciding participant id'),
    reviewDate: IsoDate,
  }),
);
export type ProgrammeSuspendedData = {
  reason: string;
  category: 'other' | 'funding' | 'partner_request' | 'political' | 'force_majeure' | 'unclassified';
  decidedBy: string[];
  reviewDate: string;
};

/** Returns a version-1 ProgrammeSuspended payload as version 2: the same facts, with the cause `unclassified`. Pure. */
export function upcastProgrammeSuspendedV1(data: ProgrammeSuspendedDataV1): ProgrammeSuspendedData {
  return { reason: data.reason, category: 'unclassified', decidedBy: data.decidedBy, reviewDate: data.reviewDate };
}

/** Records that a suspended programme was resumed, and by whom. */
export const ProgrammeResumedData: Schema<ProgrammeResumedData> = exactly<ProgrammeResumedData>()(
  strictObject({
    decidedBy: orgRefSet('deciding participant id'),
  }),
);
export type ProgrammeResumedData = { decidedBy: string[] };

/** Records that the programme was cancelled outside a gate, why, and by whom. */
export const ProgrammeCancelledData: Schema<ProgrammeCancelledData> = exactly<ProgrammeCancelledData>()(
  strictObject({
    reason: Text,
    decidedBy: orgRefSet('deciding participant id'),
  }),
);
export type ProgrammeCancelledData = { reason: string; decidedBy: string[] };

/** Records that the programme was closed, citing its final report document. */
export const ProgrammeClosedData: Schema<ProgrammeClosedData> = exactly<ProgrammeClosedData>()(
  strictObject({
    finalReportDocId: LocalId,
  }),
);
export type ProgrammeClosedData = { finalReportDocId: string };

const HttpUrl = z
  .string()
  .max(2000, { error: 'expected a URL of at most 2000 characters', abort: true })
  .pipe(z.httpUrl({ error: 'expected an http(s) URL' }));

const documentFields = {
  docId: LocalId,
  title: ShortText,
  category: DocumentCategoryCode,
  url: HttpUrl,
  date: IsoDate,
  language: LanguageCode,
};

/** Schema version 1 of DocumentLinked: no file format. */
export const DocumentLinkedDataV1: Schema<DocumentLinkedDataV1> = exactly<DocumentLinkedDataV1>()(
  strictObject(documentFields),
);
export type DocumentLinkedDataV1 = {
  docId: string;
  title: string;
  category: string;
  url: string;
  date: string;
  language: string;
};

/** A file format as IATI names it (its FileFormat codelist: IANA media types such as `application/pdf`). */
const FileFormat = z
  .string()
  .max(100, { error: 'expected a file format of at most 100 characters', abort: true })
  .refine((code) => isActiveCode('FileFormat', code), {
    error: (issue) =>
      `${codeProblem('FileFormat', String(issue.input))}: use a media type such as application/pdf or text/html`,
  });

/**
 * Records that a document (MoU text, minutes, gate record, report, web page) was linked to the programme, with its
 * file format (schema version 2; the IATI export needs it and says so for a link without one).
 */
export const DocumentLinkedData: Schema<DocumentLinkedData> = exactly<DocumentLinkedData>()(
  strictObject({ ...documentFields, format: FileFormat.optional() }),
);
export type DocumentLinkedData = DocumentLinkedDataV1 & { format?: string | undefined };

/** Returns a version-1 DocumentLinked payload as version 2: the same facts; its format stays unknown. Pure. */
export function upcastDocumentLinkedV1(data: DocumentLinkedDataV1): DocumentLinkedData {
  return { ...data };
}
