import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOf, isOnOrBefore, startOf } from '../../src/index.ts';
import { compareDates, isDateOnly } from '../../src/workflow/dates.ts';
import { fcSeed } from '../fcSeed.ts';

const day = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const instant = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

describe(`dates (seed ${fcSeed})`, () => {
  it('reads a bare date as the whole UTC day', () => {
    expect(isOnOrBefore('2012-06-14', '2012-06-14T00:00:00.000Z')).toBe(true);
    expect(isOnOrBefore('2012-06-15', '2012-06-14T23:59:59.999Z')).toBe(false);
    expect(isOnOrBefore('2012-06-14T10:00:00+08:00', '2012-06-14')).toBe(true);
    expect(endOf('2012-06-14') - startOf('2012-06-14')).toBe(86_399_999);
  });

  it('answers the same for a date or instant asked again as for one asked first', () => {
    // dates.ts remembers the last date and the last instant that passed; a near miss after either is still refused.
    for (let round = 0; round < 2; round++) {
      expect(isDateOnly('2012-06-14')).toBe(true);
      expect(isDateOnly('2012-06-1x')).toBe(false);
      expect(isDateOnly('2012-06-14T00:00:00Z')).toBe(false);
      expect(isOnOrBefore('2012-06-14', '2012-06-14T08:00:00.000Z')).toBe(true);
      expect(isOnOrBefore('2012-06-15', '2012-06-14T08:00:00.000Z')).toBe(false);
      expect(isOnOrBefore('2012-06-14', '2012-06-14T08:00:00.000+01:00')).toBe(true);
      expect(isOnOrBefore('2012-06-14', '2012-06-14T00:30:00.000+01:00')).toBe(false);
    }
  });

  it('gives the fast paths the same answers as comparing instants', () =>
    fc.assert(
      fc.property(day, fc.oneof(day, instant), (a, b) => {
        expect(isOnOrBefore(a, b)).toBe(startOf(a) <= endOf(b));
        expect(Math.sign(compareDates(a, b.slice(0, 10)))).toBe(Math.sign(startOf(a) - startOf(b.slice(0, 10))));
      }),
    ));

  it('reads the shapes as the regular expressions they replace, whatever the text', () => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
    const utcInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
    /** isOnOrBefore as it was written with the regular expressions. */
    const reference = (a: string, b: string) =>
      dateOnly.test(a) && (dateOnly.test(b) || utcInstant.test(b)) ? a <= b.slice(0, 10) : startOf(a) <= endOf(b);
    // Valid dates and instants with one character replaced, cut or added: every near miss of each shape.
    const char = fc.constantFrom('0', '9', '-', 'T', ':', '.', 'Z', 'z', ' ', '/', '\n', '\u0660');
    const nearMiss = fc
      .tuple(
        fc.oneof(
          day,
          instant,
          instant.map((t) => t.replace('.000', '')),
          instant.map((t) => t.replace('.000', '.5')),
          instant.map((t) => t.replace('.000', '.')),
        ),
        fc.nat(30),
        char,
        fc.nat(3),
      )
      .map(([text, at, c, how]) =>
        how === 0
          ? text
          : how === 1
            ? text.slice(0, at) + c + text.slice(at + 1)
            : how === 2
              ? text.slice(0, at)
              : text.slice(0, at) + c + text.slice(at),
      );
    fc.assert(
      fc.property(nearMiss, fc.oneof(nearMiss, day), (a, b) => {
        expect(isDateOnly(b)).toBe(dateOnly.test(b));
        expect(isOnOrBefore(a, b)).toBe(reference(a, b));
        expect(isOnOrBefore(b, a)).toBe(reference(b, a));
      }),
      { numRuns: 5000 },
    );
  });
});
