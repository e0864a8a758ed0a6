// A worker thread of `phasegate replay --jobs N` (README, "Command line"): it loads the CLI's workflows and replays
// one share (replayPart.ts), given as its first message. The built-in workflows (xstate and the machines) load while
// it waits: it may be started before the walk knows its streams (warmWorkers.ts).
import { parentPort } from 'node:worker_threads';
import { programmeVersions } from '../../machines/index.ts';
import { nextInput, servePart } from '../parallel/workerPool.ts';
import type { ReplayJob } from './replayJob.ts';
import { replayPart } from './replayPart.ts';
import { loadCliRegistry } from './workflowModules.ts';

const job = await nextInput<ReplayJob>(parentPort!);
const { registry } = await loadCliRegistry(job.cwd, job.workflows, programmeVersions);
await servePart(replayPart(registry), parentPort!, job);
