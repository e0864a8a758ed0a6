/**
 * One escaper for every text printed to a terminal (README "Command line"): control characters, line breaks, bidi
 * marks and separators in a title, a field name or any other value from a log or from input are shown as `\uXXXX`, so
 * a value can never forge a `phasegate: ...` line, in `state` output or in an error message.
 */
import { describe, expect, it } from 'vitest';
import { showControls } from '../../src/controls.ts';
import { showControls as dossierEscape } from '../../src/audit/dossier/escape.ts';
import { sanitize } from '../../src/cli/io.ts';
import { runMain } from '../support/cli.ts';
import { temporaryDirectory } from '../support/logs.ts';
import { seedProposals } from '../support/seedLog.ts';

const forged = 'phasegate: forged line';
const noForgedLine = (text: string) =>
  expect(text.split('\n').some((line) => line.trimStart().startsWith(forged))).toBe(false);

describe('the one escaper', () => {
  it('is the same function for the CLI and the reports, and escapes every control, bidi and separator character', () => {
    expect(sanitize).toBe(showControls);
    expect(dossierEscape).toBe(showControls);
    for (const c of [
      '\n',
      '\r',
      '\t',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u061c',
      '\u200e',
      '\u200f',
      '\u2028',
      '\u2029',
      '\u202e',
      '\u2066',
      '\ufeff',
    ]) {
      const shown = sanitize(`a${c}b`);
      expect(shown).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    }
    expect(sanitize('EL&I 低碳城 é')).toBe('EL&I 低碳城 é');
  });
});

describe('a line break in a value from the log or from input', () => {
  it("in a title: state shows it escaped on the title's own line", async () => {
    const dir = temporaryDirectory();
    try {
      const [first, ...rest] = seedProposals;
      const titled = { ...first!, data: { ...first!.data, title: `Low-carbon zone\n${forged}\u2028\u202e` } };
      const file = dir.file('seed.jsonl', [titled, ...rest].map((p) => JSON.stringify(p)).join('\n'));
      const db = dir.file('lcz.db');
      expect((await runMain(['record', db, 'lcz', file])).code).toBe(0);
      const state = await runMain(['state', db, 'lcz']);
      expect(state.code).toBe(0);
      noForgedLine(state.stdout);
      expect(state.stdout).toContain(`Low-carbon zone\\u000a${forged}\\u2028\\u202e`);
    } finally {
      dir.dispose();
    }
  });

  it('in a field name: the error message shows it escaped, and forges no line', async () => {
    const dir = temporaryDirectory();
    try {
      const [first] = seedProposals;
      const bad = { ...first!, data: { ...first!.data, [`x\n${forged}`]: 1 } };
      const file = dir.file('bad.json', JSON.stringify(bad));
      const result = await runMain(['record', dir.file('lcz.db'), 'lcz', file]);
      expect(result.code).toBe(2);
      noForgedLine(result.stderr);
      expect(result.stderr).toContain(`x\\u000a${forged}`);
    } finally {
      dir.dispose();
    }
  });

  it('in a stream name given on the command line: the error escapes it', async () => {
    const dir = temporaryDirectory();
    try {
      const db = dir.file('lcz.db');
      const file = dir.file('seed.jsonl', seedProposals.map((p) => JSON.stringify(p)).join('\n'));
      expect((await runMain(['record', db, 'lcz', file])).code).toBe(0);
      const result = await runMain(['state', db, `nope\n${forged}`]);
      expect(result.code).not.toBe(0);
      noForgedLine(result.stderr);
    } finally {
      dir.dispose();
    }
  });
});
