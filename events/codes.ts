import { z } from 'zod';
import { codeName, codeProblem, type CodelistName } from '../src/iati/codelists.ts';

/**
 * Codes checked against the IATI 2.03 codelists (src/iati/codelists.ts), so that a payload carries only codes an
 * IATI export may publish, and a wrong one is refused with the list it was checked against named:
 * `data.language: "zh-Hans" is not a code of the IATI Language codelist`.
 */

/** Returns why `code` is not usable here: not in the list, withdrawn from it, or a code this workflow does not record. */
function problemOf(list: CodelistName, code: unknown, supported?: readonly (string | number)[]): string {
  if (typeof code !== 'string' && typeof code !== 'number') return `expected a code of the IATI ${list} codelist`;
  const problem = codeProblem(list, code);
  if (problem !== null) return problem;
  return (
    `${JSON.stringify(String(code))} (${codeName(list, code)}) is an IATI ${list} code this workflow does not record; ` +
    `expected ${(supported ?? []).join(', ')}`
  );
}

/**
 * Returns a schema for an active code of the IATI codelist `list`, given as a string (Sector "43030", Language
 * "en", Currency "EUR"). The message of a wrong code names the list.
 */
export function listCode(list: CodelistName): z.ZodString {
  return z
    .string({ error: `expected a code of the IATI ${list} codelist as a string` })
    .max(16, { error: `expected a code of the IATI ${list} codelist`, abort: true })
    .refine((code) => codeProblem(list, code) === null, { error: (issue) => problemOf(list, issue.input) });
}

/**
 * Returns a schema for one of `supported`, integer codes of the IATI codelist `list` that the workflow records
 * (TransactionType 1, 11, 2, 3, 4). A code outside the list and a listed code the workflow does not record get
 * different messages, both naming the list.
 */
export function supportedNumericCode<const TCode extends readonly [number, ...number[]]>(
  list: CodelistName,
  supported: TCode,
): z.ZodLiteral<TCode[number]> {
  return z.literal(supported, { error: (issue) => problemOf(list, issue.input, supported) });
}

/** Returns a schema for any active integer code of the IATI codelist `list` (OrganisationType 10, 11, 80, ...). */
export function numericListCode(list: CodelistName): z.ZodNumber {
  return z
    .number({ error: `expected a code of the IATI ${list} codelist as a number` })
    .int({ error: `expected a code of the IATI ${list} codelist as a whole number`, abort: true })
    .refine((code) => codeProblem(list, code) === null, { error: (issue) => problemOf(list, issue.input) });
}
