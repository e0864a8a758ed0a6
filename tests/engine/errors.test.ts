import { describe, expect, it } from 'vitest';
import { isVersionConflictError, openStore, StoreNotFoundError, VersionConflictError } from '../../src/index.ts';
import * as api from '../../src/index.ts';
import { tempDir } from '../support/cli.ts';
import { join } from 'node:path';

describe('errors as the library gives them', () => {
  it('tells a version conflict by its code, whichever copy of the module threw it', () => {
    expect(isVersionConflictError(new VersionConflictError('s', 1, 2))).toBe(true);
    // What another copy of phasegate (another class) throws: only the code is shared.
    const fromAnotherCopy = Object.assign(new Error('conflict'), { code: 'VERSION_CONFLICT' });
    expect(isVersionConflictError(fromAnotherCopy)).toBe(true);
    expect(isVersionConflictError({ code: 'STORE' })).toBe(false);
    expect(isVersionConflictError(null)).toBe(false);
  });

  it('speaks API, not CLI: no exit codes exported, a missing store names openStore(url, { create: true })', async () => {
    expect('exitCodes' in api).toBe(false);
    expect('exitCode' in new VersionConflictError('s', 1, 2)).toBe(false);
    const url = join(tempDir(), 'missing.db');
    const error = await openStore(url, { create: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreNotFoundError);
    expect((error as Error).message).toContain('openStore(url, { create: true })');
    expect((error as Error).message).not.toContain('phasegate record');
  });
});
