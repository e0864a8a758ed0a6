// A worker thread of `phasegate replay --jobs N` (README, "Command line"): it loads the CLI's workflows and replays
// one share (replayPart.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { programmeVersions } from '../../machines/index.ts';
import { servePart } from '../parallel/workerPool.ts';
import type { ReplayJob } from './replayJob.ts';
import { replayPart } from './replayPart.ts';
import { loadCliRegistry } from './workflowModules.ts';

const job = workerData as ReplayJob;
const { registry } = await loadCliRegistry(job.cwd, job.workflows, programmeVersions);
await servePart(replayPart(registry), parentPort!, job);
