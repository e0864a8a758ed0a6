import { activityCases } from './factGuards.activity.ts';
import { recordCases } from './factGuards.records.ts';
import { ruleCases } from './factGuards.rules.ts';
import type { GuardCase } from './guardCase.ts';

/** An accepted and a refused case for each fact rule of the programme machine. */
export const factGuardCases: GuardCase[] = [...activityCases, ...recordCases, ...ruleCases];
