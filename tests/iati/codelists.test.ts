import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeName, codeProblem, codelistItem, isActiveCode } from '../../src/iati/codelists.ts';
import { iatiSchema } from './iatiSupport.ts';

/** The published codelists beside the schema (`../shared/iati-2.03/codelists`; a missing folder fails, never skips). */
const shared = join(dirname(iatiSchema), 'codelists');

describe('IATI 2.03 codelists', () => {
  it('knows active codes, withdrawn codes and codes that are in no list', () => {
    expect(isActiveCode('Sector', '43030')).toBe(true);
    expect(isActiveCode('Sector', 43030)).toBe(true);
    expect(codeProblem('Sector', '12345')).toBe(
      '"12345" is not a code of the IATI Sector codelist (DAC 5 Digit Sector)',
    );
    expect(codeProblem('Language', 'zh-Hans')).toBe('"zh-Hans" is not a code of the IATI Language codelist');
    expect(codeProblem('Language', 'zh')).toBeNull();
    const withdrawn = codelistItem('Currency', 'EEK');
    expect(withdrawn?.status).toBe('withdrawn');
    expect(codeProblem('Currency', 'EEK')).toMatch(/withdrawn from the IATI Currency codelist/);
  });

  it('names codes in words', () => {
    expect(codeName('TransactionType', 11)).toBe('Incoming Commitment');
    expect(codeName('TransactionType', '1')).toBe('Incoming Funds');
    expect(codeName('OrganisationRole', 4)).toBe('Implementing');
    expect(codeName('DocumentCategory', 'A09')).toMatch(/^Memorandum of understanding/);
    expect(codeName('Sector', '99999')).toBe('99999');
  });

  it('matches what the generator makes from the published lists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phasegate-codelists-'));
    try {
      const committed = readFileSync(new URL('../../src/iati/codelists.json', import.meta.url), 'utf8');
      execFileSync('npx', ['tsx', 'scripts/generateCodelists.ts', shared, join(dir, 'out.json')], {
        stdio: 'pipe',
      });
      expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(committed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
