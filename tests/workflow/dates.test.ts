import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOf, isOnOrBefore, startOf } from '../../src/index.ts';
import { compareDates } from '../../src/workflow/dates.ts';
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

  it('gives the fast paths the same answers as comparing instants', () =>
    fc.assert(
      fc.property(day, fc.oneof(day, instant), (a, b) => {
        expect(isOnOrBefore(a, b)).toBe(startOf(a) <= endOf(b));
        expect(Math.sign(compareDates(a, b.slice(0, 10)))).toBe(Math.sign(startOf(a) - startOf(b.slice(0, 10))));
      }),
    ));
});
