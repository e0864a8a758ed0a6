// A worker thread of a verification spread over the cores (README, "Command line", `--jobs`): one share, verifyPart.
import { parentPort, workerData } from 'node:worker_threads';
import { servePart } from '../../parallel/workerPool.ts';
import { verifyPart } from './verifyPart.ts';
import type { VerifyJob } from './verifyJob.ts';

await servePart(verifyPart, parentPort!, workerData as VerifyJob);
