import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { programmeV2, programmeV3, programmeVersions } from '../../machines/index.ts';
import { maxAmount } from '../../machines/amounts.ts';
import { createEngine, RefusedError, type EventStore } from '../../src/index.ts';
import { openSqliteEventStore } from '../../src/store/sqliteEventStore.ts';
import { byFinance, seedProposal, setUp, variant, type SeedProposal } from '../fixtures/lcz.ts';
import { tempDir } from '../support/cli.ts';
import { fcSeed } from '../fcSeed.ts';

/**
 * Money at the extremes (README, "Facts the domain refuses"): a snapshot cached in a SQLite store plus the tail equals
 * the full replay (what `state` and `state --at-seq` show) for amounts up to 1.7e308, under programme@2 (unbounded,
 * as its logs were kept) and programme@3 (exact to the cent and bounded by 10^13, an overflowing total refused).
 */
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = () => new Date('2026-01-01T00:00:00Z');
let runs = 0;

const extreme = fc.oneof(
  fc.constantFrom(1.7e308, Number.MAX_VALUE, maxAmount, maxAmount - 0.01, maxAmount + 0.01, 0.1, 0.2, 0.3, 0, 1e-7),
  fc.integer({ min: 0, max: 2 ** 53 - 1 }).map((minor) => minor / 100),
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }),
);
const transaction = fc.record({ iatiType: fc.constantFrom(2, 11, 3, 4), amount: extreme });
const history = fc.record({
  budget: fc.constantFrom(1.7e308, maxAmount, 150_000, 0.3),
  txs: fc.array(transaction, { maxLength: 12 }),
  cut: fc.nat(),
});

const tx = (n: number, t: { iatiType: number; amount: number }): SeedProposal =>
  byFinance('FinancialTransactionRecorded', '2011-07-06', {
    txId: `tx-${n}`,
    iatiType: t.iatiType,
    date: '2011-07-06',
    value: { amount: t.amount, currency: 'EUR' },
    providerOrgId: 'nl-agency',
    receiverOrgId: 'twa-guangzhou',
  });

/** Records a proposal; a refusal (over budget, over the bound) is part of the history and stores nothing. */
async function offer(store: EventStore, proposals: readonly SeedProposal[], workflow: string): Promise<void> {
  const engine = createEngine({ workflows: [...programmeVersions], store, clock });
  try {
    await engine.recordBatch('p', proposals as never[], { workflow });
  } catch (error) {
    if (!(error instanceof RefusedError)) throw error;
  }
}

/** JSON in which Infinity stays visible (JSON.stringify would print null for it and for a lost total alike). */
const exact = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));

describe(`amounts at the extremes (seed ${fcSeed})`, () => {
  it.each([
    ['programme@2', programmeV2],
    ['programme@3', programmeV3],
  ] as const)(
    '%s: a cached snapshot plus the tail equals the full replay',
    async (_name, workflow) => {
      await fc.assert(
        fc.asyncProperty(history, async ({ budget, txs, cut }) => {
          const store = await openSqliteEventStore(join(dir, `p-${runs++}.db`));
          try {
            const registration = variant(seedProposal('01-registered'), {
              budgetTotal: { amount: budget, currency: 'EUR' },
            });
            await offer(store, [registration, ...setUp.slice(1)], workflow.ref);
            const at = cut % (txs.length + 1);
            for (const [i, t] of txs.slice(0, at).entries()) await offer(store, [tx(i, t)], workflow.ref);
            // A reader caches a snapshot here, as `state` does every so many events.
            await createEngine({ workflows: [...programmeVersions], store, clock, snapshotEvery: 1 })
              .state('p')
              .catch(() => null);
            for (const [i, t] of txs.slice(at).entries()) await offer(store, [tx(at + i, t)], workflow.ref);
            const head = await store.head('p');
            if (head === null) return;
            const cached = await createEngine({ workflows: [...programmeVersions], store, clock }).state('p');
            const replayed = await createEngine({ workflows: [...programmeVersions], store, clock }).stateAt('p', {
              seq: head.seq,
            });
            expect(exact(cached.context)).toBe(exact(replayed.context));
            expect(cached.value).toEqual(replayed.value);
            if (workflow === programmeV3) {
              const { committed, incoming, paid } = replayed.context.finance as {
                committed: number;
                incoming: number;
                paid: number;
              };
              for (const total of [committed, incoming, paid]) {
                expect(total).toBeLessThanOrEqual(maxAmount);
                expect(Math.round(total * 100) / 100).toBe(total);
              }
            }
          } finally {
            await store.close();
          }
        }),
        {
          numRuns: 30,
          // The case: two incoming commitments of 1.7e308 (their sum overflows), cached after both or between.
          examples: [
            [
              {
                budget: 1.7e308,
                txs: [
                  { iatiType: 11, amount: 1.7e308 },
                  { iatiType: 11, amount: 1.7e308 },
                ],
                cut: 2,
              },
            ],
            [
              {
                budget: 1.7e308,
                txs: [
                  { iatiType: 11, amount: 1.7e308 },
                  { iatiType: 11, amount: 1.7e308 },
                  { iatiType: 11, amount: 1 },
                ],
                cut: 2,
              },
            ],
            [
              {
                budget: maxAmount,
                txs: [
                  { iatiType: 2, amount: 0.1 },
                  { iatiType: 2, amount: 0.2 },
                ],
                cut: 1,
              },
            ],
          ],
        },
      );
    },
    120_000,
  );
});
