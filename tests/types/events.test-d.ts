// The catalogue's payload types are written by hand (so the phasegate/programme entry passes isolatedDeclarations,
// tsconfig.isolated.json) and held to their schemas by exactly() (events/schema.ts). vitest checks this file with tsc:
// each expectTypeOf must hold, and each @ts-expect-error line must be an error.
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { ProposalOf } from '../../src/index.ts';
import { catalogue, type ProgrammeEventData } from '../../machines/index.ts';
import type { ProgrammeRegisteredData, RoleGrantedData } from '../../events/index.ts';
import { exactly, type Schema } from '../../events/schema.ts';

type Point = { x: number; label?: string | undefined };
const pointShape = { x: z.number(), label: z.string().optional() };

describe('exactly', () => {
  it('types a schema by a hand-written type that is its own', () => {
    expectTypeOf(exactly<Point>()(z.strictObject(pointShape))).toEqualTypeOf<Schema<Point>>();
  });

  it('does not compile when the hand-written type and the schema drift apart', () => {
    // @ts-expect-error a field the type has and the schema lacks
    exactly<Point & { y: number }>()(z.strictObject(pointShape));
    // @ts-expect-error a field the schema has and the type lacks
    exactly<Point>()(z.strictObject({ ...pointShape, y: z.number() }));
    // @ts-expect-error an optional field made required
    exactly<{ x: number; label: string }>()(z.strictObject(pointShape));
    // @ts-expect-error a wider input not declared as the input type
    exactly<{ n: number }>()(z.strictObject({ n: z.string().transform(Number) }));
    expectTypeOf(exactly<{ n: number }, { n: string }>()(z.strictObject({ n: z.string().transform(Number) }))).toEqualTypeOf<
      Schema<{ n: number }, { n: string }>
    >();
  });
});

describe('the catalogue typed by the hand-written payload types', () => {
  it('parses to them and takes proposals in as their schemas do', () => {
    expectTypeOf<ProgrammeEventData<'RoleGranted'>>().toEqualTypeOf<RoleGrantedData>();
    expectTypeOf<z.output<typeof catalogue.ProgrammeRegistered.schema>>().toEqualTypeOf<ProgrammeRegisteredData>();
    // recipientCountry is read from any codelist string and given out as 'CN'.
    expectTypeOf<ProgrammeRegisteredData['recipientCountry']>().toEqualTypeOf<'CN'>();
    type Registration = Extract<ProposalOf<typeof catalogue>, { type: 'ProgrammeRegistered' }>;
    expectTypeOf<Registration['data']['recipientCountry']>().toEqualTypeOf<string>();
  });
});
