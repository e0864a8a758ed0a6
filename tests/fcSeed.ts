/** The fast-check seed of this run: fixed unless FC_SEED says otherwise; printed in suite titles. */
export const fcSeed: number = process.env.FC_SEED === undefined ? 20_111_116 : Number(process.env.FC_SEED);

if (process.env.CI && Number.isNaN(fcSeed)) throw new Error('FC_SEED must be a number in CI');
