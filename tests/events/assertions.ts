import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

type Path = readonly PropertyKey[];

/** Returns the issues `schema` reports for `input`; fails the test if the input parses. */
export function issuesOf(schema: z.ZodType, input: unknown): z.core.$ZodIssue[] {
  const result = schema.safeParse(input);
  expect(result.success, `expected a rejection of ${JSON.stringify(input)}`).toBe(false);
  return result.error?.issues ?? [];
}

/** Asserts that `schema` rejects `input` with an issue at exactly `path` whose message matches `message`. */
export function expectRejected(schema: z.ZodType, input: unknown, path: Path, message: RegExp): void {
  const issues = issuesOf(schema, input);
  const issue = issues.find((candidate) => JSON.stringify(candidate.path) === JSON.stringify(path));
  expect(issue, `no issue at ${JSON.stringify(path)} among ${JSON.stringify(issues)}`).toBeDefined();
  expect(issue?.message).toMatch(message);
}

/** Asserts that `schema` accepts `input` unchanged. */
export function expectAccepted(schema: z.ZodType, input: unknown): void {
  const result = schema.safeParse(input);
  expect(result.error?.issues ?? []).toEqual([]);
  expect(result.data).toEqual(input);
}

/** Returns a copy of `value` without `field`. */
export function without(value: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _dropped, ...rest } = value;
  return rest;
}

export interface RejectionSpec {
  /** A required top-level field. */
  readonly required: string;
  /** A field, a value of the wrong type for it, and what the message must say. */
  readonly wrongType: readonly [field: string, value: unknown, message: RegExp];
  /** A top-level date field, if the payload has one. */
  readonly date?: string;
  /** A start/end pair of top-level date fields, if the payload has one. */
  readonly order?: readonly [start: string, end: string];
}

/**
 * Declares the rejection cases every payload schema shares: a missing field, an extra field, a wrong type, an
 * impossible date and (where the payload has one) a start after its end.
 */
export function describeRejections(
  type: string,
  schema: z.ZodType,
  valid: Record<string, unknown>,
  spec: RejectionSpec,
): void {
  describe(`${type} payload`, () => {
    it(`rejects a payload without ${spec.required}`, () => {
      expectRejected(schema, without(valid, spec.required), [spec.required], /expected/);
    });

    it('rejects an unknown field and names the fields expected', () => {
      const [issue] = issuesOf(schema, { ...valid, remarks: 'not in the contract' });
      expect(issue).toMatchObject({ code: 'unrecognized_keys', keys: ['remarks'], path: [] });
      expect(issue?.message).toMatch(new RegExp(`unexpected field "remarks": expected only .*${spec.required}`));
    });

    it(`rejects a value of the wrong type for ${spec.wrongType[0]}`, () => {
      const [field, value, message] = spec.wrongType;
      expectRejected(schema, { ...valid, [field]: value }, [field], message);
    });

    const { date, order } = spec;
    if (date !== undefined) {
      it(`rejects an impossible calendar date in ${date}`, () => {
        const impossible = { ...valid, [date]: '2011-02-30' };
        expectRejected(schema, impossible, [date], /expected a real calendar date as YYYY-MM-DD/);
      });
    }

    if (order !== undefined) {
      const [start, end] = order;
      it(`rejects ${end} before ${start}`, () => {
        const startValue = valid[start] as string;
        expectRejected(
          schema,
          { ...valid, [end]: '2010-01-01' },
          [end],
          new RegExp(`^must be on or after ${start} \\(${startValue}\\)$`),
        );
      });

      it(`accepts ${end} equal to ${start}`, () => {
        expect(schema.safeParse({ ...valid, [end]: valid[start] }).success).toBe(true);
      });
    }
  });
}
