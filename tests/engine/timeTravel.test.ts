import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError, createEngine, createMemoryEventStore, type Engine } from '../../src/index.ts';
import { programmeVersions } from '../../machines/index.ts';
import { createDayClock, seedProposals, type TestProposal } from '../support/lifecycle.ts';

/**
 * The seed timeline up to the G1 decision, recorded the way it happens: most facts on the day, but the network
 * meeting of 2011-07-21 entered only on 2011-08-15 (after the visit planned on 2011-08-10 was recorded), and the
 * expert meeting given as a date-time in Shenzhen's zone, at 01:30 on 17 November local time (16 November in UTC).
 */
const seed = seedProposals();
const meeting = seed.find((p) => p.id === 'lcz-05-network-meeting')!;
const visitPlanned = seed.find((p) => p.id === 'lcz-06-visit-planned')!;
const expertMeeting = seed.find((p) => p.id === 'lcz-10-expert-meeting')!;
const history: Array<{ proposal: TestProposal; recordedOn?: string }> = seed
  .slice(0, seed.findIndex((p) => p.id === 'lcz-12-g1-decision') + 1)
  .flatMap((proposal) => {
    if (proposal === meeting) return [];
    if (proposal === visitPlanned) return [{ proposal }, { proposal: meeting, recordedOn: '2011-08-15' }];
    if (proposal === expertMeeting) return [{ proposal: { ...proposal, occurredAt: '2011-11-17T01:30:00+08:00' } }];
    return [{ proposal }];
  });

let engine: Engine;
const seqOf = (id: string) => history.findIndex((h) => h.proposal.id === id) + 1;

beforeAll(async () => {
  const days = createDayClock();
  engine = createEngine({ workflows: [...programmeVersions], store: createMemoryEventStore(), clock: days.clock });
  for (const { proposal, recordedOn } of history) {
    days.at(recordedOn ?? proposal.occurredAt);
    await engine.record('lcz', proposal);
  }
});

describe('time travel, bitemporal', () => {
  it('records the back-dated meeting after the visit that was recorded before it', () => {
    expect(seqOf('lcz-05-network-meeting')).toBe(seqOf('lcz-06-visit-planned') + 1);
  });

  it('as of a date: the longest prefix whose events all occurred by then, so a back-dated fact waits for the facts recorded before it', async () => {
    const july = await engine.stateAt('lcz', { asOf: '2011-07-31' });
    expect(july.seq).toBe(seqOf('lcz-06-visit-planned') - 1);
    const august = await engine.stateAt('lcz', { asOf: '2011-08-12' });
    expect(august.seq).toBe(seqOf('lcz-05-network-meeting'));
  });

  it('known at a time: only what had been recorded by then, whatever its occurredAt', async () => {
    const before = await engine.stateAt('lcz', { knownAt: '2011-08-12T00:00:00Z' });
    expect(before.seq).toBe(seqOf('lcz-06-visit-planned'));
    const after = await engine.stateAt('lcz', { knownAt: '2011-08-15' });
    expect(after.seq).toBe(seqOf('lcz-05-network-meeting'));
  });

  it('as of and known at part ways exactly on the back-dated fact', async () => {
    const asOf = await engine.stateAt('lcz', { asOf: '2011-08-14' });
    const knownAt = await engine.stateAt('lcz', { knownAt: '2011-08-14' });
    expect(asOf.seq - knownAt.seq).toBe(1);
    expect(asOf.state).toBe('feasibility.active');
  });

  it('reads a date-time with a zone at its instant, and a bare date as a UTC day', async () => {
    const justBefore = await engine.stateAt('lcz', { asOf: '2011-11-16T17:29:59Z' });
    expect(justBefore.seq).toBe(seqOf('lcz-10-expert-meeting') - 1);
    expect(justBefore.state).toBe('feasibility.gate');
    const atIt = await engine.stateAt('lcz', { asOf: '2011-11-17T01:30:00+08:00' });
    expect(atIt.seq).toBeGreaterThanOrEqual(seqOf('lcz-10-expert-meeting'));
    const utcDay = await engine.stateAt('lcz', { asOf: '2011-11-16' });
    expect(utcDay).toMatchObject({ seq: seqOf('lcz-12-g1-decision'), state: 'development.active' });
  });

  it('after event N, and before the first event', async () => {
    expect(await engine.stateAt('lcz', { seq: seqOf('lcz-09-g1-review') })).toMatchObject({
      state: 'feasibility.gate',
      seq: seqOf('lcz-09-g1-review'),
    });
    expect(await engine.stateAt('lcz', { asOf: '2010-01-01' })).toMatchObject({ seq: 0, state: 'unregistered' });
    expect(await engine.stateAt('lcz', { knownAt: '2011-07-01T17:59:59Z' })).toMatchObject({ seq: 0 });
  });

  it('equals the state at the head when the point is after the last event, whichever the coordinate', async () => {
    const head = await engine.state('lcz');
    for (const at of [{ asOf: '2030-01-01' }, { knownAt: '2030-01-01T00:00:00Z' }, { seq: head.seq }]) {
      const then = await engine.stateAt('lcz', at);
      expect({ seq: then.seq, state: then.state, context: then.context }).toEqual({
        seq: head.seq,
        state: head.state,
        context: head.context,
      });
    }
    expect(head.state).toBe('development.active');
  });

  it.each([
    [{ asOf: '2011-02-30' }, /not an ISO 8601 date/],
    [{ knownAt: '2011-13-01T00:00:00Z' }, /not an ISO 8601 date/],
    [{ asOf: 'last tuesday' }, /not an ISO 8601 date/],
    [{ seq: -1 }, /whole number/],
    [{ seq: 1000 }, /there is no seq 1000/],
  ])('refuses the point %j', async (at, message) => {
    await expect(engine.stateAt('lcz', at as never)).rejects.toThrow(InvalidInputError);
    await expect(engine.stateAt('lcz', at as never)).rejects.toThrow(message);
  });
});
