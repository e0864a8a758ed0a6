import { eventIdFormat, streamIdFormat } from '../ids.ts';

/**
 * The envelope contract (README "Event envelope"): the exact fields a stored event may have, each with its type and
 * format. Everything that reads stored events judges them here: every store's reader, `verify` (its fast path checks
 * the same rules on the line's bytes) and `import`. A field outside this list (`__proto__`, `constructor`, anything
 * else) is refused, and so is a `__proto__` or `constructor` key anywhere inside the event: the engine never writes
 * one, so a line holding one was not written by it, however well its chain re-hashes.
 */

/** What a stored event's field holds; returns what is wrong with a value, or null when it fits. */
export type FieldRule = (value: unknown) => string | null;

/**
 * The string fields' formats, as regular expression bodies: what characters, how many. None of them can hold a quote,
 * a backslash or a control character, so on a line without escapes each value is its bytes as they stand, which is
 * how verify's fast path checks them (character by character, plainFormats.ts, held to these by a property test).
 */
const stringFormats: Readonly<Record<StringField, readonly [format: string, expected: string]>> = {
  causationId: [eventIdFormat, 'up to 64 url-safe characters'],
  correlationId: [eventIdFormat, 'up to 64 url-safe characters'],
  hash: ['[0-9a-f]{64}', '64 lowercase hex digits'],
  id: [eventIdFormat, 'an event id of up to 64 url-safe characters'],
  occurredAt: [
    '\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?))?',
    'an ISO 8601 date or date-time with a zone',
  ],
  prev: ['[0-9a-f]{64}', '64 lowercase hex digits'],
  recordedAt: [
    '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z',
    'a UTC instant such as 2011-07-01T09:00:00.000Z',
  ],
  stream: [streamIdFormat, 'a stream id ([A-Za-z0-9._-], 1 to 128 characters)'],
  type: [
    '[^"\\\\\\u0000-\\u001f]{1,64}',
    'an event type of 1 to 64 characters (no quote, backslash or control character)',
  ],
  workflow: ['[A-Za-z0-9._-]{1,64}@[1-9]\\d{0,8}', 'a workflow ref such as programme@2'],
};

/** A string field of the envelope. */
export type StringField =
  | 'causationId'
  | 'correlationId'
  | 'hash'
  | 'id'
  | 'occurredAt'
  | 'prev'
  | 'recordedAt'
  | 'stream'
  | 'type'
  | 'workflow';

const formatRule = ([format, expected]: readonly [string, string]): FieldRule => {
  const pattern = new RegExp(`^(?:${format})$`);
  return (value) => (typeof value === 'string' && pattern.test(value) ? null : `expected ${expected}`);
};

const wholeFrom1: FieldRule = (value) =>
  Number.isSafeInteger(value) && (value as number) >= 1 ? null : 'expected a whole number >= 1';
const plainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns what keeps `value` from being an object with exactly `keys` (all strings), or null. */
function stringsObject(value: unknown, keys: readonly string[], expected: string): string | null {
  if (!plainObject(value)) return `expected ${expected}`;
  const own = Object.keys(value);
  const extra = own.find((key) => !keys.includes(key));
  if (extra !== undefined) return `has the field "${extra}", which is not part of it (${expected})`;
  const bad = keys.find((key) => typeof value[key] !== 'string');
  return bad === undefined ? null : `expected ${expected}`;
}

/** Each envelope field and its rule, in canonical (RFC 8785) key order: the order of a stored line's members. */
export const envelopeRules: Readonly<Record<string, FieldRule>> = {
  actor: (value) => stringsObject(value, ['id', 'role'], '{ id, role } as strings'),
  causationId: formatRule(stringFormats.causationId),
  correlationId: formatRule(stringFormats.correlationId),
  data: (value) => (plainObject(value) ? null : 'expected a JSON object'),
  hash: formatRule(stringFormats.hash),
  id: formatRule(stringFormats.id),
  occurredAt: formatRule(stringFormats.occurredAt),
  prev: formatRule(stringFormats.prev),
  recordedAt: formatRule(stringFormats.recordedAt),
  schema: wholeFrom1,
  seq: wholeFrom1,
  sig: (value) => {
    const shape = stringsObject(value, ['alg', 'keyId', 'value'], '{ keyId, alg: "ed25519", value }');
    return shape ?? ((value as { alg: string }).alg === 'ed25519' ? null : 'expected alg "ed25519"');
  },
  stream: formatRule(stringFormats.stream),
  type: formatRule(stringFormats.type),
  workflow: formatRule(stringFormats.workflow),
};

/** The envelope's fields in canonical key order. */
export const envelopeFields: readonly string[] = Object.keys(envelopeRules);

/** The fields every envelope has (the others, `causationId`, `correlationId` and `sig`, are optional). */
export const requiredEnvelopeFields: ReadonlySet<string> = new Set(
  envelopeFields.filter((field) => field !== 'causationId' && field !== 'correlationId' && field !== 'sig'),
);

/** Keys refused anywhere in a stored event (prototype pollution), as `assertSafeJson` refuses them in a proposal. */
export const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor']);

/** A breach of the envelope contract: the field (a dotted path for a nested key) and what is wrong with it. */
export type EnvelopeProblem = { readonly field: string; readonly message: string };

/**
 * Returns the first breach of the envelope contract in `value` (a parsed stored event), or null when it is an
 * envelope the engine could have written: a JSON object with every required field, no field outside the contract,
 * each field of its type and format, and no `__proto__` or `constructor` key anywhere inside. Pure.
 */
export function envelopeProblem(value: unknown): EnvelopeProblem | null {
  if (!plainObject(value)) return { field: '(root)', message: 'is not a JSON object' };
  for (const field of Object.keys(value)) {
    if (!Object.hasOwn(envelopeRules, field)) {
      return { field, message: `the field "${field}" is not part of the event envelope` };
    }
  }
  for (const field of envelopeFields) {
    const present = Object.hasOwn(value, field);
    if (!present) {
      if (requiredEnvelopeFields.has(field)) return { field, message: `the field "${field}" is missing` };
      continue;
    }
    const wrong = envelopeRules[field]!(value[field]);
    if (wrong !== null) return { field, message: `the field "${field}": ${wrong}` };
  }
  const nested = forbiddenKeyIn(value.data, 'data');
  return nested === null ? null : { field: nested, message: `the key "${nested}" is refused (prototype pollution)` };
}

/** Returns the path of the first `__proto__` or `constructor` key inside a JSON value, or null. */
function forbiddenKeyIn(node: unknown, path: string): string | null {
  if (typeof node !== 'object' || node === null) return null;
  if (Array.isArray(node)) {
    // Stryker disable next-line EqualityOperator: equivalent; one step past the end reads undefined, which holds no key
    for (let i = 0; i < node.length; i++) {
      const found = forbiddenKeyIn(node[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const key of Object.keys(node)) {
    if (forbiddenKeys.has(key)) return `${path}.${key}`;
    const found = forbiddenKeyIn((node as Record<string, unknown>)[key], `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Returns a breach as one phrase naming the seq and the field:
 * `seq 7: the field "constructor" is not part of the event envelope`.
 */
export function describeEnvelopeProblem(problem: EnvelopeProblem, value: unknown): string {
  const seq = plainObject(value) && Number.isSafeInteger(value.seq) ? `seq ${value.seq as number}: ` : '';
  return `${seq}${problem.message}`;
}
