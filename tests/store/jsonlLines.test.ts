import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachJsonlLine } from '../../src/store/jsonlLines.ts';

const dir = mkdtempSync(join(tmpdir(), 'phasegate-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const chunk = 1 << 20; // the reader's chunk size

/** Reads `text` back through the reader: each line's text, number, offset and whether a newline ended it. */
async function linesOf(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const seen: { text: string; lineNo: number; offset: number; terminated: boolean }[] = [];
  await forEachJsonlLine(path, (line) =>
    seen.push({
      text: line.bytes.toString('utf8'),
      lineNo: line.lineNo,
      offset: line.offset,
      terminated: line.terminated,
    }),
  );
  return seen;
}

/** What the reader must give for `text`: split at each newline, offsets in bytes. */
function expected(text: string) {
  const parts = text.split('\n');
  const last = parts.pop()!;
  const out: { text: string; lineNo: number; offset: number; terminated: boolean }[] = [];
  let offset = 0;
  for (const part of parts) {
    out.push({ text: part, lineNo: out.length + 1, offset, terminated: true });
    offset += Buffer.byteLength(part) + 1;
  }
  if (last !== '') out.push({ text: last, lineNo: out.length + 1, offset, terminated: false });
  return out;
}

describe('JSONL lines across chunks', () => {
  it('splits lines that straddle chunk ends, lines longer than a chunk and a torn tail, with their byte offsets', async () => {
    const lines = [
      'a'.repeat(chunk - 3), // ends just before the first chunk's end
      'straddles', // crosses into the second chunk
      'é'.repeat(chunk + 17), // two bytes a character: longer than a whole chunk, spans three
      '',
      'x'.repeat(2 * chunk - 37), // spans a chunk's end too
      'after',
    ];
    const text = `${lines.join('\n')}\n{"torn":`;
    expect(await linesOf('mixed.jsonl', text)).toEqual(expected(text));
  });

  it('reads a file whose last newline is the last byte of a chunk, and one of short lines over many chunks', async () => {
    const exact = `${'b'.repeat(chunk - 1)}\n${'c'.repeat(chunk - 1)}\n`;
    expect(await linesOf('exact.jsonl', exact)).toEqual(expected(exact));
    const short = Array.from({ length: 200_000 }, (_, i) => `{"n":${i}}`).join('\n');
    expect(await linesOf('short.jsonl', short)).toEqual(expected(short));
  });
});
