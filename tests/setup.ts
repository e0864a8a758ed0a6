import fc from 'fast-check';
import { fcSeed } from './fcSeed.ts';

// One pinned seed for every property in the run, so a failure replays exactly (FC_SEED=<n> npm test).
fc.configureGlobal({ seed: fcSeed, numRuns: Number(process.env.FC_RUNS ?? 100) });
