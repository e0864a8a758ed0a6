import type { z } from 'zod';

/**
 * A payload schema typed by its hand-written type: it parses to `T` and takes `TInput` in (`T` unless a field is read
 * from a wider form). Every exported schema of the catalogue is one, so the `phasegate/programme` entry's
 * declarations need no inference (`isolatedDeclarations`, tsconfig.isolated.json).
 */
export type Schema<T, TInput = T> = z.ZodType<T, TInput>;

/** `true` when each of A and B is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** What the argument must also be when a schema and its hand-written type differ: nothing a schema is. */
type Drifted<TSchema extends z.ZodType, T, TInput> =
  Same<z.output<TSchema>, T> extends true
    ? Same<z.input<TSchema>, TInput> extends true
      ? unknown
      : { readonly 'the schema takes in another type than the hand-written input type': z.input<TSchema> }
    : { readonly 'the schema parses to another type than the hand-written type': z.output<TSchema> };

/**
 * Returns a schema typed by its hand-written type, and does not compile when the schema's own inferred output (and
 * input) is not that type: the hand-written types can never drift from the schemas (tests/types/events.test-d.ts).
 * @example
 * export interface Money { amount: number; currency: string }
 * export const Money: Schema<Money> = exactly<Money>()(strictObject({ amount: z.number(), currency: CurrencyCode }));
 */
export function exactly<T, TInput = T>(): <TSchema extends z.ZodType>(
  schema: TSchema & Drifted<TSchema, T, TInput>,
) => Schema<T, TInput> {
  // Checked above: the schema's output and input are T and TInput, which is all Schema<T, TInput> says of it.
  return (schema) => schema as unknown as Schema<T, TInput>;
}
