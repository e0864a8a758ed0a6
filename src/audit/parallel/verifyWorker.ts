// A worker thread of a verification spread over the cores (README, "Command line", `--jobs`): one share, verifyPart,
// given as its first message (it may be started before the walk knows its streams: warmWorkers.ts).
import { parentPort } from 'node:worker_threads';
import { nextInput, servePart } from '../../parallel/workerPool.ts';
import { verifyPart } from './verifyPart.ts';
import type { VerifyJob } from './verifyJob.ts';

await servePart(verifyPart, parentPort!, await nextInput<VerifyJob>(parentPort!));
