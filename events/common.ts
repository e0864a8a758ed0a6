import { z } from 'zod';
import { exactly, type Schema } from './schema.ts';
import { listCode, numericListCode, supportedNumericCode } from './codes.ts';

/**
 * Returns `z.strictObject(shape)` whose error for an unknown field names it and lists the fields expected.
 * Every payload object in the catalogue is built with it.
 */
export function strictObject<TShape extends z.core.$ZodLooseShape>(shape: TShape): z.ZodObject<TShape, z.core.$strict> {
  const expected = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unexpected field ${issue.keys.map((key) => `"${key}"`).join(', ')}: expected only ${expected}`
        : undefined,
  });
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function idString(what: string): z.ZodString {
  return z
    .string()
    .min(1, { error: `expected ${what}, got an empty string`, abort: true })
    .max(64, { error: `expected ${what} of at most 64 characters`, abort: true })
    .regex(ID_PATTERN, {
      error: `expected ${what}: letters, digits, '.', '_' or '-', starting with a letter or digit`,
    });
}

function textString(max: number): z.ZodString {
  return z
    .string()
    .trim()
    .min(1, { error: 'expected non-empty text' })
    .max(max, { error: `expected text of at most ${max} characters` });
}

/** A calendar date `YYYY-MM-DD` that exists (2011-02-30 is rejected). */
export const IsoDate: Schema<IsoDate> = exactly<IsoDate>()(
  z.iso.date({
    error: (issue) => (issue.code === 'invalid_type' ? undefined : 'expected a real calendar date as YYYY-MM-DD'),
  }),
);
export type IsoDate = string;

/** The id of a registered participant organisation. */
export const OrgRef: Schema<OrgRef> = exactly<OrgRef>()(idString('a participant id'));
export type OrgRef = string;

/** A programme-local id (meetingId, visitId, criterion id, condition id, ...). */
export const LocalId: Schema<LocalId> = exactly<LocalId>()(idString('a local id'));
export type LocalId = string;

/** The id of a recorded event, cited as evidence. */
export const EventId: Schema<EventId> = exactly<EventId>()(
  z
    .string()
    .min(1, { error: 'expected an event id, got an empty string', abort: true })
    .max(64, { error: 'expected an event id of at most 64 characters', abort: true })
    .regex(/^[A-Za-z0-9_-]+$/, { error: "expected an event id of letters, digits, '_' or '-'" }),
);
export type EventId = string;

/** An IATI activity or organisation identifier: no whitespace and none of `/ & | ?` (IATI 1.3.13). */
export const IatiIdentifier: Schema<IatiIdentifier> = exactly<IatiIdentifier>()(
  z
    .string()
    .min(1, { error: 'expected an IATI identifier, got an empty string', abort: true })
    .max(128, { error: 'expected an IATI identifier of at most 128 characters', abort: true })
    .regex(/^[^\s/&|?]+$/, { error: 'expected an IATI identifier without whitespace or any of / & | ?' }),
);
export type IatiIdentifier = string;

/** Free text: trimmed, non-empty, at most 2000 characters. */
export const Text: Schema<Text> = exactly<Text>()(textString(2000));
export type Text = string;

/** A short label or name: trimmed, non-empty, at most 200 characters. */
export const ShortText: Schema<ShortText> = exactly<ShortText>()(textString(200));
export type ShortText = string;

/** The side of the bilateral programme an organisation belongs to. */
export const Side: Schema<Side> = exactly<Side>()(z.enum(['NL', 'CN']));
export type Side = 'NL' | 'CN';

/** An ISO 4217 currency code, active in the IATI Currency codelist ("EUR", "CNY"). */
export const CurrencyCode: Schema<CurrencyCode> = exactly<CurrencyCode>()(listCode('Currency'));
export type CurrencyCode = string;

/** An amount of money in a currency of the IATI Currency codelist (a programme keeps one: see `programmeCurrency`). */
export const Money: Schema<Money> = exactly<Money>()(
  strictObject({
    amount: z.number().nonnegative({ error: 'expected an amount of 0 or more' }),
    currency: CurrencyCode,
  }),
);
export type Money = { amount: number; currency: string };

/** A named or titled person acting for a participant organisation. */
export const Person: Schema<Person> = exactly<Person>()(
  strictObject({
    name: ShortText.optional(),
    title: ShortText,
    orgId: OrgRef,
  }),
);
export type Person = { title: string; orgId: string; name?: string | undefined };

/** An active IATI 2.03 OrganisationType code (10 Government, 11 Local Government, 80 Academic, ...). */
export const OrgTypeCode: Schema<OrgTypeCode> = exactly<OrgTypeCode>()(numericListCode('OrganisationType'));
export type OrgTypeCode = number;

/** IATI 2.03 OrganisationRole: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing. */
export const IatiRole: Schema<IatiRole> = exactly<IatiRole>()(supportedNumericCode('OrganisationRole', [1, 2, 3, 4]));
export type IatiRole = 1 | 2 | 3 | 4;

/** An active IATI 2.03 DocumentCategory code (A01..A12 for an activity, B01..B18 at organisation level). */
export const DocumentCategoryCode: Schema<DocumentCategoryCode> = exactly<DocumentCategoryCode>()(
  listCode('DocumentCategory'),
);
export type DocumentCategoryCode = string;

type Key = string | number;

/**
 * Returns a `when` predicate for an object refinement: true when the input is an object whose `fields` are strings
 * no issue touches, so the refinement may read them even if other fields failed.
 */
export function whenFieldsParsed(fields: readonly Key[]): (payload: z.core.ParsePayload) => boolean {
  return (payload) => {
    const value = payload.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<Key, unknown>;
    return (
      fields.every((field) => typeof record[field] === 'string') &&
      !payload.issues.some((issue) => fields.includes(issue.path?.[0] as Key))
    );
  };
}

/**
 * Returns `schema` refined so that `value[startField] <= value[endField]` (ISO dates compare as strings).
 * The issue goes on `endField` with the message `must be on or after <startField> (<startValue>)`; it is
 * reported alongside other issues as long as both date fields parsed.
 */
export function refineDateOrder<
  TSchema extends z.ZodType<Record<TStart | TEnd, string>>,
  TStart extends string,
  TEnd extends string,
>(schema: TSchema, startField: TStart, endField: TEnd): TSchema {
  return schema.superRefine(
    (parsed, ctx) => {
      const value = parsed as Record<TStart | TEnd, string>;
      const start = value[startField];
      if (value[endField] < start) {
        ctx.addIssue({
          code: 'custom',
          path: [endField],
          message: `must be on or after ${startField} (${start})`,
          input: value[endField],
        });
      }
    },
    { when: whenFieldsParsed([startField, endField]) },
  );
}

/**
 * Returns a refinement that requires an array's items (or their `field`) to be distinct.
 * Each repeat gets an issue at its own index (and `field`) naming the duplicate.
 */
export function refineDistinct<TItem>(
  what: string,
  field?: keyof TItem & string,
): (items: readonly TItem[], ctx: z.RefinementCtx) => void {
  return (items, ctx) => {
    const seen = new Set<unknown>();
    items.forEach((item, index) => {
      const key = field === undefined ? item : item[field];
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: field === undefined ? [index] : [index, field],
          message: `duplicate ${what} "${String(key)}": each may appear only once`,
          input: key,
        });
      }
      seen.add(key);
    });
  };
}

/** An ISO 639-1 language code, active in the IATI Language codelist ("en", "zh"; "zh-Hans" is not one). */
export const LanguageCode: Schema<LanguageCode> = exactly<LanguageCode>()(listCode('Language'));
export type LanguageCode = string;

/** A DAC 5-digit purpose code, active in the IATI Sector codelist ("43030"; not any five digits). */
export const SectorCode: Schema<SectorCode> = exactly<SectorCode>()(listCode('Sector'));
export type SectorCode = string;

/** A list of distinct participant ids, by default with at least one. */
export function orgRefSet(what = 'participant id', min = 1): z.ZodArray<typeof OrgRef> {
  const list = z.array(OrgRef);
  return (min > 0 ? list.min(min, { error: `expected at least ${min} ${what}` }) : list).superRefine(
    refineDistinct(what),
  );
}
