import { describe } from 'vitest';
import { programme } from '../../machines/index.ts';
import { factGuardCases } from './factGuardCases.ts';
import { itChecksGuard } from './guardCase.ts';

describe('programme@1 fact guards: each accepts its allowed case and refuses with its reason', () => {
  for (const c of factGuardCases) itChecksGuard(programme, c);
});
