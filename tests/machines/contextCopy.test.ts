/**
 * evolve builds the next context from a copy of the last one (machines/contextCopy.ts: one object literal when the
 * context has the usual keys, a spread otherwise). Whatever the context's shape (the usual keys, keys added later,
 * symbol keys, an own `__proto__`, non-enumerable keys, inherited keys (one of them a usual key), a getter, another
 * key order, a key missing, an integer key), the next context has the prototype, own keys in order and property
 * descriptors that spreading it gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyContext,
  evolve,
  IdMap,
  type ProgrammeContext,
  type ProgrammeMachineEvent,
} from '../../machines/index.ts';
import { fcSeed } from '../fcSeed.ts';
import { shape } from '../fixtures/objectShape.ts';

const marker = Symbol('marker');
const registered: ProgrammeContext = {
  ...emptyContext,
  programme: { title: 'LCZ', reportingOrgId: 'eli', currency: 'EUR', budgetTotal: 100 },
  phaseEnteredOn: '2011-01-01',
};

/** The context, given a twist that makes it unusual (0: none). */
function twisted(twist: number): ProgrammeContext {
  const c: Record<string | symbol, unknown> = { ...registered };
  switch (twist) {
    case 1:
      return { ...registered, transactions: IdMap.empty<number>(), roles: {} };
    case 2:
      c[marker] = 'kept';
      return c as ProgrammeContext;
    case 3:
      return Object.defineProperty(c, '__proto__', {
        value: 1,
        enumerable: true,
        writable: true,
        configurable: true,
      }) as ProgrammeContext;
    case 4:
      return Object.defineProperty(c, 'hidden', { value: 1, enumerable: false }) as ProgrammeContext;
    case 5:
      return Object.assign(Object.create({ inherited: 1 }) as object, registered);
    case 6:
      return Object.fromEntries(Object.entries(registered).reverse()) as ProgrammeContext;
    case 7:
      delete c.nextGate;
      return c as ProgrammeContext;
    case 8:
      return { ...registered, 0: 'zero' } as ProgrammeContext;
    case 9:
      return Object.defineProperty(c, 'nextGate', { get: () => 'G2', enumerable: true }) as ProgrammeContext;
    case 10:
      // The last usual key is inherited, not own.
      delete c.nextGate;
      return Object.assign(Object.create({ nextGate: null }) as object, c) as ProgrammeContext;
    default:
      return registered;
  }
}

const suspended = {
  type: 'ProgrammeSuspended',
  id: 'e1',
  occurredAt: '2011-07-21',
  data: { reason: 'r', category: 'political', decidedBy: ['eli'], reviewDate: '2011-08-01' },
} as unknown as ProgrammeMachineEvent;
const expertMeeting = {
  type: 'ExpertMeetingHeld',
  id: 'e2',
  occurredAt: '2011-07-22',
  data: {},
} as unknown as ProgrammeMachineEvent;

describe(`evolve's copy of the context (seed ${fcSeed})`, () => {
  it('gives what spreading the context and setting the changed fields gives, whatever its shape', () =>
    fc.assert(
      fc.property(fc.nat(10), fc.nat(10), (first, second) => {
        // Two events in a row: the second starts from the first's result (the copy evolve made last), or from
        // another twisted context.
        const before = twisted(first);
        const after = evolve(before, suspended);
        expect(shape(after)).toEqual(shape({ ...before, phaseEnteredOn: '2011-07-21' }));
        const start = second % 2 === 0 ? after : twisted(second);
        const next = evolve(start, expertMeeting);
        const expected = {
          ...{ ...start, expertMeetings: start.expertMeetings + 1 },
          evidence: IdMap.from(start.evidence).with('e2', 'ExpertMeetingHeld'),
        };
        expect(shape(next)).toEqual(shape(expected));
        expect(before).toEqual(twisted(first));
      }),
      { seed: fcSeed, numRuns: 200 },
    ));

  it('copies a context that has the usual keys into a new object, leaving it as it was', () => {
    const after = evolve(registered, suspended);
    expect(after).not.toBe(registered);
    expect(registered.phaseEnteredOn).toBe('2011-01-01');
    expect(Object.keys(after)).toEqual(Object.keys(emptyContext));
  });
});
