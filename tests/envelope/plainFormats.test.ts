/**
 * Verify's fast path checks the envelope's string formats character by character (plainFormats.ts) on a value read
 * in place from an ASCII line without escapes: on every such value each check must say what the contract's rule says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeRules, type StringField } from '../../src/envelope/contract.ts';
import { plainFormatChecks } from '../../src/envelope/plainFormats.ts';
import { fcSeed } from '../fcSeed.ts';

const fields = Object.keys(plainFormatChecks) as StringField[];
/** The printable ASCII characters but the quote and the backslash: what a value on a plain ASCII line is made of. */
const printable = [...Array(0x7f - 0x20).keys()]
  .map((i) => String.fromCharCode(0x20 + i))
  .filter((c) => c !== '"' && c !== '\\')
  .concat('\u007f');
const samples: Record<StringField, string[]> = {
  causationId: ['a', 'ev-1_x', 'x'.repeat(64)],
  correlationId: ['cor-9'],
  hash: ['0'.repeat(64), 'ab'.repeat(32)],
  id: ['ev0000000000000000001'],
  occurredAt: [
    '2011-07-01',
    '2011-07-01T09:00Z',
    '2011-07-01T09:00:00Z',
    '2011-07-01T09:00:00.123456789Z',
    '2011-07-01T09:00+08:00',
    '2011-07-01T09:00:00-0800',
    '2011-07-01T09:00:00.5+08',
  ],
  prev: ['f'.repeat(64)],
  recordedAt: ['2011-07-01T09:00:00Z', '2011-07-01T09:00:00.000Z', '2011-07-01T09:00:00.123456789Z'],
  stream: ['programme-1', 'lcz.refusals', 'x'.repeat(128)],
  type: ['NetworkMeetingHeld', 'a b/c:d', 'x'.repeat(64)],
  workflow: ['programme@2', 'a.b_c-d@123456789', `${'w'.repeat(64)}@1`],
};

/** A valid value edited: a character inserted, deleted or replaced (the near misses a regular expression must catch). */
const edited = (field: StringField) =>
  fc
    .tuple(
      fc.constantFrom(...samples[field]),
      fc.nat(),
      fc.constantFrom(...printable, ...'0123456789:.-+TZ@'),
      fc.constantFrom('insert', 'delete', 'replace'),
    )
    .map(([value, where, c, how]) => {
      const at = where % (value.length + 1);
      if (how === 'insert') return value.slice(0, at) + c + value.slice(at);
      if (how === 'delete') return value.slice(0, at) + value.slice(at + 1);
      return value.slice(0, at) + c + value.slice(at + 1);
    });

describe('the envelope formats, checked character by character (verify fast path)', () => {
  it.each(fields)('%s: the check says what the rule says, on any value a plain ASCII line can hold', (field) => {
    const check = plainFormatChecks[field];
    const value = fc.oneof(
      fc.constantFrom(...samples[field]),
      edited(field),
      fc.string({ unit: fc.constantFrom(...printable), maxLength: 140 }),
      fc.string({ unit: fc.constantFrom(...'0123456789-:.+TZ@a'), maxLength: 40 }),
    );
    fc.assert(
      fc.property(value, fc.nat(3), (text, pad) => {
        // In place, as on a line: the value between quotes, with other characters before and after it.
        const before = '{"x":'.slice(0, pad);
        const line = `${before}"${text}"${',"y":1}'.slice(0, pad)}`;
        const start = before.length + 1;
        expect(check(Buffer.from(line, 'latin1'), start, start + text.length)).toBe(
          envelopeRules[field]!(text) === null,
        );
      }),
      { numRuns: 3000, seed: fcSeed },
    );
  });

  it('accepts every sample and refuses the empty value', () => {
    for (const field of fields) {
      for (const value of samples[field])
        expect(plainFormatChecks[field](Buffer.from(value, 'latin1'), 0, value.length)).toBe(true);
      expect(plainFormatChecks[field](Buffer.alloc(0), 0, 0)).toBe(false);
    }
  });
});
